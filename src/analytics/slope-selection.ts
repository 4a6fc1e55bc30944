/**
 * Exact k-th smallest pairwise slope (yᵢ−yⱼ)/(xᵢ−xⱼ), xᵢ > xⱼ, without materialising the n²
 * slopes: randomized interval shrinking over slope values with inversion counting
 * (Matoušek 1991, "Randomized optimal algorithm for slope selection"; Dillencourt, Mount and
 * Netanyahu 1992, "A randomized algorithm for slope selection").
 *
 * For a threshold t, order the points by x; a pair with xₐ < x_b has slope < t exactly when
 * key_b < key_a for key = y − t·x, so the number of slopes below t is the number of
 * inversions of the keys: O(n log n) by merge sort. The pairs with slope in (lo, hi) are the
 * inversions of the hi-keys listed in lo-key order, which can be both sampled uniformly (a
 * Fenwick tree over ranks) and enumerated (merge sort) in O(n log n + output). Each round
 * samples ~n slopes from the current interval, moves lo and hi to sample quantiles a few
 * standard errors either side of the wanted rank, and confirms them by counting; after two or
 * three rounds O(n) candidates remain, which are enumerated and quickselected. The answer is
 * the floating-point slope computed exactly as scipy computes it, so ties and rounding match.
 * @module
 */

import { countInversions, stableArgsort } from './merge-order.js';
import { selectInPlace } from './select.js';

/** At most this many pairs: materialise all slopes instead (exact and simplest). */
const BRUTE_FORCE_PAIRS = 400_000;
/** Enumerate the interval once it holds at most max(this, 20·n) pairs: listing slopes is cheap. */
const ENUMERATE_MIN = 100_000;
/** Relative nudge that keeps the interval ends off actual slope values (ties). */
const NUDGE = 1e-10;

/** Points ordered by (x, y), with centered copies for the counting keys. */
interface SlopeData {
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

/** A small, fast, seeded PRNG (mulberry32), so results are reproducible. */
function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  const u32 = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  // 53 random bits in [0, 1).
  return () => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992;
}

