import { describe, expect, it } from 'vitest';
import type { Timeframe } from '../../model/timeframe.js';
import { klineWeight, parseKlineRow } from './parse-kline.js';

const TF = '1m' as Timeframe;
// A real row of GET /fapi/v1/klines (BTCUSDT, 1m), Binance's 12 columns.
const ROW = [1_700_000_040_000, '37012.50', '37020.00', '37001.10', '37015.30', '12.345', 1_700_000_099_999, '456953.1234', 321, '6.000', '222100.00', '0'];

describe('klineWeight', () => {
  it("follows Binance's table: 1-99 → 1, 100-499 → 2, 500-1000 → 5, above → 10", () => {
    expect([1, 99, 100, 499, 500, 1000, 1001, 1500].map(klineWeight)).toEqual([1, 1, 2, 2, 5, 5, 10, 10]);
  });
});

describe('parseKlineRow', () => {
  it('reads the 12-column row as a 1m bar with vwap = quote volume / volume', () => {
    const r = parseKlineRow(ROW, 'BTCUSDT', TF);
    expect(r).toEqual({
      ok: true,
      value: { symbol: 'BTCUSDT', tf: '1m', start: 1_700_000_040_000, open: 37012.5, high: 37020, low: 37001.1, close: 37015.3, volume: 12.345, vwap: 456953.1234 / 12.345, trades: 321 },
    });
  });

  it('gives null for a minute without trades, as bars from ticks have no empty buckets', () => {
    expect(parseKlineRow([1_700_000_040_000, '1', '1', '1', '1', '0', 1_700_000_099_999, '0', 0, '0', '0', '0'], 'BTCUSDT', TF)).toEqual({ ok: true, value: null });
  });

  it('names the bad field of a malformed row', () => {
    const bad = parseKlineRow([1_700_000_040_000, '37012.50', 'x', '1', '1', '1', 0, '1', 1], 'BTCUSDT', TF);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toBe('kline of BTCUSDT at 1700000040000: high is not a number');
    const short = parseKlineRow([1, '2'], 'BTCUSDT', TF);
    if (!short.ok) expect(short.error.message).toMatch(/^kline of BTCUSDT is not an array of at least 9 columns/);
    expect(short.ok).toBe(false);
  });
});
