import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseTimeframe, type TimeframeSpec } from '../../model/timeframe.js';
import { loadOhlcFile } from './load-ohlc-file.js';
import { BINANCE_KLINE_COLUMNS } from './ohlc-bar-row.js';
import { InvalidFileError } from './tick-file-format.js';

/** Feeds `bytes` in chunks of `size`, as a file stream would, splitting lines anywhere. */
async function* chunks(bytes: Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
const text = (s: string): AsyncGenerator<Uint8Array> => chunks(Buffer.from(s, 'utf8'));
const tf = (label: string): TimeframeSpec => {
  const r = parseTimeframe(label);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

async function rejection(p: Promise<unknown>): Promise<InvalidFileError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InvalidFileError) return e;
    throw e;
  }
  throw new Error('expected the file to be rejected');
}

const T0 = Date.UTC(2024, 0, 1);
/** Binance kline rows of 1m bars from T0, times in ms or µs; the i-th bar has i + 1 trades. */
function klines(n: number, unit: 'ms' | 'us' = 'ms', spacing = 60_000, span = spacing): string[] {
  const k = unit === 'us' ? 1000 : 1;
  return Array.from({ length: n }, (_, i) => {
    const open = T0 + i * spacing;
    const o = 100 + i;
    return [open * k, o, o + 2, o - 1, o + 1, '2.5', (open + span) * k - 1, (2.5 * (o + 0.5)).toFixed(4), i + 1, '1.2', '120.6', '0'].join(',');
  });
}

describe('loadOhlcFile on Binance kline dumps', () => {
  it('reads a header-less dump by its content: 12 numeric columns', async () => {
    const bars = await loadOhlcFile(text(klines(3).join('\n') + '\n'), { symbol: 'BTCUSDT', tf: tf('1m') });
    expect(bars.map((b) => [b.start, b.open, b.high, b.low, b.close, b.volume, b.trades])).toEqual([
      [T0, 100, 102, 99, 101, 2.5, 1],
      [T0 + 60_000, 101, 103, 100, 102, 2.5, 2],
      [T0 + 120_000, 102, 104, 101, 103, 2.5, 3],
    ]);
    expect(bars.map((b) => b.vwap)).toEqual([100.5, 101.5, 102.5]);
  });

  it('reads the same bars from a dump with its header and µs times', async () => {
    const plain = await loadOhlcFile(text(klines(5).join('\n')), { symbol: 'BTCUSDT', tf: tf('1m') });
    const file = [BINANCE_KLINE_COLUMNS.join(','), ...klines(5, 'us')].join('\r\n') + '\r\n';
    expect(await loadOhlcFile(text(file), { symbol: 'BTCUSDT', tf: tf('1m') })).toEqual(plain);
  });

  it('reads a zip holding the csv, recognised by its magic bytes, as the csv itself', async () => {
    const csv = [BINANCE_KLINE_COLUMNS.join(','), ...klines(50, 'us')].join('\n');
    const zip = zipSync({ 'BTCUSDT-1m-2025-01.csv': strToU8(csv) });
    const fromZip = await loadOhlcFile(chunks(zip, 100), { symbol: 'BTCUSDT', tf: tf('1m') });
    expect(fromZip).toEqual(await loadOhlcFile(text(csv), { symbol: 'BTCUSDT', tf: tf('1m') }));
    expect(fromZip.length).toBe(50);
  });

  it('reports progress in compressed bytes read for a zip', async () => {
    const zip = zipSync({ 'x.csv': strToU8(klines(20).join('\n')) });
    let last = { bytesRead: 0, rowsRead: 0 };
    await loadOhlcFile(chunks(zip, 64), { symbol: 'BTCUSDT', tf: tf('1m') }, (p) => (last = p));
    expect(last).toEqual({ bytesRead: zip.byteLength, rowsRead: 20 });
  });

  it('rejects a zip of two files', async () => {
    const zip = zipSync({ 'a.csv': strToU8(klines(2).join('\n')), 'b.csv': strToU8(klines(2).join('\n')) });
    expect((await rejection(loadOhlcFile(chunks(zip), { symbol: 'BTCUSDT', tf: tf('1m') }))).message).toMatch(/more than one file/);
  });

  it('rejects a 1m dump imported as 5m on every row, from close_time', async () => {
    const e = await rejection(loadOhlcFile(text(klines(4).join('\n')), { symbol: 'BTCUSDT', tf: tf('5m'), name: 'BTCUSDT-1m-2024-01.csv' }));
    expect(e.message).toMatch(/^BTCUSDT-1m-2024-01.csv: 4 bad rows, nothing was written/);
    expect(e.rows.map((r) => r.row)).toEqual([1, 2, 3, 4]);
    expect(e.rows[0]!.reason).toMatch(/close_time says the bar lasts 1m, not 5m/);
  });

  it('names the row whose start is off the boundary', async () => {
    const rows = klines(3);
    const f = rows[1]!.split(',');
    f[0] = String(Number(f[0]) + 1000);
    f[6] = String(Number(f[6]) + 1000);
    rows[1] = f.join(',');
    const e = await rejection(loadOhlcFile(text(rows.join('\n')), { symbol: 'BTCUSDT', tf: tf('1m') }));
    expect(e.rows).toEqual([{ row: 2, reason: 'timestamp 2024-01-01T00:01:01.000Z is not at the start of a 1m bar' }]);
  });
});

describe('loadOhlcFile on the plain format', () => {
  const realdata = (starts: number[]): string =>
    ['open_time,open,high,low,close,volume', ...starts.map((t) => `${new Date(t).toISOString().replace('T', ' ').replace('.000Z', '+00:00')},10,12,9,11,1.5`)].join('\n');

  it("reads the realdata files' open_time header and ISO times with a space and an offset", async () => {
    const bars = await loadOhlcFile(text(realdata([T0, T0 + 60_000])), { symbol: 'BTCUSDT', tf: tf('1m') });
    expect(bars.map((b) => [b.start, b.vwap, b.trades])).toEqual([
      [T0, (12 + 9 + 11) / 3, 0],
      [T0 + 60_000, (12 + 9 + 11) / 3, 0],
    ]);
  });

  it('names each bar of a 1m file imported as 5m from the spacing', async () => {
    const e = await rejection(loadOhlcFile(text(realdata([T0, T0 + 60_000, T0 + 120_000])), { symbol: 'BTCUSDT', tf: tf('5m') }));
    expect(e.rows).toEqual([
      { row: 3, reason: "timestamp 2024-01-01T00:01:00.000Z is not at the start of a 5m bar: it is 1m after row 2's, less than one bar; is the file of a shorter timeframe than 5m?" },
      { row: 4, reason: "timestamp 2024-01-01T00:02:00.000Z is not at the start of a 5m bar: it is 2m after row 2's, less than one bar; is the file of a shorter timeframe than 5m?" },
    ]);
  });

  it('names an impossible date by its row', async () => {
    const file = realdata([T0]) + '\n2024-02-30 00:00:00+00:00,10,12,9,11,1.5\n';
    const e = await rejection(loadOhlcFile(text(file), { symbol: 'BTCUSDT', tf: tf('1m') }));
    expect(e.rows).toEqual([{ row: 3, reason: expect.stringMatching(/^timestamp is neither ISO-8601 .*\('2024-02-30 00:00:00\+00:00'\)$/) as unknown as string }]);
  });
});
