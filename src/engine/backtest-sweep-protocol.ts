/**
 * Messages between a sweep and its worker threads. A worker gets the aligned bars once
 * (`init`), then tasks: one (method, window) with its (entry, exit) rules and the bar ranges to
 * run each rule on. It answers each task with the metrics of every (rule, range), and with the
 * whole simulations when the task asks for them (walk-forward's out-of-sample runs).
 * @module
 */

import type { SimulationParams } from '../backtest/backtest-params.js';
import type { PairBarColumns } from '../backtest/pair-bar-columns.js';
import type { BacktestMetrics } from '../backtest/performance-metrics.js';
import type { Simulation } from '../backtest/simulate-pair.js';
import type { BarRange } from '../backtest/walk-forward.js';
import type { HedgeMethod, PriceScale } from '../model/pair-spec.js';
import type { TimeframeSpec } from '../model/timeframe.js';

export interface SweepInit {
  readonly bars: PairBarColumns;
  readonly tf: TimeframeSpec;
  /** Everything but entry and exit, which each rule sets. */
  readonly base: SimulationParams;
  readonly delta: number;
  readonly ve: number;
  readonly prices: PriceScale;
}

export interface SweepTask {
  readonly id: number;
  readonly method: HedgeMethod;
  readonly window: number;
  readonly rules: readonly { readonly entry: number; readonly exit: number }[];
  readonly ranges: readonly BarRange[];
  /** Also return the simulations, not only their metrics. */
  readonly detail: boolean;
}

export interface SweepTaskResult {
  readonly id: number;
  /** metrics[rule][range]. */
  readonly metrics: BacktestMetrics[][];
  /** runs[rule][range], when asked for. */
  readonly runs: Simulation[][] | null;
}

export type SweepWorkerIn = { readonly kind: 'init'; readonly init: SweepInit } | { readonly kind: 'task'; readonly task: SweepTask };

export type SweepWorkerOut =
  | { readonly kind: 'progress'; readonly id: number; readonly runs: number }
  | { readonly kind: 'result'; readonly result: SweepTaskResult }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };
