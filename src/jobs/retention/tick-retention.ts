/**
 * `retainTicks`: one retention run on whichever store the desk has. A SQLite file is pruned on
 * the job lane (a worker's own connection, `sqlite-retention-job.ts`), so the event loop only
 * waits; `:memory:` SQLite (tests), which another thread cannot open, is pruned here in
 * slices of 1,000 rows with a turn of the loop between; PostgreSQL is async I/O already. With
 * the Redis hot cache in front, the durable store is pruned and the cache forgets the symbols
 * that lost ticks.
 * @module
 */

import { setImmediate as nextTurn } from 'node:timers/promises';
import { TandemError } from '../../core/tandem-error.js';
import type { MarketStores } from '../../store/market-stores.js';
import { PostgresMarketStores } from '../../store/postgres/postgres-market-stores.js';
import { CachedMarketStores } from '../../store/redis/cached-market-stores.js';
import { SqliteMarketStores } from '../../store/sqlite/sqlite-market-stores.js';
import type { JobPool } from '../job-pool.js';
import { retainPostgresTicks } from './postgres-tick-retention.js';
import type { RetentionResult } from './retention-result.js';
import { RETENTION_BATCH_ROWS, retainSqliteTicks, SqliteTickRetention } from './sqlite-tick-retention.js';

/** Rows per slice when pruning on the event loop (`:memory:`), well under 20 ms. */
const MAIN_THREAD_BATCH_ROWS = 1_000;

/**
 * Deletes every stored tick with `ts < cutoff` (epoch ms); bars stay. Throws
 * `TandemError('busy')` when the job lane is full.
 */
export async function retainTicks(pool: JobPool, stores: MarketStores, cutoff: number): Promise<RetentionResult> {
  const durable = stores instanceof CachedMarketStores ? stores.inner : stores;
  let result: RetentionResult;
  if (durable instanceof PostgresMarketStores) {
    result = await retainPostgresTicks(durable, cutoff);
  } else if (durable instanceof SqliteMarketStores) {
    result =
      durable.info.location === ':memory:'
        ? await retainSqliteTicks(new SqliteTickRetention(durable.sqlite.db), cutoff, { batchRows: MAIN_THREAD_BATCH_ROWS, pause: () => nextTurn() })
        : await pool.run<RetentionResult>({ kind: 'tick-retention', dbPath: durable.info.location, cutoff, batchRows: RETENTION_BATCH_ROWS });
  } else {
    throw new TandemError('invalid_request', `tick retention supports the SQLite and PostgreSQL stores, not '${durable.kind}'`);
  }
  if (stores instanceof CachedMarketStores) {
    const pruned = result.symbols.filter((s) => s.deleted > 0).map((s) => s.symbol);
    if (pruned.length > 0) await stores.cache.forgetTicks(pruned);
  }
  return result;
}
