/**
 * `backtestSignals`: the hedge ratio and the spread's z-score of every bar of a stored pair,
 * for the backtester, computed as the live engine computes them: `hedgeSeries` (the batch twin
 * of the live `HedgeEstimator`s; the Kalman filter runs forwards only, so the β of bar t uses
 * bars ≤ t) and `rollingZScore` of its spread from the first bar whose spread is defined,
 * the warm-up rule of `PairState`/`computePairSeries`. Only β and z are computed: the
 * backtest needs neither the correlation nor the reference OLS β, which would double its cost.
 * A test holds β and z equal to `computePairSeries`'s.
 * @module
 */

import { rollingZScore } from '../analytics/rolling-zscore.js';
import type { PairBarColumns, PairSignalColumns } from '../backtest/pair-bar-columns.js';
import type { HedgeSpec } from '../model/pair-spec.js';
import { hedgeSeries } from './hedge-estimator.js';

export function backtestSignals(spec: HedgeSpec, bars: PairBarColumns): PairSignalColumns {
  const n = bars.start.length;
  const fit = hedgeSeries(spec, bars.start, bars.closeX, bars.closeY);
  // y − β·x − α for the regressions; for `kalman` the forecast error (see hedge-estimator.ts).
  const spread = fit.spread;
  const z = new Float64Array(n).fill(Number.NaN);
  let first = 0;
  while (first < n && Number.isNaN(spread[first]!)) first++;
  if (n - first >= spec.window) z.set(rollingZScore(spread.subarray(first), spec.window).z, first);
  return { ...bars, beta: fit.beta, z, prices: spec.prices };
}
