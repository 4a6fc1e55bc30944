/**
 * The pairwise slopes of a point set, handled without materialising them: the points ordered
 * by (x, y), the count of slopes below a threshold, and uniform sampling and enumeration of the
 * slopes inside an interval. The machinery behind `selectSlopes` (see slope-selection.ts).
 *
 * For a threshold t, order the points by x; a pair with xₐ < x_b has slope < t exactly when
 * key_b < key_a for key = y − t·x, so the number of slopes below t is the number of
 * inversions of the keys: O(n log n) by merge sort. The pairs with slope in (lo, hi) are the
 * inversions of the hi-keys listed in lo-key order, which are sampled uniformly with a Fenwick
 * tree over ranks and enumerated by merge sort, in O(n log n + output).
 * @module
 */

import { countInversions, stableArgsort } from './merge-order.js';

/** Points ordered by (x, y), with centered copies for the counting keys. */
export interface SlopeData {
  readonly n: number;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly xc: Float64Array;
  readonly yc: Float64Array;
  /** Key for t = +∞: x descending, then y ascending. */
  readonly keyPosInf: Float64Array;
  /** Number of pairs with distinct x. */
  readonly pairs: number;
}

export function prepare(x: ArrayLike<number>, y: ArrayLike<number>): SlopeData {
  const n = x.length;
  const xa = Float64Array.from(x);
  const ya = Float64Array.from(y);
  // Order by (x, y): stable sort by y, then stable sort of that order by x.
  const byY = stableArgsort(ya);
  const xInY = new Float64Array(n);
  for (let i = 0; i < n; i++) xInY[i] = xa[byY[i]!]!;
  const byX = stableArgsort(xInY);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = byY[byX[i]!]!;
    xs[i] = xa[j]!;
    ys[i] = ya[j]!;
  }
  // Centers for the counting keys (any value near the data will do): the means.
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += xs[i]!;
    cy += ys[i]!;
  }
  cx /= n;
  cy /= n;
  const xc = new Float64Array(n);
  const yc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xc[i] = xs[i]! - cx;
    yc[i] = ys[i]! - cy;
  }
  let pairs = (n * (n - 1)) / 2;
  const keyPosInf = new Float64Array(n);
  let groupStart = 0;
  let groups = 0;
  for (let i = 1; i <= n; i++) {
    if (i === n || xs[i] !== xs[groupStart]) {
      const k = i - groupStart;
      pairs -= (k * (k - 1)) / 2;
      for (let j = groupStart; j < i; j++) keyPosInf[j] = -groups * n + (j - groupStart);
      groups++;
      groupStart = i;
    }
  }
  return { n, xs, ys, xc, yc, keyPosInf, pairs };
}

/** The slope of the pair of (x-ordered) points a, b, as scipy computes it; NaN for equal x. */
export function slopeOf(d: SlopeData, a: number, b: number): number {
  const xa = d.xs[a]!;
  const xb = d.xs[b]!;
  if (xa < xb) return (d.ys[b]! - d.ys[a]!) / (xb - xa);
  if (xa > xb) return (d.ys[a]! - d.ys[b]!) / (xa - xb);
  return Number.NaN;
}

/** Ordering keys for threshold t (x-order index for −∞). */
function keysFor(d: SlopeData, t: number, out: Float64Array): Float64Array {
  if (t === -Infinity) for (let i = 0; i < d.n; i++) out[i] = i;
  else if (t === Infinity) out.set(d.keyPosInf);
  else for (let i = 0; i < d.n; i++) out[i] = d.yc[i]! - t * d.xc[i]!;
  return out;
}

/** The working state of one selection: scratch buffers sized n. */
export class Selector {
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly w1: Float64Array;
  private readonly w2: Float64Array;

  constructor(private readonly d: SlopeData) {
    const n = d.n;
    this.k1 = new Float64Array(n);
    this.k2 = new Float64Array(n);
    this.w1 = new Float64Array(n);
    this.w2 = new Float64Array(n);
  }

  /** Number of slopes < t. */
  countBelow(t: number): number {
    if (t === -Infinity) return 0;
    if (t === Infinity) return this.d.pairs;
    return countInversions(keysFor(this.d, t, this.k1), this.w1, this.w2);
  }

