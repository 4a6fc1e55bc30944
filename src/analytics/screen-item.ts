/**
 * The figures of one screened pair, computed with the very functions `tandem compute` runs, so
 * each number of a screener item equals the op it names on the same aligned prices.
 * @module
 */

import { coint } from './coint.js';
import { halflife } from './halflife.js';
import { hurst } from './hurst.js';
import { olsUnchecked } from './ols.js';
import { rollingCorr } from './rolling-corr.js';
import { rollingZScore } from './rolling-zscore.js';
import { TandemError } from '../core/tandem-error.js';
import type { Series } from './preconditions.js';
import type { ScreenerItem } from '../model/screener-ranking.js';

/** Sub-windows of the hedge-ratio stability figure. */
export const BETA_STABILITY_WINDOWS = 4;
/** Hurst's `max_lag` (the `hurst` op's default); shorter spreads have no Hurst figure. */
export const SCREEN_HURST_MAX_LAG = 100;

/** A pair's figures (`ScreenerItem`'s, each defined there) before it is named and scored. */
export interface PairFigures extends Omit<ScreenerItem, 'y' | 'x' | 'score' | 'spread'> {
  /** y − alpha − beta·x, index-aligned with the prices. */
  readonly spread: Float64Array;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Null for an expected failure of an op (too short, degenerate), as `tandem compute` would answer an error. */
function orNull<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof TandemError) return null;
    throw e;
  }
}

/**
 * OLS slope of y on x on `k` equal consecutive sub-windows (the last takes the remainder),
 * then sample std (ddof 1) over |mean| of the k slopes. Null when a sub-window has fewer than
 * 3 bars or a constant x, or the mean slope is 0.
 */
export function betaStability(y: Series, x: Series, k = BETA_STABILITY_WINDOWS): number | null {
  const n = y.length;
  const size = Math.floor(n / k);
  if (size < 3) return null;
  const slopes: number[] = [];
  for (let w = 0; w < k; w++) {
    const start = w * size;
    const end = w === k - 1 ? n : start + size;
    let constant = true;
    for (let i = start + 1; i < end && constant; i++) constant = x[i] === x[start];
    if (constant) return null;
    slopes.push(olsUnchecked(x, y, start, end).slope);
  }
  const mean = slopes.reduce((a, b) => a + b, 0) / k;
  if (mean === 0) return null;
  const ss = slopes.reduce((a, b) => a + (b - mean) * (b - mean), 0);
  return finiteOrNull(Math.sqrt(ss / (k - 1)) / Math.abs(mean));
}

/**
 * Every figure of the pair y/x (prices already logged when the screen is on log prices).
 * @throws TandemError from `coint` when the pair is degenerate (a constant leg, collinear legs).
 */
export function pairFigures(y: Float64Array, x: Float64Array): PairFigures {
  const n = y.length;
  const c = coint(y, x);
  const fit = olsUnchecked(x, y, 0, n);
  const spread = new Float64Array(n);
  for (let i = 0; i < n; i++) spread[i] = y[i]! - fit.intercept - fit.slope * x[i]!;
  const hl = orNull(() => halflife(spread).halflife) ?? null;
  const h = n >= SCREEN_HURST_MAX_LAG + 2 ? orNull(() => hurst(spread, SCREEN_HURST_MAX_LAG).hurst) : null;
  return {
    beta: fit.slope,
    alpha: fit.intercept,
    pvalue: c.pvalue,
    halfLife: hl === null ? null : finiteOrNull(hl),
    corr: rollingCorr(x, y, n)[n - 1]!,
    hurst: h === null ? null : finiteOrNull(h),
    z: finiteOrNull(rollingZScore(spread, n).z[n - 1]!),
    betaStability: betaStability(y, x),
    spread,
  };
}

/** At most `points` values of `s`, evenly spaced over it, the last value last. */
export function sparkline(s: ArrayLike<number>, points: number): number[] {
  const n = s.length;
  if (n <= points) return Array.from(s);
  const out: number[] = [];
  for (let k = 0; k < points; k++) out.push(s[Math.round(((k + 1) * (n - 1)) / points)]!);
  return out;
}

/**
 * Ranking score, higher is better: −log10(p) (the evidence of cointegration), divided by
 * 1 + betaStability (a hedge ratio that drifts between sub-windows is worth less), times 0 when
 * the spread has no half-life (it does not revert in-sample).
 */
export function screenScore(f: Pick<PairFigures, 'pvalue' | 'halfLife' | 'betaStability'>): number {
  if (f.halfLife === null) return 0;
  const evidence = -Math.log10(Math.max(f.pvalue, Number.MIN_VALUE));
  return evidence / (1 + (f.betaStability ?? 1));
}
