/**
 * Rolling mean, sample standard deviation and z-score over a fixed window: the
 * `rolling_zscore` op of COMPUTE.md, as a batch function and as the incremental
 * `RollingZScore` the live engine feeds one bar at a time.
 *
 * Numerics: sums are kept about a center c (the window mean at the last re-anchoring),
 * S1 = Σ(x − c), S2 = Σ(x − c)², updated by one add and one remove per step. Each update also
 * adds its rounding bound ε·(d_in² + d_out² + |S2|) to a running error bound; the window is
 * re-anchored (c = its mean, sums recomputed exactly by two passes) every `window` steps and
 * whenever that bound exceeds 1e-10 of the centered sum S2 − S1²/w — e.g. when the level jumps
 * and the variance collapses — so the result keeps ~10 significant digits whatever the data,
 * and a level far from zero (prices near 1e9) costs none. var = (S2 − S1²/w)/(w − 1). A window
 * whose values are all equal (tracked by the run length of equal values) has std exactly 0, as
 * pandas ≥ 1.4.
 * @module
 */

import { assert } from '../core/assert.js';
import type { Series } from './preconditions.js';

/** Unit roundoff of a double. */
const EPS = 2 ** -52;
/** Re-anchor once the accumulated rounding bound exceeds this share of the centered sum. */
const MAX_REL_ERR = 1e-10;

export interface RollingZScoreColumns {
  readonly mean: Float64Array;
  readonly std: Float64Array;
  readonly z: Float64Array;
}

/** One window's statistics; `z` is NaN when std = 0. */
export interface ZScorePoint {
  readonly mean: number;
  readonly std: number;
  readonly z: number;
}

/**
 * For i ≥ w−1 over s[i−w+1..i]: mean, sample std (ddof 1) and z = (sᵢ − mean)/std, as pandas
 * `s.rolling(w, min_periods=w)`; NaN for i < w−1 and z NaN where std = 0.
 * @example rollingZScore([1, 2, 3, 5], 3).z // [NaN, NaN, 1, 1.0910894511799618]
 */
export function rollingZScore(series: Series, window: number): RollingZScoreColumns {
  assert(Number.isInteger(window) && window >= 2, `rollingZScore: window must be an integer ≥ 2 (got ${window})`);
  const n = series.length;
  const mean = new Float64Array(n).fill(Number.NaN);
  const std = new Float64Array(n).fill(Number.NaN);
  const z = new Float64Array(n).fill(Number.NaN);
  const w = window;
  let c = 0;
  let s1 = 0;
  let s2 = 0;
  let run = 0;
  let err = 0;
  let anchored = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = series[i]!;
    run = i > 0 && v === series[i - 1] ? run + 1 : 1;
    if (i < w - 1) continue;
    const start = i - w + 1;
    if (start - anchored >= w) {
      anchored = start;
      err = 0;
      // Re-anchor: exact two-pass sums over the window.
      let sum = 0;
      for (let j = start; j <= i; j++) sum += series[j]!;
      c = sum / w;
      s1 = 0;
      s2 = 0;
      for (let j = start; j <= i; j++) {
        const d = series[j]! - c;
        s1 += d;
        s2 += d * d;
      }
    } else {
      const dOut = series[start - 1]! - c;
      const dIn = v - c;
      s1 += dIn - dOut;
      s2 += dIn * dIn - dOut * dOut;
      err += EPS * (dIn * dIn + dOut * dOut + Math.abs(s2));
    }
    if (run >= w) {
      mean[i] = v;
      std[i] = 0;
      continue;
    }
    if (err > MAX_REL_ERR * (s2 - (s1 * s1) / w)) {
      // Too much cancellation since the last anchor: recompute this window exactly.
      let sum = 0;
      for (let j = start; j <= i; j++) sum += series[j]!;
      c = sum / w;
      s1 = 0;
      s2 = 0;
      for (let j = start; j <= i; j++) {
        const d = series[j]! - c;
        s1 += d;
        s2 += d * d;
      }
      anchored = start;
      err = 0;
    }
    const m = c + s1 / w;
    const variance = Math.max(0, (s2 - (s1 * s1) / w) / (w - 1));
    const sd = Math.sqrt(variance);
    mean[i] = m;
    std[i] = sd;
    // (v − c) − S1/w rather than v − mean: the mean near a large level is rounded to its ulp.
    z[i] = sd > 0 ? (v - c - s1 / w) / sd : Number.NaN;
  }
  return { mean, std, z };
}

/**
 * Incremental twin of `rollingZScore`: `update(x)` adds one observation; once `window` have
 * been seen, `value` holds the statistics of the last `window`, equal to the batch function's
 * to rounding (tests hold them to 1e-9).
 */
export class RollingZScore {
  private readonly buf: Float64Array;
  private count = 0;
  private head = 0;
  private c = 0;
  private s1 = 0;
  private s2 = 0;
  private run = 0;
  private last = Number.NaN;
  private sinceAnchor = 0;
  private err = 0;
  private current: ZScorePoint | null = null;

  constructor(readonly window: number) {
    assert(Number.isInteger(window) && window >= 2, `RollingZScore: window must be an integer ≥ 2 (got ${window})`);
    this.buf = new Float64Array(window);
  }

  /** True once `window` observations have been seen. */
  get ready(): boolean {
    return this.count >= this.window;
  }

  /** The statistics of the current window, or null before it is full. */
  get value(): ZScorePoint | null {
    return this.current;
  }

  update(x: number): ZScorePoint | null {
    const w = this.window;
    this.run = x === this.last ? this.run + 1 : 1;
    this.last = x;
    const out = this.count >= w ? this.buf[this.head]! : Number.NaN;
    this.buf[this.head] = x;
    this.head = (this.head + 1) % w;
    this.count++;
    if (this.count < w) return (this.current = null);
    if (this.count === w || ++this.sinceAnchor >= w) {
      this.anchor();
    } else {
      const dOut = out - this.c;
      const dIn = x - this.c;
      this.s1 += dIn - dOut;
      this.s2 += dIn * dIn - dOut * dOut;
      this.err += EPS * (dIn * dIn + dOut * dOut + Math.abs(this.s2));
    }
    if (this.run >= w) return (this.current = { mean: x, std: 0, z: Number.NaN });
    if (this.err > MAX_REL_ERR * (this.s2 - (this.s1 * this.s1) / w)) this.anchor();
    const m = this.c + this.s1 / w;
    const sd = Math.sqrt(Math.max(0, (this.s2 - (this.s1 * this.s1) / w) / (w - 1)));
    return (this.current = { mean: m, std: sd, z: sd > 0 ? (x - this.c - this.s1 / w) / sd : Number.NaN });
  }

  reset(): void {
    this.count = 0;
    this.head = 0;
    this.run = 0;
    this.last = Number.NaN;
    this.sinceAnchor = 0;
    this.current = null;
  }

  /** Exact two-pass sums over the buffer. */
  private anchor(): void {
    const w = this.window;
    let sum = 0;
    for (let j = 0; j < w; j++) sum += this.buf[j]!;
    this.c = sum / w;
    this.s1 = 0;
    this.s2 = 0;
    for (let j = 0; j < w; j++) {
      const d = this.buf[j]! - this.c;
      this.s1 += d;
      this.s2 += d * d;
    }
    this.sinceAnchor = 0;
    this.err = 0;
  }
}
