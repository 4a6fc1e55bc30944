import { describe, expect, it } from 'vitest';
import type { Bar } from '../model/bar.js';
import type { EpochMs, Price, Qty } from '../core/brand.js';
import type { Timeframe } from '../model/timeframe.js';
import { ohlcvBars } from './ohlcv-bars.js';
import { resampleBars } from './resample-bars.js';
import { resampleOhlcv } from './resample-ohlcv.js';

const columnsToBars = (c: ReturnType<typeof resampleOhlcv>, tf: string): Bar[] => ohlcvBars(c, 'BTCUSDT', tf as Timeframe);

describe('resampleBars', () => {
  it('resampling 1m bars to 5m equals resampling the ticks behind them to 5m', () => {
    // A frozen pseudo-random tape over 23 minutes with a quiet minute: every field but vwap exact, vwap to 1e-9.
    const ts: number[] = [];
    const price: number[] = [];
    const qty: number[] = [];
    let x = 7;
    for (let t = 30_000; t < 23 * 60_000; t += 1 + (x % 2000)) {
      x = (x * 1103515245 + 12345) % 2147483648;
      if (t >= 7 * 60_000 && t < 8 * 60_000) continue;
      ts.push(t);
      price.push(100 + (x % 1000) / 100);
      qty.push(0.001 + (x % 97) / 10);
    }
    const ones = columnsToBars(resampleOhlcv(ts, price, qty, 60_000), '1m');
    const expected = columnsToBars(resampleOhlcv(ts, price, qty, 300_000), '5m');
    const got = resampleBars(ones, 300_000, '5m' as Timeframe);
    expect(got.length).toBe(expected.length);
    got.forEach((b, i) => {
      const e = expected[i]!;
      expect({ ...b, vwap: 0, volume: 0 }).toEqual({ ...e, vwap: 0, volume: 0 });
      expect(b.volume).toBeCloseTo(e.volume, 9);
      expect(b.vwap).toBeCloseTo(e.vwap, 9);
    });
  });

  it('gives nothing for no bars and refuses decreasing starts', () => {
    expect(resampleBars([], 300_000, '5m' as Timeframe)).toEqual([]);
    const b = (start: number): Bar => ({ symbol: 'X', tf: '1m' as Timeframe, start: start as EpochMs, open: 1 as Price, high: 1 as Price, low: 1 as Price, close: 1 as Price, volume: 1 as Qty, vwap: 1 as Price, trades: 1 });
    expect(() => resampleBars([b(60_000), b(0)], 300_000, '5m' as Timeframe)).toThrow(/start decreases at index 1/);
  });
});
