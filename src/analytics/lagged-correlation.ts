/**
 * Lagged cross-correlation of two series, to see which one leads.
 * @module
 */

import { invalid, requireSameLength, type Series } from './preconditions.js';

export interface LaggedCorrelation {
  /** −maxLag … maxLag. */
  readonly lags: number[];
  /** corr[i] = Pearson correlation of xₜ and y_{t+lags[i]}; NaN where undefined. */
  readonly corr: number[];
}

/**
 * For each lag k in −maxLag..maxLag, the Pearson correlation of xₜ with y_{t+k} over the
 * overlapping observations, as pandas `x.corr(y.shift(-k))`. A peak at k > 0 means x leads y
 * by k bars. NaN values in either series are skipped pairwise.
 */
export function laggedCorrelation(x: Series, y: Series, maxLag: number): LaggedCorrelation {
  requireSameLength('lagged_correlation', x, y);
  if (!Number.isInteger(maxLag) || maxLag < 0) invalid('lagged_correlation', `maxLag must be an integer >= 0, got ${maxLag}`);
  const lags: number[] = [];
  const corr: number[] = [];
  for (let k = -maxLag; k <= maxLag; k++) {
    lags.push(k);
    corr.push(pairCorr(x, y, k));
  }
  return { lags, corr };
}

/** Two-pass Pearson correlation of x[t] and y[t + k] over the t where both exist and are numbers. */
function pairCorr(x: Series, y: Series, k: number): number {
  const n = x.length;
  const lo = Math.max(0, -k);
  const hi = Math.min(n, n - k);
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let t = lo; t < hi; t++) {
    const a = x[t]!;
    const b = y[t + k]!;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    m++;
    sx += a;
    sy += b;
  }
  if (m < 2) return Number.NaN;
  const mx = sx / m;
  const my = sy / m;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let t = lo; t < hi; t++) {
    const a = x[t]!;
    const b = y[t + k]!;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    sxx += (a - mx) * (a - mx);
    syy += (b - my) * (b - my);
    sxy += (a - mx) * (b - my);
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}
