/**
 * Ordinary least squares of y on x with an intercept: the `ols` op of COMPUTE.md.
 * @module
 */

import { degenerate, isConstant, mean, requireLength, requireSameLength, type Series } from './preconditions.js';

export interface OlsResult {
  readonly intercept: number;
  readonly slope: number;
  readonly intercept_se: number;
  readonly slope_se: number;
  readonly r2: number;
  readonly resid_std: number;
  readonly nobs: number;
}

/**
 * Fits y = intercept + slope·x by least squares, as statsmodels `OLS(y, add_constant(x))`.
 *
 * Formula, on centered (two-pass) sums so that |x̄| ≫ std(x) loses no digits:
 * Sxx = Σ(x−x̄)², Sxy = Σ(x−x̄)(y−ȳ), Syy = Σ(y−ȳ)²; slope = Sxy/Sxx; intercept = ȳ − slope·x̄;
 * s² = Σr²/(n−2); slope_se = √(s²/Sxx); intercept_se = √(s²(1/n + x̄²/Sxx)); r2 = 1 − SSR/Syy.
 * Reference: Greene, Econometric Analysis, ch. 3; statsmodels `regression.linear_model.OLS`.
 *
 * @throws TandemError `insufficient_data` when n < 3, `degenerate_input` when all x are equal.
 * @example ols([1, 2, 3, 4], [3, 5, 7, 9.5]).slope // 2.15
 */
export function ols(x: Series, y: Series): OlsResult {
  requireSameLength('ols', x, y);
  const n = x.length;
  requireLength('ols', n, 3);
  if (isConstant(x)) degenerate('ols', 'all x values are equal, so the slope is undefined');
  return olsUnchecked(x, y, 0, n);
}

/** OLS on the view x[start..end), y[start..end) without precondition checks (n ≥ 3, x not constant). */
export function olsUnchecked(x: Series, y: Series, start: number, end: number): OlsResult {
  const n = end - start;
  const mx = mean(x, start, end);
  const my = mean(y, start, end);
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = start; i < end; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let ssr = 0;
  for (let i = start; i < end; i++) {
    // Residuals from the centered form: (y−ȳ) − slope·(x−x̄) keeps digits when the means are large.
    const r = y[i]! - my - slope * (x[i]! - mx);
    ssr += r * r;
  }
  const s2 = ssr / (n - 2);
  return {
    intercept,
    slope,
    intercept_se: Math.sqrt(s2 * (1 / n + (mx * mx) / sxx)),
    slope_se: Math.sqrt(s2 / sxx),
    r2: 1 - ssr / syy,
    resid_std: Math.sqrt(s2),
    nobs: n,
  };
}
