/**
 * Liquidity and activity measures of one symbol's bars (docs/liquidity.md).
 * @module
 */

import { invalid, requireSameLength, type Series } from './preconditions.js';

/**
 * Log returns rₜ = ln(cₜ / cₜ₋₁); r₀ is NaN (pandas `np.log(c).diff()`).
 * @throws TandemError `invalid_input` for a close ≤ 0.
 */
export function logReturns(close: Series): Float64Array {
  const n = close.length;
  const r = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) if (!(close[i]! > 0)) invalid('log_returns', `close[${i}] is ${close[i]}; log returns need prices > 0`);
  for (let i = 1; i < n; i++) r[i] = Math.log(close[i]!) - Math.log(close[i - 1]!);
  return r;
}

/**
 * Amihud (2002) illiquidity per bar: |rₜ| / DVOLₜ, the absolute log return per unit of quote
 * currency traded, with DVOLₜ = vwapₜ · volumeₜ. NaN for the first bar and for a bar without
 * volume. Larger means a given amount of trading moves the price more.
 */
export function amihudIlliquidity(close: Series, volume: Series, vwap: Series): Float64Array {
  requireSameLength('amihud', close, volume, ['close', 'volume']);
  requireSameLength('amihud', close, vwap, ['close', 'vwap']);
  const r = logReturns(close);
  const out = new Float64Array(close.length).fill(Number.NaN);
  for (let i = 1; i < close.length; i++) {
    const dollars = vwap[i]! * volume[i]!;
    if (dollars > 0) out[i] = Math.abs(r[i]!) / dollars;
  }
  return out;
}

/**
 * Realised volatility over the last `window` returns: √(Σ rᵢ²), rᵢ log returns, NaN until
 * `window` returns exist (pandas `(r**2).rolling(window).sum() ** 0.5`). Multiply by
 * √(barsPerYear / window) to annualise (see `annualisedVolatility`).
 */
export function realisedVolatility(close: Series, window: number): Float64Array {
  if (!Number.isInteger(window) || window < 1) invalid('realised_volatility', `window must be an integer >= 1, got ${window}`);
  const r = logReturns(close);
  const n = close.length;
  const out = new Float64Array(n).fill(Number.NaN);
  // Exact sums per window: window is small next to n for dashboards, and sums of squares
  // accumulated incrementally would drift over a long session.
  for (let i = window; i < n; i++) {
    let s = 0;
    for (let k = i - window + 1; k <= i; k++) s += r[k]! * r[k]!;
    out[i] = Math.sqrt(s);
  }
  return out;
}

/** Scales realised volatility over `window` bars of `barMs` each to a year of 365 days (crypto trades 24/7). */
export function annualisedVolatility(realised: number, window: number, barMs: number): number {
  const barsPerYear = (365 * 86_400_000) / barMs;
  return realised * Math.sqrt(barsPerYear / window);
}
