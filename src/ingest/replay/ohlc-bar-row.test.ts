import { describe, expect, it } from 'vitest';
import { parseTimeframe, type TimeframeSpec } from '../../model/timeframe.js';
import { BINANCE_KLINE_COLUMNS, checkOhlcTimeframe, describeSpan, isOhlcHeader, parseOhlcFields, parseOhlcRow } from './ohlc-bar-row.js';

const tf = (label: string): TimeframeSpec => {
  const r = parseTimeframe(label);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const reason = (r: { ok: boolean; error?: string }): string | undefined => (r.ok ? undefined : r.error);

// The first row of data.binance.vision's spot/monthly/klines/BTCUSDT/1m/BTCUSDT-1m-2024-01.csv.
const KLINE_MS = ['1704067200000', '42283.58000000', '42298.62000000', '42283.57000000', '42298.61000000', '35.38758000', '1704067259999', '1496469.97519200', '1395', '23.46437000', '992323.30598700', '0'];
/** The same bar with its times in µs, as Binance writes spot dumps since 2025. */
const KLINE_US = KLINE_MS.map((f, i) => (i === 0 ? `${f}000` : i === 6 ? `${f}999` : f));
const kline = (over: Record<number, string>, base = KLINE_MS): string[] => base.map((f, i) => over[i] ?? f);

describe('parseOhlcRow on a Binance kline', () => {
  const want = {
    start: 1_704_067_200_000,
    open: 42283.58,
    high: 42298.62,
    low: 42283.57,
    close: 42298.61,
    volume: 35.38758,
    vwap: 1496469.975192 / 35.38758,
    trades: 1395,
    closeTime: 1_704_067_259_999,
  };

  it('reads epoch ms, with count as trades and quote_volume / volume as vwap', () => {
    expect(parseOhlcRow(KLINE_MS, tf('1m'))).toEqual({ ok: true, value: want });
  });

  it('reads epoch µs (at or above 1e14) as the same bar, truncated to the ms', () => {
    expect(parseOhlcRow(KLINE_US, tf('1m'))).toEqual({ ok: true, value: want });
  });

  it('leaves vwap to the typical-price rule when the bar has no volume', () => {
    const r = parseOhlcRow(kline({ 5: '0', 7: '0', 8: '0' }), tf('1m'));
    expect(r.ok && r.value.vwap).toBeUndefined();
    expect(r.ok && r.value.trades).toBe(0);
  });

  it('names a 1m kline imported as 5m from its close_time', () => {
    expect(reason(parseOhlcRow(KLINE_MS, tf('5m')))).toBe('close_time says the bar lasts 1m, not 5m: is the file of another timeframe than 5m?');
    expect(reason(parseOhlcRow(KLINE_US, tf('1s')))).toMatch(/close_time says the bar lasts 1m, not 1s/);
  });

  it.each([
    [{ 0: '1704067201000', 6: '1704067260999' }, /timestamp 2024-01-01T00:00:01.000Z is not at the start of a 1m bar/],
    [{ 6: '1704067199999' }, /close_time '1704067199999' is before open_time/],
    [{ 8: '13.5' }, /count must be a whole number >= 0 \('13.5'\)/],
    [{ 8: '-1' }, /count must be a whole number >= 0/],
    [{ 7: 'x' }, /quote_volume is not a number \('x'\)/],
    [{ 9: 'BTC' }, /taker_buy_volume is not a number \('BTC'\)/],
    [{ 10: '-3' }, /taker_buy_quote_volume must be >= 0/],
    [{ 5: '-2' }, /volume must be >= 0/],
    [{ 0: 'open_tim' }, /open_time is neither ISO-8601 .* nor epoch seconds, ms or µs \('open_tim'\)/],
    [{ 2: '42000' }, /high 42000 is below max\(open, close\) 42298.61/],
  ])('rejects a kline with %j', (over, why) => {
    expect(reason(parseOhlcRow(kline(over), tf('1m')))).toMatch(why);
  });

  it('rejects a row of 11 or 13 columns, naming the accepted shapes', () => {
    expect(reason(parseOhlcRow(KLINE_MS.slice(0, 11), tf('1m')))).toMatch(/expected 6 columns .* or 12 \(a Binance kline: open_time,open,.*,ignore\), got 11/);
    expect(reason(parseOhlcRow([...KLINE_MS, '0'], tf('1m')))).toMatch(/got 13/);
  });
});

describe('parseOhlcRow on the plain format', () => {
  it('reads ISO-8601 with a space and an offset, as the realdata files write it', () => {
    const r = parseOhlcRow(['2023-03-01 00:00:00+00:00', '23140.48', '23150.77', '23128.52', '23142.31', '2.131777'], tf('1m'));
    expect(r).toEqual({ ok: true, value: { start: Date.UTC(2023, 2, 1), open: 23140.48, high: 23150.77, low: 23128.52, close: 23142.31, volume: 2.131777 } });
    const east = parseOhlcRow(['2023-03-01 02:00:00+02:00', '1', '1', '1', '1', '0'], tf('1m'));
    expect(east.ok && east.value.start).toBe(Date.UTC(2023, 2, 1));
  });

  it('reads epoch µs in the plain format too', () => {
    const r = parseOhlcRow(['1704067200000000', '1', '2', '1', '2', '3'], tf('5m'));
    expect(r.ok && r.value.start).toBe(1_704_067_200_000);
  });

  it.each([
    ['2024-02-30 00:00:00+00:00', /timestamp is neither ISO-8601 .*\('2024-02-30 00:00:00\+00:00'\)/],
    ['2023-03-01 24:00:00+00:00', /timestamp is neither ISO-8601/],
    ['01/03/2023 00:00', /timestamp is neither ISO-8601/],
    ['2023-03-01 00:00:30+00:00', /timestamp 2023-03-01T00:00:30.000Z is not at the start of a 1m bar/],
  ])('rejects the time %s', (time, why) => {
    expect(reason(parseOhlcRow([time, '1', '1', '1', '1', '0'], tf('1m')))).toMatch(why);
  });
});

describe('checkOhlcTimeframe', () => {
  const bar = (start: number): ReturnType<typeof parseOhlcFields> => parseOhlcFields([String(start), '1', '1', '1', '1', '0']);

  it('names a bar closer than one bar to the previous one: a 1m file imported as 5m', () => {
    const r = bar(1_704_067_260_000);
    expect(r.ok && checkOhlcTimeframe(r.value, tf('5m'), { start: 1_704_067_200_000, row: 2 })).toBe(
      "timestamp 2024-01-01T00:01:00.000Z is not at the start of a 5m bar: it is 1m after row 2's, less than one bar; is the file of a shorter timeframe than 5m?",
    );
  });

  it('accepts bars on the boundary a whole number of bars apart (gaps allowed)', () => {
    const r = bar(1_704_067_200_000 + 15 * 60_000);
    expect(r.ok && checkOhlcTimeframe(r.value, tf('5m'), { start: 1_704_067_200_000, row: 2 })).toBeNull();
  });
});

describe('isOhlcHeader', () => {
  it.each([['timestamp'], ['time'], ['date'], ['datetime'], ['open_time'], ['Open_Time'], [' TIME ']])('recognises a header starting %s', (name) => {
    expect(isOhlcHeader([name, 'open'])).toBe(true);
  });

  it("recognises Binance's kline header and not its data rows", () => {
    expect(isOhlcHeader([...BINANCE_KLINE_COLUMNS])).toBe(true);
    expect(isOhlcHeader(KLINE_MS)).toBe(false);
    expect(isOhlcHeader(['2023-03-01 00:00:00+00:00', '1'])).toBe(false);
  });
});

describe('describeSpan', () => {
  it('names a span in its largest whole unit', () => {
    expect([3_600_000, 300_000, 90_000, 1000, 1500, 0].map(describeSpan)).toEqual(['1h', '5m', '90s', '1s', '1500ms', '0ms']);
  });
});
