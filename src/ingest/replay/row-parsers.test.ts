import { describe, expect, it } from 'vitest';
import { parseTimeframe, type TimeframeSpec } from '../../model/timeframe.js';
import { isBinanceHeader, parseBinanceAggTradeRow, transactTimeToMs } from './binance-agg-trade-row.js';
import { parseNdjsonTickLine, TradeIdAssigner } from './ndjson-tick-line.js';
import { isOhlcHeader, parseOhlcRow } from './ohlc-bar-row.js';
import { checkTandemTickHeader, parseTandemTickRow } from './tandem-tick-row.js';

const reason = (r: { ok: boolean; error?: string }): string | undefined => (r.ok ? undefined : r.error);

describe('parseBinanceAggTradeRow', () => {
  const row = (over: Partial<Record<number, string>> = {}): string[] => {
    const f = ['26129', '42364.10', '0.005', '49780', '49780', '1704067200093', 'false'];
    for (const [i, v] of Object.entries(over)) f[Number(i)] = v!;
    return f;
  };

  it('turns a row into a tick of the given symbol and source', () => {
    const r = parseBinanceAggTradeRow(row({ 6: 'True' }), 'BTCUSDT', 'import');
    expect(r).toEqual({ ok: true, value: { symbol: 'BTCUSDT', ts: 1704067200093, price: 42364.1, qty: 0.005, tradeId: 26129, buyerMaker: true, source: 'import' } });
  });

  it('reads microsecond times (>= 1e14) as their millisecond', () => {
    expect(transactTimeToMs(1_704_067_200_093_456)).toBe(1_704_067_200_093);
    expect(transactTimeToMs(1_704_067_200_093)).toBe(1_704_067_200_093);
    const r = parseBinanceAggTradeRow(row({ 5: '1704067200093999' }), 'BTCUSDT', 'import');
    expect(r.ok && r.value.ts).toBe(1_704_067_200_093);
  });

  it.each([
    [{ 1: '12,5' }, "price is not a number ('12,5')"],
    [{ 1: '0' }, "price must be > 0 ('0')"],
    [{ 2: '-1' }, "quantity must be > 0 ('-1')"],
    [{ 0: 'x1' }, "agg_trade_id is not a non-negative integer ('x1')"],
    [{ 4: '49779' }, 'last_trade_id 49779 is before first_trade_id 49780'],
    [{ 5: '17040672000930000' }, "transact_time is larger than 2^53 - 1 ('17040672000930000')"],
    [{ 5: '0' }, "transact_time is neither epoch ms nor µs ('0')"],
    [{ 6: 'maybe' }, "is_buyer_maker is not true or false ('maybe')"],
  ])('rejects a bad field %j with its reason', (over, why) => {
    expect(reason(parseBinanceAggTradeRow(row(over), 'BTCUSDT', 'import'))).toBe(why);
  });

  it('rejects a row with the wrong number of columns', () => {
    expect(reason(parseBinanceAggTradeRow(['1', '2'], 'BTCUSDT', 'import'))).toMatch(/expected 7 columns .* got 2/);
  });

  it('recognises the optional header', () => {
    expect(isBinanceHeader(['agg_trade_id', 'price'])).toBe(true);
    expect(isBinanceHeader(row())).toBe(false);
  });
});

describe('parseTandemTickRow', () => {
  it('reads ISO-8601 UTC and epoch-ms times alike', () => {
    const iso = parseTandemTickRow(['BTCUSDT', '2026-11-24T03:21:56.123Z', '97000.5', '0.01', '7', 'false'], 'replay');
    const ms = parseTandemTickRow(['btcusdt', String(Date.UTC(2026, 10, 24, 3, 21, 56, 123)), '97000.5', '0.01', '7', 'false'], 'replay');
    expect(iso).toEqual(ms);
    expect(iso.ok && iso.value).toMatchObject({ symbol: 'BTCUSDT', ts: Date.UTC(2026, 10, 24, 3, 21, 56, 123), tradeId: 7, source: 'replay' });
  });

  it('names the bad field', () => {
    expect(reason(parseTandemTickRow(['BTC/USDT', '1', '1', '1', '1', 'true'], 'replay'))).toMatch(/symbol 'BTC\/USDT'/);
    expect(reason(parseTandemTickRow(['BTCUSDT', '1', '1', 'lots', '1', 'true'], 'replay'))).toBe("qty is not a number ('lots')");
  });

  it('checks the header', () => {
    expect(checkTandemTickHeader(['symbol', 'ts', 'price', 'qty', 'trade_id', 'buyer_maker'])).toBeNull();
    expect(checkTandemTickHeader(['symbol', 'time', 'price'])).toMatch(/header must be symbol,ts,price,qty,trade_id,buyer_maker/);
  });
});

