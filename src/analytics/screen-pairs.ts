/**
 * The universe pair screen: every pair of aligned price columns through a cheap prefilter, then
 * a fast Engle-Granger statistic to rank them, then the exact figures (`screen-item.ts`, the
 * functions `tandem compute` runs) for the pairs that make the ranking.
 *
 * Orientation: statsmodels `coint(y, x)` is not symmetric, so both orderings of a pair are
 * tested and the one with the lower p-value is kept (ties: the first symbol in input order
 * as y). A pair appears once.
 *
 * Speed: per-symbol centered prices and their sums of squares are computed once
 * (`prepareUniverse`); a pair's correlation is then one dot product, its OLS residuals one
 * pass, and the ADF regression on the residuals (autolag AIC over 0..maxlag, then the refit)
 * is formed as cross-products in O(n·maxlag) and solved by Cholesky (`adfFactor`), instead of
 * the Householder QR `tandem compute` uses. The two agree to ~1e-12, which only decides the
 * order; the reported numbers are recomputed exactly for the pairs kept.
 * @module
 */

import { mackinnonP } from './mackinnon.js';
import { fillLagGram } from './lag-gram.js';
import { choleskyFactor, prefixCoefficient, prefixSsr, type AugmentedFactor } from './nested-least-squares.js';
import { pairFigures, screenScore, sparkline } from './screen-item.js';
import type { ScreenerItem } from '../model/screener-ranking.js';

export type ScreenPrices = 'log' | 'raw';

export interface ScreenOptions {
  /** Test on log prices (default) or raw prices. */
  readonly prices: ScreenPrices;
  /** Prefilter: |corr| of the prices or of the log returns must reach this. */
  readonly minCorr: number;
  /** Prefilter: a symbol's quote volume over the lookback must reach this. */
  readonly minQuoteVolume: number;
  /** Pairs kept. */
  readonly limit: number;
  /** Points of each kept pair's spread sparkline. */
  readonly sparklinePoints: number;
}

/** What the screen reads: price columns on one time grid, and each symbol's quote volume. */
export interface ScreenUniverse {
  readonly symbols: readonly string[];
  /** One column per symbol, same length, same bar starts; prices > 0. */
  readonly closes: readonly Float64Array[];
  /** Σ close·volume over the lookback, per symbol. */
  readonly quoteVolume: readonly number[];
}

/** Per-symbol values computed once for all pairs. */
export interface PreparedUniverse {
  readonly n: number;
  /** Indices into the universe's symbols that pass the liquidity prefilter. */
  readonly eligible: readonly number[];
  /** The tested prices (log or raw), per symbol. */
  readonly prices: readonly Float64Array[];
  /** Centered prices and Σ of their squares. */
  readonly centered: readonly Float64Array[];
  readonly ss: Float64Array;
  /** Centered log returns and Σ of their squares. */
  readonly returns: readonly Float64Array[];
  readonly rss: Float64Array;
}

/** A ranked pair: the ranking's item (`model/screener-ranking.ts`). */
export type ScreenedPair = ScreenerItem;

export interface ShardResult {
  /** Pairs that passed the prefilter and were tested. */
  readonly pairsTested: number;
  /** The shard's best `limit` pairs, ranked. */
  readonly items: ScreenedPair[];
}

function centeredOf(s: Float64Array): { c: Float64Array; ss: number } {
  const n = s.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i]!;
  const m = sum / n;
  const c = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const v = s[i]! - m;
    c[i] = v;
    ss += v * v;
  }
  return { c, ss };
}

/** Indices of the symbols that pass the liquidity prefilter and are not constant. */
export function eligibleSymbols(u: ScreenUniverse, minQuoteVolume: number): number[] {
  const out: number[] = [];
  u.closes.forEach((c, s) => {
    let constant = true;
    for (let i = 1; i < c.length && constant; i++) constant = c[i] === c[0];
    if (!constant && u.quoteVolume[s]! >= minQuoteVolume) out.push(s);
  });
  return out;
}

/** Unordered pairs of `k` symbols. */
export function pairsOf(k: number): number {
  return (k * (k - 1)) / 2;
}

/** The per-symbol part of the screen. */
export function prepareUniverse(u: ScreenUniverse, options: Pick<ScreenOptions, 'prices' | 'minQuoteVolume'>): PreparedUniverse {
  const k = u.symbols.length;
  const n = k === 0 ? 0 : u.closes[0]!.length;
  const prices: Float64Array[] = [];
  const centered: Float64Array[] = [];
  const returns: Float64Array[] = [];
  const ss = new Float64Array(k);
  const rss = new Float64Array(k);
  const eligible = eligibleSymbols(u, options.minQuoteVolume);
  for (let s = 0; s < k; s++) {
    const close = u.closes[s]!;
    const logs = close.map(Math.log);
    const p = options.prices === 'log' ? logs : close;
    prices.push(p);
    const lc = centeredOf(p);
    centered.push(lc.c);
    ss[s] = lc.ss;
    const r = new Float64Array(Math.max(0, n - 1));
    for (let i = 1; i < n; i++) r[i - 1] = logs[i]! - logs[i - 1]!;
    const rc = centeredOf(r);
    returns.push(rc.c);
    rss[s] = rc.ss;
  }
  return { n, eligible, prices, centered, ss, returns, rss };
}

