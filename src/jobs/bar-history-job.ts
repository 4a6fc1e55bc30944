/**
 * `GET /api/bars` reads on the job lane: from a SQLite file a worker runs `queryBarHistory`
 * (stored bars, or bars built from ticks) on its read-only connection and sends the bars back;
 * PostgreSQL and `:memory:` stores read on the main thread as before (see `tick-csv-job.ts`).
 * @module
 */

import { queryBarHistory, queryBarHistoryThinned, type BarHistoryQuery, type ThinnedBars } from '../engine/bar-history.js';
import type { Bar } from '../model/bar.js';
import type { TimeframeSpec } from '../model/timeframe.js';
import type { MarketStores } from '../store/market-stores.js';
import type { JobPool } from './job-pool.js';
import { sqliteFileOf } from './tick-csv-job.js';

export function barHistory(pool: JobPool, stores: MarketStores, storedTimeframes: readonly TimeframeSpec[], q: BarHistoryQuery, now: number, signal?: AbortSignal): Promise<Bar[]> {
  const dbPath = sqliteFileOf(stores);
  if (dbPath === null) return queryBarHistory(stores, storedTimeframes, q, now);
  return pool.run<Bar[]>({ kind: 'bar-history', dbPath, storedTimeframes, query: q, now }, signal === undefined ? {} : { signal });
}

/** `GET /api/bars?maxPoints=`: the range thinned to at most `maxPoints` buckets, on the lane. */
export function thinnedBarHistory(pool: JobPool, stores: MarketStores, storedTimeframes: readonly TimeframeSpec[], q: Omit<BarHistoryQuery, 'limit' | 'afterStart'>, maxPoints: number, now: number, signal?: AbortSignal): Promise<ThinnedBars> {
  const dbPath = sqliteFileOf(stores);
  if (dbPath === null) return queryBarHistoryThinned(stores, storedTimeframes, q, maxPoints, now);
  return pool.run<ThinnedBars>({ kind: 'bar-history-thinned', dbPath, storedTimeframes, query: q, maxPoints, now }, signal === undefined ? {} : { signal });
}
