import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochMs, price, qty } from '../core/brand.js';
import type { Bar } from '../model/bar.js';
import type { Timeframe } from '../model/timeframe.js';
import { bucketWidth, downsampleBars, downsampleColumns } from './downsample.js';

const TF = 1000;

/** Bars at increasing 1 s starts (with gaps), each with a consistent OHLC. */
const bars = fc
  .array(fc.record({ gap: fc.integer({ min: 1, max: 30 }), o: fc.double({ min: 1, max: 100, noNaN: true }), c: fc.double({ min: 1, max: 100, noNaN: true }), up: fc.double({ min: 0, max: 5, noNaN: true }), down: fc.double({ min: 0, max: 0.9, noNaN: true }), v: fc.double({ min: 0, max: 10, noNaN: true }), t: fc.integer({ min: 0, max: 50 }) }), { minLength: 1, maxLength: 400 })
  .map((rows) => {
    let start = 1_700_000_000_000;
    return rows.map((r): Bar => {
      start += r.gap * TF;
      const high = Math.max(r.o, r.c) + r.up;
      const low = Math.min(r.o, r.c) * (1 - r.down);
      return { symbol: 'BTCUSDT', tf: '1s' as Timeframe, start: epochMs(start), open: price(r.o), high: price(high), low: price(low), close: price(r.c), volume: qty(r.v), vwap: price((high + low) / 2), trades: r.t };
    });
  });

describe('downsampleBars', () => {
  it('keeps every bucket within maxPoints, and each bucket has the open, high, low, close, volume and trades of its bars', () => {
    fc.assert(
      fc.property(bars, fc.integer({ min: 2, max: 500 }), (bs, maxPoints) => {
        const w = bucketWidth(TF, bs[0]!.start, bs[bs.length - 1]!.start, maxPoints);
        expect(w % TF).toBe(0);
        const out = downsampleBars(bs, w);
        expect(out.length).toBeLessThanOrEqual(maxPoints);
        for (const b of out) {
          const inside = bs.filter((x) => x.start >= b.start && x.start < b.start + w);
          expect(inside.length).toBeGreaterThan(0);
          expect(b.start % w).toBe(0);
          expect(b.open).toBe(inside[0]!.open);
          expect(b.close).toBe(inside[inside.length - 1]!.close);
          expect(b.high).toBe(Math.max(...inside.map((x) => x.high)));
          expect(b.low).toBe(Math.min(...inside.map((x) => x.low)));
          expect(b.trades).toBe(inside.reduce((s, x) => s + x.trades, 0));
          expect(b.volume).toBeCloseTo(inside.reduce((s, x) => s + x.volume, 0), 9);
        }
        expect(out.reduce((s, b) => s + b.trades, 0)).toBe(bs.reduce((s, b) => s + b.trades, 0));
        expect(Math.max(...out.map((b) => b.high))).toBe(Math.max(...bs.map((b) => b.high)));
        expect(Math.min(...out.map((b) => b.low))).toBe(Math.min(...bs.map((b) => b.low)));
      }),
      { numRuns: 300 },
    );
  });

  it('picks the narrowest width that fits, and the timeframe itself when the range fits already', () => {
    expect(bucketWidth(TF, 0, 999_000, 1000)).toBe(TF);
    expect(bucketWidth(TF, 0, 1_000_000, 1000)).toBe(2 * TF);
    // A week of 1 s bars on 1,500 pixels: 404 s buckets (1,498 of them).
    const w = bucketWidth(TF, 0, 604_799_000, 1500);
    expect(w).toBe(404_000);
    // One second narrower would need 1,501 buckets.
    expect(Math.floor(604_799_000 / (w - TF)) + 1).toBe(1501);
    expect(() => bucketWidth(TF, 0, 1, 0)).toThrow(/maxPoints/);
  });
});

describe('downsampleColumns', () => {
  it('keeps the last value and the lowest and highest of each bucket, NaN skipped', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(Number.NaN))), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 20 }), (rows, k) => {
        let t = 0;
        const ts = rows.map(([g]) => (t += (g + 1) * TF));
        const v = Float64Array.from(rows.map(([, x]) => x));
        const w = k * TF;
        const d = downsampleColumns(ts, { v }, w);
        d.ts.forEach((start, b) => {
          const idx = ts.flatMap((x, i) => (x >= start && x < start + w ? [i] : []));
          const vals = idx.map((i) => v[i]!).filter((x) => !Number.isNaN(x));
          expect(Object.is(d.last['v']![b], v[idx[idx.length - 1]!])).toBe(true);
          expect(d.lastRow[b]).toBe(idx[idx.length - 1]);
          if (vals.length === 0) expect(Number.isNaN(d.min['v']![b]!) && Number.isNaN(d.max['v']![b]!)).toBe(true);
          else {
            expect(d.min['v']![b]).toBe(Math.min(...vals));
            expect(d.max['v']![b]).toBe(Math.max(...vals));
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
