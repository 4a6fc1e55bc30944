/**
 * `POST /api/backtest` on the job lane: from a SQLite file a worker loads the pair's bars on its
 * read-only connection and runs signals, simulation and report (`runStoredBacktest`), so a
 * month of 1 s bars never holds the event loop. A sweep's bars are loaded the same way
 * (`laneBarSources`) before its own worker pool runs the grid. PostgreSQL, `:memory:` and a store behind the
 * Redis cache run on the main thread as before (see `tick-csv-job.ts`).
 * @module
 */

import type { PairBarColumns } from '../backtest/pair-bar-columns.js';
import { runStoredBacktest, type StoredBacktest, type StoredSimulation } from '../engine/backtest-run.js';
import type { StoredSimulationRunner } from '../engine/paper-strategies.js';
import type { Clock } from '../core/clock.js';
import { loadPairBars, type BarSources, type PairBarsQuery } from '../engine/pair-bar-loader.js';
import type { BacktestRequest } from '../engine/backtest-request.js';
import type { TimeframeSpec } from '../model/timeframe.js';
import type { MarketStores } from '../store/market-stores.js';
import type { JobPool } from './job-pool.js';
import { sqliteFileOf } from './tick-csv-job.js';

export function storedBacktest(pool: JobPool, stores: MarketStores, timeframes: readonly TimeframeSpec[], request: BacktestRequest, now: number): Promise<StoredBacktest> {
  const dbPath = sqliteFileOf(stores);
  if (dbPath === null) return runStoredBacktest({ stores, timeframes, now }, request);
  return pool.run<StoredBacktest>({ kind: 'backtest', dbPath, storedTimeframes: timeframes, request, now });
}

/** Bar sources whose pair loads run on the job lane (from a SQLite file), for the sweeps. */
export function laneBarSources(pool: JobPool, stores: MarketStores, timeframes: readonly TimeframeSpec[], now: number): BarSources {
  const dbPath = sqliteFileOf(stores);
  if (dbPath === null) return { stores, timeframes, now };
  return { stores, timeframes, now, pairBars: (query) => pool.run<PairBarColumns>({ kind: 'pair-bars', dbPath, storedTimeframes: timeframes, query, now }) };
}

/** The worker's side of a `pair-bars` job. */
export function loadPairBarsFromFile(readers: BarSources['stores'], timeframes: readonly TimeframeSpec[], query: PairBarsQuery, now: number): Promise<PairBarColumns> {
  return loadPairBars({ stores: readers, timeframes, now }, query);
}

/**
 * Runs paper strategies' updates on the job lane (from a SQLite file), so a strategy that has
 * traded for weeks never holds the event loop; null for stores a worker cannot open (the
 * strategies then run on the main thread).
 */
export function laneSimulationRunner(pool: JobPool, stores: MarketStores, timeframes: readonly TimeframeSpec[], clock: Clock): StoredSimulationRunner | null {
  const dbPath = sqliteFileOf(stores);
  if (dbPath === null) return null;
  return (request, options) => pool.run<StoredSimulation>({ kind: 'paper-run', dbPath, storedTimeframes: timeframes, request, options, now: clock.now() });
}