function prepare(x: ArrayLike<number>, y: ArrayLike<number>): SlopeData {
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
function slopeOf(d: SlopeData, a: number, b: number): number {
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
class Selector {
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
function allSlopes(d: SlopeData): Float64Array {
  const out = new Float64Array(d.pairs);
  let m = 0;
  for (let b = 1; b < d.n; b++) {
    for (let a = 0; a < b; a++) {
      if (d.xs[a]! < d.xs[b]!) out[m++] = (d.ys[b]! - d.ys[a]!) / (d.xs[b]! - d.xs[a]!);
    }
  }
  return out.subarray(0, m);
}

const nudgeDown = (v: number): number => v - Math.max(Math.abs(v) * NUDGE, 1e-300);
const nudgeUp = (v: number): number => v + Math.max(Math.abs(v) * NUDGE, 1e-300);

/** Result of `selectSlopes`: the number of slopes and the requested order statistics. */
export interface SlopeSelection {
  /** N: pairs with xᵢ ≠ xⱼ. */
  readonly count: number;
  /** values[i] is the ranks[i]-th smallest slope (0-based). */
  readonly values: number[];
}

/**
 * The `ranks`-th smallest (0-based) of the slopes (yᵢ−yⱼ)/(xᵢ−xⱼ) over pairs with xᵢ > xⱼ, in
 * expected O(n log n) time and O(n) memory. Ranks out of [0, N) give NaN.
 * Nearby ranks (the two middle slopes; the median and the confidence ranks while their
 * intervals overlap) share the counting, sampling and enumeration.
 */
export function selectSlopes(x: ArrayLike<number>, y: ArrayLike<number>, ranks: readonly number[]): SlopeSelection {
  const d = prepare(x, y);
  const N = d.pairs;
  const values = ranks.map(() => Number.NaN);
  const valid = ranks.map((k, i) => ({ k, i })).filter(({ k }) => Number.isInteger(k) && k >= 0 && k < N);
  if (valid.length === 0) return { count: N, values };
  if (N <= BRUTE_FORCE_PAIRS) {
    const all = allSlopes(d);
    for (const { k, i } of valid) values[i] = selectInPlace(all, k);
    return { count: N, values };
  }
  const sel = new Selector(d);
  const rng = makeRng(0x5eed1234);
  const enumerateAt = Math.max(ENUMERATE_MIN, 20 * d.n);
  const sampleSize = Math.max(1000, 2 * d.n);
  // One uniform sample of all pairs: the first round for every rank.
  const first = new Float64Array(sampleSize);
  let f = 0;
  while (f < first.length) {
    const s = slopeOf(d, Math.floor(rng() * d.n), Math.floor(rng() * d.n));
    if (!Number.isNaN(s)) first[f++] = s;
  }
  first.sort();
  valid.sort((a, b) => a.k - b.k);
  const ctx: Narrowing = { d, sel, rng, enumerateAt, sampleSize, values };
  narrow(ctx, valid, { lo: -Infinity, hi: Infinity, cLo: 0, cHi: N }, first, 0);
  return { count: N, values };
}

/** An interval of slope values (lo, hi) and the numbers of slopes below each end. */
interface Interval {
  readonly lo: number;
  readonly hi: number;
  readonly cLo: number;
  readonly cHi: number;
}

interface Narrowing {
  readonly d: SlopeData;
  readonly sel: Selector;
  readonly rng: () => number;
  readonly enumerateAt: number;
  readonly sampleSize: number;
  readonly values: number[];
}

/**
 * Finds `ranks` (sorted, all inside `iv`) given a uniform sample of the slopes in `iv`. Each rank
 * asks for the sample quantiles three standard errors either side of it; ranks whose asks
 * overlap are narrowed together (one count per end, one sample, one enumeration), so the median
 * and the two confidence ranks share the work while they are close.
 */
function narrow(ctx: Narrowing, ranks: readonly { k: number; i: number }[], iv: Interval, sample: Float64Array, stalls: number): void {
  const total = iv.cHi - iv.cLo;
  if (total <= ctx.enumerateAt || stalls >= 4) {
    finish(ctx, ranks, iv);
    return;
  }
  const m = sample.length;
  const margin = 3 * Math.sqrt(m) * (1 + stalls);
  // Clusters of ranks whose sample-index windows overlap.
  const clusters: { ranks: { k: number; i: number }[]; iL: number; iU: number }[] = [];
  for (const r of ranks) {
    const iL = Math.floor(((r.k - iv.cLo) / total) * m - margin);
    const iU = Math.ceil(((r.k + 1 - iv.cLo) / total) * m + margin);
    const last = clusters[clusters.length - 1];
    if (last !== undefined && iL <= last.iU) {
      last.ranks.push(r);
      last.iU = iU;
    } else {
      clusters.push({ ranks: [r], iL, iU });
    }
  }
  for (const c of clusters) {
    const kMin = c.ranks[0]!.k;
    const kMax = c.ranks[c.ranks.length - 1]!.k;
    let { lo, hi, cLo, cHi } = iv;
    if (c.iL >= 0 && c.iL < m) {
      const t = nudgeDown(sample[c.iL]!);
      if (t > lo) {
        const cnt = ctx.sel.countBelow(t);
        if (cnt <= kMin && cnt >= cLo) {
          lo = t;
          cLo = cnt;
        }
      }
    }
    if (c.iU >= 0 && c.iU < m) {
      const t = nudgeUp(sample[c.iU]!);
      if (t < hi) {
        const cnt = ctx.sel.countBelow(t);
        if (cnt > kMax && cnt <= cHi) {
          hi = t;
          cHi = cnt;
        }
      }
    }
    const next = { lo, hi, cLo, cHi };
    // A round that does not halve the interval widens the next round's margin.
    const nextStalls = cHi - cLo > total / 2 ? stalls + 1 : 0;
    if (cHi - cLo <= ctx.enumerateAt) finish(ctx, c.ranks, next);
    else narrow(ctx, c.ranks, next, ctx.sel.sample(lo, hi, cHi - cLo, ctx.sampleSize, ctx.rng), nextStalls);
  }
}

/** Enumerates the slopes of `iv` and selects each rank among them. */
function finish(ctx: Narrowing, ranks: readonly { k: number; i: number }[], iv: Interval): void {
  let cLo = iv.cLo;
  let cand = iv.cHi - cLo <= 8 * ctx.enumerateAt ? ctx.sel.enumerate(iv.lo, iv.hi, iv.cHi - cLo) : null;
  if (cand === null || cand.length !== iv.cHi - cLo) {
    // Counting and enumeration disagreed (rounding at an interval end): fall back to all slopes.
    cand = allSlopes(ctx.d);
    cLo = 0;
  }
  for (const { k, i } of ranks) ctx.values[i] = selectInPlace(cand, k - cLo);
}
