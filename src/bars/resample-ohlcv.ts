/**
 * Batch resampling of ticks into OHLCV bars: the `resample_ohlcv` op of COMPUTE.md and the
 * reference the incremental `BarAggregator` is tested against.
 * @module
 */

import { TandemError } from '../core/tandem-error.js';

/** Bars as columns, one element per non-empty bucket, in time order. */
export interface OhlcvColumns {
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly vwap: Float64Array;
  readonly count: Float64Array;
}

/**
 * Buckets ticks into bars of `intervalMs`, epoch-aligned, left-closed and left-labelled (pandas
 * `resample(interval, label='left', closed='left')`). open/close are the first/last tick of
 * the bucket in input order, high/low its max/min price, volume Σqty, vwap Σ(p·q)/Σq, count
 * the number of ticks. Empty buckets are omitted.
 *
 * @throws TandemError `invalid_input` on a length mismatch, a decreasing or non-integer `ts`,
 *   a non-finite price or a `qty` that is not > 0, naming the first offending index.
 * @example resampleOhlcv(Float64Array.of(0, 500, 1000), Float64Array.of(1, 3, 2), Float64Array.of(1, 1, 1), 1000)
 *   // ts [0, 1000], open [1, 2], high [3, 2], close [3, 2], count [2, 1]
 */
export function resampleOhlcv(ts: ArrayLike<number>, price: ArrayLike<number>, qty: ArrayLike<number>, intervalMs: number): OhlcvColumns {
  const n = ts.length;
  if (price.length !== n || qty.length !== n) {
    throw new TandemError('invalid_input', `resampleOhlcv: ts, price and qty must have equal lengths (got ${n}, ${price.length}, ${qty.length})`);
  }
  if (!Number.isInteger(intervalMs) || intervalMs <= 0) {
    throw new TandemError('invalid_input', `resampleOhlcv: interval must be a positive integer of ms (got ${intervalMs})`);
  }
  // Pass 1 validates and counts the bars, so pass 2 writes into arrays of the exact size.
  let bars = 0;
  let bucket = Number.NaN;
  let prevTs = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    const p = price[i]!;
    const q = qty[i]!;
    if (!Number.isInteger(t)) throw new TandemError('invalid_input', `resampleOhlcv: ts[${i}] is not an integer of ms (${t})`);
    if (t < prevTs) throw new TandemError('invalid_input', `resampleOhlcv: ts decreases at index ${i} (${prevTs} then ${t})`);
    if (!Number.isFinite(p)) throw new TandemError('invalid_input', `resampleOhlcv: price[${i}] is not a finite number (${p})`);
    if (!(q > 0) || !Number.isFinite(q)) throw new TandemError('invalid_input', `resampleOhlcv: qty[${i}] must be > 0 (${q})`);
    prevTs = t;
    const s = Math.floor(t / intervalMs) * intervalMs;
    if (s !== bucket) {
      bars++;
      bucket = s;
    }
  }
  const start = new Float64Array(bars);
  const open = new Float64Array(bars);
  const high = new Float64Array(bars);
  const low = new Float64Array(bars);
  const close = new Float64Array(bars);
  const volume = new Float64Array(bars);
  const vwap = new Float64Array(bars);
  const count = new Float64Array(bars);
  let b = -1;
  let pv = 0;
  bucket = Number.NaN;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    const p = price[i]!;
    const q = qty[i]!;
    const s = Math.floor(t / intervalMs) * intervalMs;
    if (s !== bucket) {
      if (b >= 0) vwap[b] = pv / volume[b]!;
      b++;
      bucket = s;
      start[b] = s;
      open[b] = p;
      high[b] = p;
      low[b] = p;
      pv = 0;
    } else {
      if (p > high[b]!) high[b] = p;
      if (p < low[b]!) low[b] = p;
    }
    close[b] = p;
    volume[b]! += q;
    pv += p * q;
    count[b]! += 1;
  }
  if (b >= 0) vwap[b] = pv / volume[b]!;
  return { ts: start, open, high, low, close, volume, vwap, count };
}
