/**
 * `runStoredBacktest`: one backtest of a stored pair: load and align its bars, compute β and z
 * as the live engine does, simulate, report. What `POST /api/backtest` and `tandem backtest` run.
 * @module
 */

import { backtestReport, type BacktestReport } from '../backtest/backtest-report.js';
import { simulatePair } from '../backtest/simulate-pair.js';
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

export async function runStoredBacktest(src: BarSources, request: BacktestRequest): Promise<StoredBacktest> {
  const { pair } = request;
  const bars = await loadPairBars(src, { y: pair.y, x: pair.x, tf: pair.tf, from: request.from, to: request.to, minBars: pair.window + 2, funding: request.funding });
  const t0 = performance.now();
  const signals = backtestSignals(pair, bars);
  const sim = simulatePair(signals, request.params, pair.tf.ms);
  const report = backtestReport(sim, bars.start, request.params.capital, pair.tf.ms, request.maxCurvePoints);
  return { request, report, funding: bars.funding !== undefined, computeMs: performance.now() - t0 };
}
