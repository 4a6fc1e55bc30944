/**
 * `runStoredBacktest`: one backtest of a stored pair: load and align its bars, compute β and z
 * as the live engine does, simulate, report. What `POST /api/backtest` and `tandem backtest` run.
 * `simulateStoredPair` is its kernel without the report, which a paper strategy runs over its
 * bars so far (strategies/paper-book.ts): one function, so the two agree by construction.
 * @module
 */

import { backtestReport, type BacktestReport } from '../backtest/backtest-report.js';
import type { PairBarColumns } from '../backtest/pair-bar-columns.js';
import { simulatePair, type Simulation } from '../backtest/simulate-pair.js';
import type { BacktestRequest } from './backtest-request.js';
import { backtestSignals } from './backtest-signals.js';
import { loadPairBars, type BarSources } from './pair-bar-loader.js';

export interface StoredBacktest {
  readonly request: BacktestRequest;
  readonly report: BacktestReport;
  /** Whether funding was booked (asked for, or found for both legs). */
  readonly funding: boolean;
  /** Time spent after loading (signals, simulation, report), ms. */
  readonly computeMs: number;
}

export interface StoredSimulation {
  readonly bars: PairBarColumns;
  readonly sim: Simulation;
  /** Time spent after loading (signals, simulation), ms. */
  readonly computeMs: number;
}

export interface StoredSimulationOptions {
  /** Fewest aligned bars (default window + 2: fewer is `too_few_bars`). */
  readonly minBars?: number;
  /** Starts of the bars at whose close a flatten was asked (a paper strategy's); unknown starts are ignored. */
  readonly flattens?: readonly number[];
}

/** Loads the request's bars and simulates them (no report). */
export async function simulateStoredPair(src: BarSources, request: BacktestRequest, opts: StoredSimulationOptions = {}): Promise<StoredSimulation> {
  const { pair } = request;
  const bars = await loadPairBars(src, { y: pair.y, x: pair.x, tf: pair.tf, from: request.from, to: request.to, minBars: opts.minBars ?? pair.window + 2, funding: request.funding });
  const t0 = performance.now();
  const signals = backtestSignals(pair, bars);
  const flattenAt = indicesOf(bars.start, opts.flattens ?? []);
  const sim = simulatePair(signals, request.params, pair.tf.ms, { from: 0, to: bars.start.length, flattenAt });
  return { bars, sim, computeMs: performance.now() - t0 };
}

/** The rows of `start` (increasing) at the given times (ascending), skipping times not found. */
function indicesOf(start: Float64Array, times: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  for (const t of times) {
    while (i < start.length && start[i]! < t) i++;
    if (i < start.length && start[i] === t) out.push(i);
  }
  return out;
}

export async function runStoredBacktest(src: BarSources, request: BacktestRequest): Promise<StoredBacktest> {
  const { bars, sim, computeMs } = await simulateStoredPair(src, request);
  const t0 = performance.now();
  const report = backtestReport(sim, bars.start, request.params.capital, request.pair.tf.ms, request.maxCurvePoints);
  return { request, report, funding: bars.funding !== undefined, computeMs: computeMs + performance.now() - t0 };
}