/** Number of unordered pairs of the eligible symbols. */
export function pairCount(p: PreparedUniverse): number {
  return pairsOf(p.eligible.length);
}

/** The a-th and b-th eligible symbols of pair number `idx` (row-major over a < b). */
function pairAt(k: number, idx: number): [number, number] {
  let a = 0;
  let rowLen = k - 1;
  let left = idx;
  while (left >= rowLen) {
    left -= rowLen;
    a++;
    rowLen--;
  }
  return [a, a + 1 + left];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** 1 − 100·√(2⁻⁵²), as `coint`: above this R² the test is undefined. */
const R2_LIMIT = 1 - 100 * Math.sqrt(2 ** -52);

/**
 * Cross-product factor of the ADF regression with no deterministic terms on residuals `r`
 * (differences `d`): rows i = lags..n−2, columns [r_i, d_{i−1..i−lags}], response d_i — the
 * design `adfFactor(r, lags, 0)` builds, formed in 2 multiply-adds per row and lag (the lagged
 * block is Toeplitz-like: each diagonal follows from its first element) and factored by Cholesky.
 */
function egFactor(r: Float64Array, d: Float64Array, lags: number): AugmentedFactor | null {
  const n = r.length;
  const p = 1 + lags;
  const cols = p + 1;
  const sLag0 = new Float64Array(lags + 1);
  const sLevel = new Float64Array(lags + 1);
  // Lags outside, four at a time, rows inside, sums in locals: V8 keeps them in registers and
  // each row's d_i and r_i are loaded once for four lags.
  const end = n - 1;
  let b = 0;
  for (; b + 3 <= lags; b += 4) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
    for (let i = lags; i < end; i++) {
      const di = d[i]!;
      const ri = r[i]!;
      const e0 = d[i - b]!;
      const e1 = d[i - b - 1]!;
      const e2 = d[i - b - 2]!;
      const e3 = d[i - b - 3]!;
      a0 += di * e0;
      a1 += di * e1;
      a2 += di * e2;
      a3 += di * e3;
      c0 += ri * e0;
      c1 += ri * e1;
      c2 += ri * e2;
      c3 += ri * e3;
    }
    sLag0[b] = a0;
    sLag0[b + 1] = a1;
    sLag0[b + 2] = a2;
    sLag0[b + 3] = a3;
    sLevel[b] = c0;
    sLevel[b + 1] = c1;
    sLevel[b + 2] = c2;
    sLevel[b + 3] = c3;
  }
  for (; b <= lags; b++) {
    let s0 = 0;
    let s1 = 0;
    for (let i = lags; i < end; i++) {
      const eb = d[i - b]!;
      s0 += d[i]! * eb;
      s1 += r[i]! * eb;
    }
    sLag0[b] = s0;
    sLevel[b] = s1;
  }
  let lvlv = 0;
  for (let i = lags; i < n - 1; i++) lvlv += r[i]! * r[i]!;
  const g = new Float64Array(cols * cols);
  const col = (b: number): number => (b === 0 ? p : b);
  const set = (i: number, j: number, v: number): void => {
    g[Math.min(i, j) * cols + Math.max(i, j)] = v;
  };
  fillLagGram(set, col, sLag0, d, lags, n);
  for (let b = 0; b <= lags; b++) set(0, col(b), sLevel[b]!);
  set(0, 0, lvlv);
  return choleskyFactor(g, n - 1 - lags, p);
}

/**
 * The Engle-Granger t statistic of the residuals r (ADF, no deterministic terms, autolag AIC on
 * the default maxlag), as `coint` computes it but through cross-products; null when degenerate.
 */
export function fastEngleGrangerStat(r: Float64Array): number | null {
  const n = r.length;
  const maxlag = Math.min(Math.floor(n / 2) - 1, Math.ceil(12 * Math.pow(n / 100, 1 / 4)));
  if (maxlag < 0) return null;
  const d = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) d[i] = r[i + 1]! - r[i]!;
  const full = egFactor(r, d, maxlag);
  if (full === null) return null;
  const m = n - 1 - maxlag;
  let best = Infinity;
  let used = maxlag;
  for (let lag = 0; lag <= maxlag; lag++) {
    const k = 1 + lag;
    const llf = (-m / 2) * (Math.log(2 * Math.PI) + Math.log(prefixSsr(full, k) / m) + 1);
    const ic = -2 * llf + 2 * k;
    if (ic < best) {
      best = ic;
      used = lag;
    }
  }
  if (n - 1 - used - (1 + used) < 1) return null;
  const f = used === maxlag ? full : egFactor(r, d, used);
  if (f === null) return null;
  const { beta, se } = prefixCoefficient(f, 1 + used, 0);
  return beta / se;
}

