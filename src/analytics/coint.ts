/**
 * Engle-Granger cointegration test: the `coint` op of COMPUTE.md.
 * @module
 */

import { adf, type AdfAutolag } from './adf.js';
import { mackinnonCrit, mackinnonP, type CriticalValues } from './mackinnon.js';
import { olsUnchecked } from './ols.js';
import { degenerate, isConstant, requireLength, requireSameLength, type Series } from './preconditions.js';

export interface CointOptions {
  readonly autolag?: AdfAutolag;
  readonly maxlag?: number | null;
}

export interface CointResult {
  readonly t_stat: number;
  readonly pvalue: number;
  readonly crit_values: CriticalValues;
  readonly used_lag: number;
  /** The cointegrating regression y = intercept + slope·x. */
  readonly intercept: number;
  readonly slope: number;
}

/** 1 − 100·√(2⁻⁵²): above this R² statsmodels declares the pair collinear. */
const R2_LIMIT = 1 - 100 * Math.sqrt(2 ** -52);

/**
 * Two-step Engle-Granger test, equal to statsmodels 0.13 `coint(y, x, trend='c', autolag)`:
 * OLS y = a + b·x, residuals r; ADF on r with no deterministic terms (regression "n") and the
 * given autolag/maxlag; p-value MacKinnon (1994) for regression "c" with N = 2 series, critical
 * values MacKinnon (2010) for "c", N = 2, T = n − 1.
 * Reference: Engle & Granger (1987), Econometrica 55; statsmodels `tsa.stattools.coint`.
 *
 * @throws TandemError `insufficient_data` (n < 3), `degenerate_input` (x or y constant, or
 *   y an exact linear function of x, R² ≥ 1 − 100·√ε), and `adf`'s errors on the residuals.
 */
export function coint(y: Series, x: Series, options: CointOptions = {}): CointResult {
  requireSameLength('coint', y, x, ['y', 'x']);
  const n = y.length;
  requireLength('coint', n, 3);
  if (isConstant(x)) degenerate('coint', 'x is constant');
  if (isConstant(y)) degenerate('coint', 'y is constant');
  const fit = olsUnchecked(x, y, 0, n);
  if (fit.r2 >= R2_LIMIT) degenerate('coint', `y and x are (almost) perfectly collinear (R² = ${fit.r2}); the test is undefined`);
  const resid = new Float64Array(n);
  for (let i = 0; i < n; i++) resid[i] = y[i]! - fit.intercept - fit.slope * x[i]!;
  const res = adf(resid, { regression: 'n', autolag: options.autolag === undefined ? 'AIC' : options.autolag, maxlag: options.maxlag ?? null });
  return {
    t_stat: res.adf_stat,
    pvalue: mackinnonP(res.adf_stat, 'c', 2),
    crit_values: mackinnonCrit('c', 2, n - 1),
    used_lag: res.used_lag,
    intercept: fit.intercept,
    slope: fit.slope,
  };
}
