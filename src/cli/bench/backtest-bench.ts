/**
 * `tandem bench` figures for the backtester, on the seeded cointegrated pair of the analytics
 * bench (opens = the previous close):
 * - `backtest.single` / `backtest.single_kalman`: one backtest of 1,000,000 aligned bars from
 *   prices to report (β and z as the live engine computes them, rolling OLS over 100 bars or
 *   the Kalman filter; simulation; metrics; curves thinned to 5,000 points);
 * - `backtest.simulate`: the simulation and report alone, β and z given;
 * - `backtest.sweep_400`: a 400-point sweep (10 entry × 4 exit × 10 windows, OLS) of 86,400
 *   bars on two worker threads (warm: the untimed first run starts them, and sweeps reuse them).
 * @module
 */

import { parseSimulationParams, type SimulationParams } from '../../backtest/backtest-params.js';
import { backtestReport } from '../../backtest/backtest-report.js';
import type { PairBarColumns } from '../../backtest/pair-bar-columns.js';
import { simulatePair } from '../../backtest/simulate-pair.js';
import { expandGrid } from '../../backtest/sweep-grid.js';
import { backtestSignals } from '../../engine/backtest-signals.js';
import { runSweepTasks } from '../../engine/backtest-sweep-pool.js';
import { DEFAULT_KALMAN_DELTA, DEFAULT_KALMAN_VE } from '../../model/pair-spec.js';
import { parseTimeframe, type TimeframeSpec } from '../../model/timeframe.js';
import { benchPair } from './analytics-bench.js';
import { measureMedianMs, type BenchResult } from './bench-result.js';

const TF = (parseTimeframe('1m') as { ok: true; value: TimeframeSpec }).value;

function columns(n: number): PairBarColumns {
  const { x, y } = benchPair(n, 11);
  const start = new Float64Array(n);
  const openX = new Float64Array(n);
  const openY = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    start[i] = 1_700_000_000_000 + i * TF.ms;
    openX[i] = i > 0 ? x[i - 1]! : x[0]!;
    openY[i] = i > 0 ? y[i - 1]! : y[0]!;
  }
  return { start, openY, openX, closeY: y, closeX: x };
}

function params(): SimulationParams {
  const r = parseSimulationParams({ entry: 2, exit: 0.5 });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function medianAsync(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

export async function runBacktestBench(): Promise<BenchResult[]> {
  const p = params();
  const big = columns(1_000_000);
  const spec = (method: 'ols' | 'kalman') => ({ method, window: 100, delta: DEFAULT_KALMAN_DELTA, ve: DEFAULT_KALMAN_VE, tf: TF, prices: 'raw' as const });
  const full = (method: 'ols' | 'kalman') => (): unknown => {
    const c = backtestSignals(spec(method), big);
    return backtestReport(simulatePair(c, p, TF.ms), c.start, p.capital, TF.ms);
  };
  const signals = backtestSignals(spec('ols'), big);
  const results: BenchResult[] = [
    { name: 'backtest.single', n: 1_000_000, unit: 'ms', median_ms: measureMedianMs(full('ols'), 5), runs: 5 },
    { name: 'backtest.single_kalman', n: 1_000_000, unit: 'ms', median_ms: measureMedianMs(full('kalman'), 5), runs: 5 },
    { name: 'backtest.simulate', n: 1_000_000, unit: 'ms', median_ms: measureMedianMs(() => backtestReport(simulatePair(signals, p, TF.ms), signals.start, p.capital, TF.ms), 5), runs: 5 },
  ];
  const day = columns(86_400);
  const grid = expandGrid({ entry: [1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.5], exit: [0, 0.25, 0.5, 0.75], window: [20, 40, 60, 80, 100, 150, 200, 300, 400, 500], method: ['ols'] });
  if (!grid.ok) throw new Error(grid.error.message);
  const tasks = grid.value.groups.map((g, id) => ({ id, method: g.method, window: g.window, rules: g.rules, ranges: [{ from: 0, to: day.start.length }], detail: false }));
  const init = { bars: day, tf: TF, base: p, delta: DEFAULT_KALMAN_DELTA, ve: DEFAULT_KALMAN_VE, prices: 'raw' as const };
  const sweepMs = await medianAsync(() => runSweepTasks(init, tasks, { workers: 2 }), 3);
  results.push({ name: 'backtest.sweep_400', n: 86_400, unit: 'ms', median_ms: sweepMs, runs: 3 });
  return results;
}