interface Candidate {
  readonly yi: number;
  readonly xi: number;
  readonly p: number;
  readonly halfLife: number;
}

/** Half-life of the residuals from a cross-product pass (ranking ties only); Infinity when none. */
function fastHalfLife(r: Float64Array): number {
  const n = r.length;
  let mx = 0;
  let my = 0;
  for (let t = 1; t < n; t++) {
    mx += r[t - 1]!;
    my += r[t]! - r[t - 1]!;
  }
  mx /= n - 1;
  my /= n - 1;
  let sxx = 0;
  let sxy = 0;
  for (let t = 1; t < n; t++) {
    const dx = r[t - 1]! - mx;
    sxx += dx * dx;
    sxy += dx * (r[t]! - r[t - 1]! - my);
  }
  const lambda = sxy / sxx;
  return lambda < 0 ? -Math.LN2 / lambda : Infinity;
}

function testOrientation(p: PreparedUniverse, yi: number, xi: number, sxy: number, resid: Float64Array): Candidate | null {
  const cy = p.centered[yi]!;
  const cx = p.centered[xi]!;
  const slope = sxy / p.ss[xi]!;
  for (let i = 0; i < resid.length; i++) resid[i] = cy[i]! - slope * cx[i]!;
  const stat = fastEngleGrangerStat(resid);
  if (stat === null || !Number.isFinite(stat)) return null;
  return { yi, xi, p: mackinnonP(stat, 'c', 2), halfLife: fastHalfLife(resid) };
}

const byPvalue = (a: { p: number; halfLife: number }, b: { p: number; halfLife: number }): number => a.p - b.p || a.halfLife - b.halfLife;

/** Ranking order of items: p-value ascending, ties by half-life (null last), then by names. */
export function compareScreened(a: ScreenedPair, b: ScreenedPair): number {
  return a.pvalue - b.pvalue || (a.halfLife ?? Infinity) - (b.halfLife ?? Infinity) || (a.y < b.y ? -1 : a.y > b.y ? 1 : 0) || (a.x < b.x ? -1 : a.x > b.x ? 1 : 0);
}

/**
 * Screens pairs number `from` (inclusive) to `to` (exclusive) of `pairCount(p)`: prefilter,
 * fast test of both orientations, then the exact figures of the best `limit`.
 */
export function screenShard(u: ScreenUniverse, p: PreparedUniverse, options: ScreenOptions, from: number, to: number): ShardResult {
  const k = p.eligible.length;
  const n = p.n;
  const resid = new Float64Array(n);
  const found: Candidate[] = [];
  let tested = 0;
  if (k >= 2 && to > from) {
    let [a, b] = pairAt(k, from);
    for (let idx = from; idx < to; idx++) {
      const si = p.eligible[a]!;
      const sj = p.eligible[b]!;
      const sxy = dot(p.centered[si]!, p.centered[sj]!);
      const corrLevels = sxy / Math.sqrt(p.ss[si]! * p.ss[sj]!);
      const rr = p.rss[si]! > 0 && p.rss[sj]! > 0 ? dot(p.returns[si]!, p.returns[sj]!) / Math.sqrt(p.rss[si]! * p.rss[sj]!) : 0;
      if ((Math.abs(corrLevels) >= options.minCorr || Math.abs(rr) >= options.minCorr) && corrLevels * corrLevels < R2_LIMIT) {
        tested++;
        const one = testOrientation(p, si, sj, sxy, resid);
        const two = testOrientation(p, sj, si, sxy, resid);
        const best = one === null ? two : two === null ? one : two.p < one.p ? two : one;
        if (best !== null) found.push(best);
      }
      if (++b === k) {
        a++;
        b = a + 1;
      }
    }
  }
  found.sort(byPvalue);
  const items: ScreenedPair[] = [];
  // A little over `limit`, so pairs whose fast and exact p differ in the last digits cannot fall out.
  for (const c of found.slice(0, options.limit + 8)) {
    const f = pairFigures(p.prices[c.yi]!, p.prices[c.xi]!);
    items.push({ ...f, y: u.symbols[c.yi]!, x: u.symbols[c.xi]!, score: screenScore(f), spread: sparkline(f.spread, options.sparklinePoints) });
  }
  items.sort(compareScreened);
  return { pairsTested: tested, items: items.slice(0, options.limit) };
}

/** The whole screen on one thread. */
export function screenPairs(u: ScreenUniverse, options: ScreenOptions): ShardResult {
  const p = prepareUniverse(u, options);
  return screenShard(u, p, options, 0, pairCount(p));
}

/** Merges the shards' rankings into one of `limit` items. */
export function mergeShards(shards: readonly ShardResult[], limit: number): ShardResult {
  const items = shards.flatMap((s) => s.items).sort(compareScreened).slice(0, limit);
  return { pairsTested: shards.reduce((a, s) => a + s.pairsTested, 0), items };
}
