/**
 * Runs one sweep task: β and z of its (method, window) once, then every (entry, exit) rule on
 * every range. Pure, so the worker and a test can both call it.
 * @module
 */

import { computeMetrics } from '../backtest/performance-metrics.js';
import { simulatePair, type Simulation } from '../backtest/simulate-pair.js';
import type { BacktestMetrics } from '../backtest/performance-metrics.js';
import { backtestSignals } from './backtest-signals.js';
import type { SweepInit, SweepTask, SweepTaskResult } from './backtest-sweep-protocol.js';

export function runSweepTask(init: SweepInit, task: SweepTask, onRun: (runsDone: number) => void = () => undefined): SweepTaskResult {
  const signals = backtestSignals({ method: task.method, window: task.window, delta: init.delta, ve: init.ve, tf: init.tf, prices: init.prices }, init.bars);
  const metrics: BacktestMetrics[][] = [];
  const runs: Simulation[][] | null = task.detail ? [] : null;
  let done = 0;
  for (const rule of task.rules) {
    const params = { ...init.base, entry: rule.entry, exit: rule.exit };
    const m: BacktestMetrics[] = [];
    const r: Simulation[] = [];
    for (const range of task.ranges) {
      const sim = simulatePair(signals, params, init.tf.ms, range);
      m.push(computeMetrics(sim, params.capital, init.tf.ms, init.bars.start[range.from] ?? 0, init.bars.start[range.from + sim.equity.length - 1]));
      if (runs !== null) r.push(sim);
      onRun(++done);
    }
    metrics.push(m);
    runs?.push(r);
  }
  return { id: task.id, metrics, runs };
}