  /** Lo-key order of the points and the rank of each position's hi-key (ties by position). */
  private intervalOrder(lo: number, hi: number): { order: Int32Array; rank: Int32Array; byRank: Int32Array } {
    const n = this.d.n;
    const order = stableArgsort(keysFor(this.d, lo, this.k1));
    const kHi = keysFor(this.d, hi, this.k2);
    const seq = this.w1;
    for (let p = 0; p < n; p++) seq[p] = kHi[order[p]!]!;
    const byRank = stableArgsort(seq);
    const rank = new Int32Array(n);
    for (let r = 0; r < n; r++) rank[byRank[r]!] = r;
    return { order, rank, byRank };
  }

  /** `m` slopes drawn uniformly (with replacement) from the pairs with slope in (lo, hi), sorted. */
  sample(lo: number, hi: number, total: number, m: number, rng: () => number): Float64Array {
    const n = this.d.n;
    const { order, rank, byRank } = this.intervalOrder(lo, hi);
    const draws = new Float64Array(m);
    for (let i = 0; i < m; i++) draws[i] = Math.floor(rng() * total);
    draws.sort();
    const out = new Float64Array(m);
    const tree = new Int32Array(n + 1);
    let top = 1;
    while (top * 2 <= n) top *= 2;
    let cum = 0;
    let di = 0;
    let got = 0;
    for (let p = 0; p < n && di < m; p++) {
      const r = rank[p]!;
      // below = number of earlier positions whose hi-rank is < r.
      let below = 0;
      for (let i = r; i > 0; i -= i & -i) below += tree[i]!;
      const c = p - below;
      while (di < m && draws[di]! < cum + c) {
        // The s-th earlier position with rank > r is the (below + s)-th smallest rank so far.
        let want = below + (draws[di]! - cum);
        let pos = 0;
        for (let step = top; step > 0; step >>= 1) {
          if (pos + step <= n && tree[pos + step]! <= want) {
            pos += step;
            want -= tree[pos]!;
          }
        }
        const s = slopeOf(this.d, order[byRank[pos]!]!, order[p]!);
        if (!Number.isNaN(s)) out[got++] = s;
        di++;
      }
      cum += c;
      for (let i = r + 1; i <= n; i += i & -i) tree[i]!++;
    }
    const res = out.subarray(0, got);
    res.sort();
    return res;
  }

  /** Every slope in (lo, hi): the strict inversions of the hi-keys in lo-key order. */
  enumerate(lo: number, hi: number, expected: number): Float64Array {
    const n = this.d.n;
    const order = stableArgsort(keysFor(this.d, lo, this.k1));
    const kHi = keysFor(this.d, hi, this.k2);
    let val = new Float64Array(n);
    let idx = new Int32Array(n);
    let bv = new Float64Array(n);
    let bi = new Int32Array(n);
    for (let p = 0; p < n; p++) {
      idx[p] = order[p]!;
      val[p] = kHi[idx[p]!]!;
    }
    let out = new Float64Array(Math.max(16, expected));
    let m = 0;
    for (let width = 1; width < n; width *= 2) {
      for (let lo2 = 0; lo2 < n; lo2 += 2 * width) {
        const mid = Math.min(lo2 + width, n);
        const hi2 = Math.min(lo2 + 2 * width, n);
        let i = lo2;
        let j = mid;
        let k = lo2;
        while (i < mid && j < hi2) {
          if (val[j]! < val[i]!) {
            const q = idx[j]!;
            if (m + (mid - i) > out.length) {
              const grown = new Float64Array(Math.max(out.length * 2, m + (mid - i)));
              grown.set(out.subarray(0, m));
              out = grown;
            }
            for (let t = i; t < mid; t++) {
              const s = slopeOf(this.d, idx[t]!, q);
              if (!Number.isNaN(s)) out[m++] = s;
            }
            bv[k] = val[j]!;
            bi[k++] = q;
            j++;
          } else {
            bv[k] = val[i]!;
            bi[k++] = idx[i++]!;
          }
        }
        while (i < mid) {
          bv[k] = val[i]!;
          bi[k++] = idx[i++]!;
        }
        while (j < hi2) {
          bv[k] = val[j]!;
          bi[k++] = idx[j++]!;
        }
      }
      [val, bv] = [bv, val];
      [idx, bi] = [bi, idx];
    }
    return out.subarray(0, m);
  }
}

/** Every slope, materialised (for small inputs and as the fallback). */
export function allSlopes(d: SlopeData): Float64Array {
  const out = new Float64Array(d.pairs);
  let m = 0;
  for (let b = 1; b < d.n; b++) {
    for (let a = 0; a < b; a++) {
      if (d.xs[a]! < d.xs[b]!) out[m++] = (d.ys[b]! - d.ys[a]!) / (d.xs[b]! - d.xs[a]!);
    }
  }
  return out.subarray(0, m);
}

