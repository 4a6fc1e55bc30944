/**
 * `backtestReport`: a simulation as the API, the CLI and the dashboard show it: metrics, the
 * trade list, and the equity and drawdown curves (labelled by bar start, like bars). Curves of
 * more than `maxCurvePoints` bars are thinned to that many buckets of consecutive bars: each
 * keeps the last bar's time and equity and the bucket's deepest drawdown, so the chart still
 * shows the worst point; the metrics always use every bar.
 * @module
 */

import { drawdown } from './drawdown.js';
import { computeMetrics, type BacktestMetrics, type EquityRun } from './performance-metrics.js';
import type { TradeRecord } from './trade-record.js';

export interface BacktestCurves {
  readonly time: number[];
  readonly equity: number[];
  /** Drawdown as a fraction ≤ 0. */
  readonly drawdown: number[];
}

export interface BacktestReport {
  readonly metrics: BacktestMetrics;
  readonly trades: readonly TradeRecord[];
  readonly curves: BacktestCurves;
}

export const DEFAULT_MAX_CURVE_POINTS = 5000;

/** Curves of `equity` (bar i starts at `start[i]`), thinned to at most `maxPoints` points. */
export function equityCurves(start: ArrayLike<number>, equity: Float64Array, capital: number, maxPoints: number): BacktestCurves {
  const n = equity.length;
  const dd = drawdown(equity, capital).curve;
  const per = Math.max(1, Math.ceil(n / Math.max(1, maxPoints)));
  const time: number[] = [];
  const eq: number[] = [];
  const dds: number[] = [];
  for (let a = 0; a < n; a += per) {
    const b = Math.min(n, a + per) - 1;
    let worst = 0;
    for (let i = a; i <= b; i++) if (dd[i]! < worst) worst = dd[i]!;
    time.push(start[b]!);
    eq.push(equity[b]!);
    dds.push(worst);
  }
  return { time, equity: eq, drawdown: dds };
}

/** The report of a run whose bar i starts at `start[i]` (a view of the run's bars). */
export function backtestReport(run: EquityRun, start: ArrayLike<number>, capital: number, tfMs: number, maxCurvePoints = DEFAULT_MAX_CURVE_POINTS): BacktestReport {
  return {
    metrics: computeMetrics(run, capital, tfMs, run.equity.length > 0 ? start[0]! : 0, run.equity.length > 0 ? start[run.equity.length - 1]! : undefined),
    trades: run.trades,
    curves: equityCurves(start, run.equity, capital, maxCurvePoints),
  };
}
