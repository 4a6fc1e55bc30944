/**
 * `POST /api/backtest` on the job lane: from a SQLite file a worker loads the pair's bars on its
 * read-only connection and runs signals, simulation and report (`runStoredBacktest`), so a
 * month of 1 s bars never holds the event loop. PostgreSQL, `:memory:` and a store behind the
 * Redis cache run on the main thread as before (see `tick-csv-job.ts`).
 * @module
 */

import { runStoredBacktest, type StoredBacktest } from '../engine/backtest-run.js';
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
