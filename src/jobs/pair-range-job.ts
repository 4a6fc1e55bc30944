/**
 * `GET /api/pairs/analytics` on the job lane: from a SQLite file a worker reads both legs' bars
 * on its read-only connection and computes the series (Theil-Sen over a day of 1 s bars is
 * seconds of work) and the tests in place (`analyzePairBars`), so the event loop only answers.
 * PostgreSQL, `:memory:` and a store behind the Redis cache run on the main thread as before
 * (see `tick-csv-job.ts`).
 * @module
 */

import { queryCloseHistory } from '../engine/bar-history.js';
import { analyzePairBars, type PairEngine, type PairRangeQuery, type PairRangeResult } from '../engine/pair-engine.js';
import { computePairTests } from '../engine/pair-tests.js';
import type { TimeframeSpec } from '../model/timeframe.js';
import type { MarketStores } from '../store/market-stores.js';
import type { JobPool } from './job-pool.js';
import type { PairRangeJob } from './job-protocol.js';
import { sqliteReaders } from './sqlite-readers.js';
import { sqliteFileOf } from './tick-csv-job.js';

export function pairRange(pool: JobPool, stores: MarketStores, pairs: PairEngine, storedTimeframes: readonly TimeframeSpec[], q: PairRangeQuery, now: number): Promise<PairRangeResult> {
  const dbPath = sqliteFileOf(stores);
  if (dbPath === null) return pairs.analyzeRange(q);
  return pool.run<PairRangeResult>({ kind: 'pair-range', dbPath, storedTimeframes, query: q, now });
}

/** The worker's side. */
export async function runPairRangeJob(job: PairRangeJob): Promise<PairRangeResult> {
  const q = job.query;
  const stores = sqliteReaders(job.dbPath);
  const leg = (symbol: string): ReturnType<typeof queryCloseHistory> => queryCloseHistory(stores, job.storedTimeframes, { symbol, tf: q.spec.tf, from: q.from, to: q.to, limit: q.maxBars + 1 }, job.now);
  const [y, x] = await Promise.all([leg(q.spec.y), leg(q.spec.x)]);
  return analyzePairBars(q, y, x, (req) => {
    const t0 = performance.now();
    const tests = computePairTests(req);
    return Promise.resolve({ tests, ms: performance.now() - t0 });
  });
}
