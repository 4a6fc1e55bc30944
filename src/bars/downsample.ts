/**
 * Long ranges at screen resolution: a week of 1 s bars is 604,800 points, a chart is ~1,500
 * pixels wide. `bucketWidth` picks the narrowest whole multiple of the timeframe whose
 * epoch-aligned buckets cover a range in at most `maxPoints`; `downsampleBars` turns bars into
 * the OHLC of those buckets (open first, high the highest, low the lowest, close last, volume
 * and trades summed, vwap volume-weighted), so a spike is never lost; `downsampleColumns` keeps,
 * per bucket, the last value of each column and its lowest and highest (the envelope a line
 * chart draws). Pure: arrays in, arrays out.
 * @module
 */

import { epochMs, price, qty } from '../core/brand.js';
import type { Bar } from '../model/bar.js';

/** Aligned buckets of width `w` that hold both `first` and `last`. */
const bucketsSpanned = (first: number, last: number, w: number): number => Math.floor(last / w) - Math.floor(first / w) + 1;

/**
 * The narrowest multiple of `tfMs` whose epoch-aligned buckets cover `[first, last]` (bar
 * starts) in at most `maxPoints` buckets; `tfMs` itself when the range already fits.
 */
export function bucketWidth(tfMs: number, first: number, last: number, maxPoints: number): number {
  if (!(maxPoints >= 1)) throw new RangeError(`maxPoints must be at least 1 (${maxPoints})`);
  if (!(last >= first)) return tfMs;
  let k = Math.max(1, Math.floor((last - first) / tfMs / maxPoints));
  while (bucketsSpanned(first, last, k * tfMs) > maxPoints) k++;
  return k * tfMs;
}

/**
 * Bars fed oldest first, in as many pushes as the reader likes, out as the OHLC of `widthMs`
 * buckets; only the bucket being filled is held.
 */
export class BarDownsampler {
  private readonly out: Bar[] = [];
  private cur: { start: number; first: Bar; last: Bar; high: number; low: number; volume: number; pv: number; trades: number } | null = null;

  constructor(readonly widthMs: number) {}

  push(bars: readonly Bar[]): void {
    for (const b of bars) {
      const start = Math.floor(b.start / this.widthMs) * this.widthMs;
      const c = this.cur;
      if (c === null || c.start !== start) {
        this.flush();
        this.cur = { start, first: b, last: b, high: b.high, low: b.low, volume: b.volume, pv: b.vwap * b.volume, trades: b.trades };
        continue;
      }
      if (b.high > c.high) c.high = b.high;
      if (b.low < c.low) c.low = b.low;
      c.volume += b.volume;
      c.pv += b.vwap * b.volume;
      c.trades += b.trades;
      c.last = b;
    }
  }

  /** The buckets so far, the one being filled included; call once, after the last push. */
  finish(): Bar[] {
    this.flush();
    return this.out;
  }

  private flush(): void {
    const c = this.cur;
    if (c === null) return;
    this.out.push({ symbol: c.first.symbol, tf: c.first.tf, start: epochMs(c.start), open: c.first.open, high: price(c.high), low: price(c.low), close: c.last.close, volume: qty(c.volume), vwap: price(c.volume > 0 ? c.pv / c.volume : c.last.close), trades: c.trades });
    this.cur = null;
  }
}

/** Bars (oldest first, all of one symbol and timeframe) as the OHLC of `widthMs` buckets. */
export function downsampleBars(bars: readonly Bar[], widthMs: number): Bar[] {
  const d = new BarDownsampler(widthMs);
  d.push(bars);
  return d.finish();
}

export interface DownsampledColumns {
  /** Bucket starts. */
  readonly ts: Float64Array;
  /** Per column: the bucket's last value, lowest and highest (NaN values skipped; NaN when all are). */
  readonly last: Readonly<Record<string, Float64Array>>;
  readonly min: Readonly<Record<string, Float64Array>>;
  readonly max: Readonly<Record<string, Float64Array>>;
  /** Index of each bucket's last row in the input, to thin columns of other kinds alike. */
  readonly lastRow: Uint32Array;
}

/** Columns sampled at `ts` (ascending) reduced to `widthMs` buckets. */
export function downsampleColumns(ts: ArrayLike<number>, cols: Readonly<Record<string, ArrayLike<number>>>, widthMs: number): DownsampledColumns {
  const n = ts.length;
  const starts: number[] = [];
  const lastRow: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = Math.floor(ts[i]! / widthMs) * widthMs;
    if (starts.length === 0 || starts[starts.length - 1] !== b) {
      starts.push(b);
      lastRow.push(i);
    } else lastRow[lastRow.length - 1] = i;
  }
  const m = starts.length;
  const last: Record<string, Float64Array> = {};
  const min: Record<string, Float64Array> = {};
  const max: Record<string, Float64Array> = {};
  for (const [name, col] of Object.entries(cols)) {
    const l = new Float64Array(m);
    const lo = new Float64Array(m).fill(Number.NaN);
    const hi = new Float64Array(m).fill(Number.NaN);
    let row = 0;
    for (let k = 0; k < m; k++) {
      const endRow = lastRow[k]!;
      for (; row <= endRow; row++) {
        const v = col[row]!;
        if (Number.isNaN(v)) continue;
        if (!(v >= lo[k]!)) lo[k] = v;
        if (!(v <= hi[k]!)) hi[k] = v;
      }
      l[k] = col[endRow]!;
    }
    last[name] = l;
    min[name] = lo;
    max[name] = hi;
  }
  return { ts: Float64Array.from(starts), last, min, max, lastRow: Uint32Array.from(lastRow) };
}
