/**
 * Exact k-th smallest pairwise slope (yᵢ−yⱼ)/(xᵢ−xⱼ), xᵢ > xⱼ, without materialising the n²
 * slopes: randomized interval shrinking over slope values with inversion counting
 * (Matoušek 1991, "Randomized optimal algorithm for slope selection"; Dillencourt, Mount and
 * Netanyahu 1992, "A randomized algorithm for slope selection").
 *
 * Counting the slopes below a threshold (inversions of y − t·x in x order), and sampling or
 * enumerating those inside an interval, are in slope-pairs.ts, each O(n log n). Each round
 * samples ~n slopes from the current interval, moves lo and hi to sample quantiles a few
 * standard errors either side of the wanted rank, and confirms them by counting; after two or
 * three rounds O(n) candidates remain, which are enumerated and quickselected. The answer is
 * the floating-point slope computed exactly as scipy computes it, so ties and rounding match.
 * @module
 */

import { allSlopes, prepare, Selector, slopeOf, type SlopeData } from './slope-pairs.js';
import { selectInPlace } from './select.js';

/** At most this many pairs: materialise all slopes instead (exact and simplest). */
const BRUTE_FORCE_PAIRS = 400_000;
/** Enumerate the interval once it holds at most max(this, 20·n) pairs: listing slopes is cheap. */
const ENUMERATE_MIN = 100_000;
/** Relative nudge that keeps the interval ends off actual slope values (ties). */
const NUDGE = 1e-10;

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
