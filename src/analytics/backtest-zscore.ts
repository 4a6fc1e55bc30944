/**
 * Mean-reversion backtest of a spread on its z-score: the `backtest_zscore` op of COMPUTE.md.
 * @module
 */

import { invalid, requireSameLength, type Series } from './preconditions.js';

export interface BacktestOptions {
  /** Enter when |z| exceeds this (default 2, > 0). */
  readonly entry?: number;
  /** Exit when |z| falls below this (default 0.5, 0 ≤ exit < entry). */
  readonly exit?: number;
  /** Cost per unit of turnover (default 0, ≥ 0). */
  readonly cost?: number;
}

export interface BacktestTrade {
  readonly entry_index: number;
  readonly exit_index: number;
  /** +1 long the spread, −1 short. */
  readonly side: 1 | -1;
  readonly pnl: number;
}

export interface BacktestResult {
  readonly num_trades: number;
  readonly trades: BacktestTrade[];
  readonly total_pnl: number;
  /** Share of trades with pnl > 0; NaN without trades. */
  readonly win_rate: number;
  readonly equity: Float64Array;
  readonly position: Int8Array;
}

/**
 * Positions from z on each bar's close (strict comparisons, first rule wins): hold on a
 * missing z (NaN); exit when |z| < exit; flip when z crosses the opposite entry band; enter
 * short above entry, long below −entry. pos[t] earns pos[t]·(s[t+1] − s[t]) at bar t+1; each
 * change costs cost·|Δpos| at its bar; an open position is liquidated at the last bar.
 * A trade runs from its entry bar to the first bar whose position differs (or the last bar);
 * its pnl is the spread moves it held minus 2·cost. Trades are ordered by entry.
 *
 * @throws TandemError `invalid_input` on a length mismatch or bad thresholds.
 */
export function backtestZScore(spread: Series, z: Series, options: BacktestOptions = {}): BacktestResult {
  const entry = options.entry ?? 2;
  const exit = options.exit ?? 0.5;
  const cost = options.cost ?? 0;
  requireSameLength('backtest_zscore', spread, z, ['spread', 'z']);
  if (!(entry > 0)) invalid('backtest_zscore', `entry must be > 0 (got ${entry})`);
  if (!(exit >= 0 && exit < entry)) invalid('backtest_zscore', `exit must satisfy 0 ≤ exit < entry (got ${exit})`);
  if (!(cost >= 0)) invalid('backtest_zscore', `cost must be ≥ 0 (got ${cost})`);
  const n = spread.length;
  const position = new Int8Array(n);
  const equity = new Float64Array(n);
  const trades: BacktestTrade[] = [];
  let p = 0;
  let eq = 0;
  let openAt = -1;
  let openPnl = 0;
  for (let t = 0; t < n; t++) {
    const zt = z[t]!;
    let next = p;
    if (Number.isNaN(zt)) next = p;
    else if (p !== 0 && Math.abs(zt) < exit) next = 0;
    else if (p === -1 && zt < -entry) next = 1;
    else if (p === 1 && zt > entry) next = -1;
    else if (p === 0 && zt > entry) next = -1;
    else if (p === 0 && zt < -entry) next = 1;
    if (t > 0) {
      const move = p * (spread[t]! - spread[t - 1]!);
      eq += move;
      if (p !== 0) openPnl += move;
    }
    eq -= cost * Math.abs(next - p);
    if (next !== p) {
      if (p !== 0) trades.push({ entry_index: openAt, exit_index: t, side: p as 1 | -1, pnl: openPnl - 2 * cost });
      if (next !== 0) {
        openAt = t;
        openPnl = 0;
      }
    }
    position[t] = next;
    p = next;
    equity[t] = eq;
  }
  if (n > 0 && p !== 0) {
    equity[n - 1] = equity[n - 1]! - cost * Math.abs(p);
    trades.push({ entry_index: openAt, exit_index: n - 1, side: p as 1 | -1, pnl: openPnl - 2 * cost });
  }
  let wins = 0;
  for (const tr of trades) if (tr.pnl > 0) wins++;
  return {
    num_trades: trades.length,
    trades,
    total_pnl: n > 0 ? equity[n - 1]! : 0,
    win_rate: trades.length > 0 ? wins / trades.length : Number.NaN,
    equity,
    position,
  };
}
