/**
 * Walk-forward splits and the stitching of out-of-sample runs.
 *
 * The bars [0, n) are cut into k + 1 equal blocks (the last takes the remainder). Fold
 * i = 1..k chooses its parameters in sample, on block i − 1 (rolling) or on blocks 0..i − 1
 * (anchored), and is scored out of sample on block i. Indicators are computed once over the
 * whole series: they are causal (a bar's β and z use bars up to it), so the out-of-sample
 * block's warm-up comes from bars before it, as it would live.
 *
 * Stitching: trades are sized by a fixed notional, not by equity, so out-of-sample runs are
 * joined additively: fold i's equity is shifted by the net PnL of folds before it, and the
 * stitched run starts from the capital. Its metrics are computed like any run's.
 * @module
 */

import { assert } from '../core/assert.js';
import type { EquityRun } from './performance-metrics.js';

export interface BarRange {
  readonly from: number;
  readonly to: number;
}

export interface Fold {
  readonly inSample: BarRange;
  readonly outOfSample: BarRange;
}

export function walkForwardFolds(n: number, k: number, anchored: boolean): Fold[] {
  assert(Number.isInteger(k) && k >= 1, `walkForwardFolds: k must be an integer ≥ 1 (got ${k})`);
  const block = Math.floor(n / (k + 1));
  assert(block >= 1, `walkForwardFolds: ${n} bars cannot make ${k + 1} blocks`);
  const folds: Fold[] = [];
  for (let i = 1; i <= k; i++) {
    folds.push({
      inSample: { from: anchored ? 0 : (i - 1) * block, to: i * block },
      outOfSample: { from: i * block, to: i === k ? n : (i + 1) * block },
    });
  }
  return folds;
}

/** The out-of-sample runs joined into one (runs in time order, each started at the same capital). */
export function stitchRuns(runs: readonly EquityRun[]): EquityRun {
  const n = runs.reduce((s, r) => s + r.equity.length, 0);
  const equity = new Float64Array(n);
  let at = 0;
  let carried = 0;
  // The first fold that was ruined marks the stitched run ruined (at its place in the whole).
  let ruin: EquityRun['ruin'] = null;
  for (const r of runs) {
    for (let i = 0; i < r.equity.length; i++) equity[at + i] = r.equity[i]! + carried;
    // A ruined fold ends at its ruin bar: its last point.
    if (ruin === null && r.ruin != null) ruin = { index: at + r.equity.length - 1, time: r.ruin.time };
    at += r.equity.length;
    carried += r.netPnl;
  }
  const sum = (f: (r: EquityRun) => number): number => runs.reduce((s, r) => s + f(r), 0);
  return {
    equity,
    trades: runs.flatMap((r) => r.trades),
    grossPnl: sum((r) => r.grossPnl),
    netPnl: sum((r) => r.netPnl),
    funding: sum((r) => r.funding ?? 0),
    fees: sum((r) => r.fees),
    slippage: sum((r) => r.slippage),
    exposedBars: sum((r) => r.exposedBars),
    skippedEntries: sum((r) => r.skippedEntries),
    ruin,
  };
}
