/**
 * Mean-reversion half-life of a spread: the `halflife` op of COMPUTE.md.
 * @module
 */

import { olsUnchecked } from './ols.js';
import { degenerate, isConstant, requireLength, type Series } from './preconditions.js';

export interface HalflifeResult {
  readonly lambda: number;
  readonly intercept: number;
  /** −ln 2 / lambda; null when lambda ≥ 0 (no mean reversion). */
  readonly halflife: number | null;
}

/**
 * Fits Δsₜ = intercept + λ·s_{t−1} (t = 1..n−1) by OLS, as `ols`; half-life = −ln 2/λ for λ < 0.
 * This is the discretised Ornstein-Uhlenbeck process ds = θ(μ − s)dt with λ ≈ −θ.
 * Reference: Chan, Algorithmic Trading (2013), ch. 2.
 *
 * @throws TandemError `insufficient_data` when n < 3, `degenerate_input` when s₀..s_{n−2} are all equal.
 */
export function halflife(series: Series): HalflifeResult {
  const n = series.length;
  requireLength('halflife', n, 3);
  if (isConstant(series, 0, n - 1)) degenerate('halflife', 's[0..n-2] are all equal, so the regression on the lagged level is undefined');
  const lagged = new Float64Array(n - 1);
  const delta = new Float64Array(n - 1);
  for (let t = 1; t < n; t++) {
    lagged[t - 1] = series[t - 1]!;
    delta[t - 1] = series[t]! - series[t - 1]!;
  }
  const fit = olsUnchecked(lagged, delta, 0, n - 1);
  const lambda = fit.slope;
  return { lambda, intercept: fit.intercept, halflife: lambda < 0 ? -Math.LN2 / lambda : null };
}
