/**
 * Hurst exponent by the lag-variance method: the `hurst` op (docs/compute.md).
 * @module
 */

import { olsUnchecked } from './ols.js';
import { degenerate, invalid, requireLength, type Series } from './preconditions.js';

export interface HurstResult {
  /** H: < 0.5 mean-reverting, 0.5 random walk, > 0.5 trending. */
  readonly hurst: number;
  /** Intercept of the log-log fit. */
  readonly intercept: number;
  /** The lags used, 2..max_lag. */
  readonly lags: number[];
  /** τ(lag) = population std of s[lag:] − s[:-lag]. */
  readonly tau: number[];
}

/**
 * For lag = 2..maxLag, τ(lag) = population std (ddof 0) of the lag-differences
 * s[t+lag] − s[t]; H = OLS slope of ln τ on ln lag (for a random walk τ ∝ lag^½).
 * Equal to `np.polyfit(np.log(lags), np.log(tau), 1)[0]` with
 * `tau = [np.std(s[lag:] - s[:-lag]) for lag in range(2, max_lag + 1)]`.
 * Reference: Hurst (1951); the variance-of-increments estimator as in Chan, Algorithmic
 * Trading (2013), ch. 2.
 *
 * @throws TandemError `invalid_input` when maxLag < 3, `insufficient_data` when n < maxLag + 2
 *   (every lag needs two differences), `degenerate_input` when some τ is 0.
 */
export function hurst(series: Series, maxLag = 100): HurstResult {
  if (!Number.isInteger(maxLag) || maxLag < 3) invalid('hurst', `max_lag must be an integer ≥ 3 (got ${maxLag})`);
  const n = series.length;
  requireLength('hurst', n, maxLag + 2);
  const lags: number[] = [];
  const tau: number[] = [];
  const logLag = new Float64Array(maxLag - 1);
  const logTau = new Float64Array(maxLag - 1);
  for (let lag = 2; lag <= maxLag; lag++) {
    const m = n - lag;
    let sum = 0;
    for (let t = 0; t < m; t++) sum += series[t + lag]! - series[t]!;
    const mu = sum / m;
    let ss = 0;
    for (let t = 0; t < m; t++) {
      const d = series[t + lag]! - series[t]! - mu;
      ss += d * d;
    }
    const sd = Math.sqrt(ss / m);
    if (!(sd > 0)) degenerate('hurst', `the ${lag}-lag differences are constant, so ln τ is undefined`);
    lags.push(lag);
    tau.push(sd);
    logLag[lag - 2] = Math.log(lag);
    logTau[lag - 2] = Math.log(sd);
  }
  const fit = olsUnchecked(logLag, logTau, 0, logLag.length);
  return { hurst: fit.slope, intercept: fit.intercept, lags, tau };
}