describe('parseNdjsonTickLine', () => {
  it('reads numbers or decimal strings, epoch ms or ISO ts, optional tradeId and buyerMaker', () => {
    expect(parseNdjsonTickLine('{"symbol":"ethusdt","ts":1000,"price":"2500.5","qty":2}')).toEqual({
      ok: true,
      value: { symbol: 'ETHUSDT', ts: 1000, price: 2500.5, qty: 2, tradeId: null, buyerMaker: false },
    });
    const r = parseNdjsonTickLine('{"symbol":"ETHUSDT","ts":"1970-01-01T00:00:01Z","price":1,"qty":1,"tradeId":9,"buyerMaker":true}');
    expect(r.ok && r.value).toMatchObject({ ts: 1000, tradeId: 9, buyerMaker: true });
  });

  it.each([
    ['{"symbol":"A1","ts":1,"price":1', /not valid JSON/],
    ['[1,2]', /not a JSON object/],
    ['{"ts":1,"price":1,"qty":1}', /symbol is missing/],
    ['{"symbol":"BTCUSDT","price":1,"qty":1}', /ts is missing/],
    ['{"symbol":"BTCUSDT","ts":1.5,"price":1,"qty":1}', /ts is not a positive integer/],
    ['{"symbol":"BTCUSDT","ts":1,"price":"12,5","qty":1}', /price is not a number \('12,5'\)/],
    ['{"symbol":"BTCUSDT","ts":1,"price":1,"qty":0}', /qty must be > 0/],
    ['{"symbol":"BTCUSDT","ts":1,"price":1,"qty":1,"tradeId":-2}', /tradeId is not a non-negative integer/],
    ['{"symbol":"BTCUSDT","ts":1,"price":1,"qty":1,"buyerMaker":"yes"}', /buyerMaker is not true or false/],
  ])('rejects %s', (line, why) => {
    expect(reason(parseNdjsonTickLine(line))).toMatch(why);
  });
});

describe('TradeIdAssigner', () => {
  it('numbers trades of one symbol and millisecond ts·1000 + n, in line order, wherever they are in the file', () => {
    const a = new TradeIdAssigner();
    const ids = [['A', 5], ['A', 5], ['B', 5], ['A', 6], ['A', 5]].map(([s, t]) => a.assign(s as string, t as number));
    expect(ids.map((r) => r.ok && r.value)).toEqual([5000, 5001, 5000, 6000, 5002]);
  });

  it('refuses a 1001st trade in one millisecond rather than collide with the next', () => {
    const a = new TradeIdAssigner();
    for (let i = 0; i < 1000; i++) a.assign('A', 1);
    expect(a.assign('A', 1).ok).toBe(false);
  });
});

describe('parseOhlcRow', () => {
  const tf = (label: string): TimeframeSpec => {
    const r = parseTimeframe(label);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('reads ISO, epoch seconds and epoch ms timestamps alike', () => {
    const want = { ok: true, value: { start: 1_700_000_040_000, open: 1, high: 3, low: 0.5, close: 2, volume: 10 } };
    expect(parseOhlcRow(['2023-11-14T22:14:00Z', '1', '3', '0.5', '2', '10'], tf('1m'))).toEqual(want);
    expect(parseOhlcRow(['1700000040', '1', '3', '0.5', '2', '10'], tf('1m'))).toEqual(want);
    expect(parseOhlcRow(['1700000040000', '1', '3', '0.5', '2', '10'], tf('1m'))).toEqual(want);
  });

  it.each([
    [['1700000041', '1', '3', '0.5', '2', '10'], /not at the start of a 1m bar/],
    [['1700000040', '1', '1.5', '0.5', '2', '10'], /high 1.5 is below max\(open, close\) 2/],
    [['1700000040', '1', '3', '1.5', '2', '10'], /low 1.5 is above min\(open, close\) 1/],
    [['1700000040', '1', '3', '0.5', '2', '-1'], /volume must be >= 0/],
    [['1700000040', '1', '3', '0.5', '2'], /expected 6 columns/],
  ])('rejects %j', (fields, why) => {
    expect(reason(parseOhlcRow(fields, tf('1m')))).toMatch(why);
  });

  it('recognises a header', () => {
    expect(isOhlcHeader(['timestamp', 'open'])).toBe(true);
    expect(isOhlcHeader(['1700000040', '1'])).toBe(false);
  });
});
