/**
 * `GET /api/export/ticks.csv` on the job lane. From a SQLite file, a worker reads the file
 * read-only and formats the CSV (`tick-csv-writer.ts`); the event loop only passes chunks on.
 * A PostgreSQL store is read with async I/O already, `:memory:` SQLite (tests) cannot be
 * opened by another thread and a Redis hot cache is read through, so those keep the paged
 * generator of `engine/csv-export.ts`.
 * @module
 */

import { Readable } from 'node:stream';
import { MessageChannel } from 'node:worker_threads';
import { tickCsv, type ExportRange } from '../engine/csv-export.js';
import type { MarketStores } from '../store/market-stores.js';
import { SqliteMarketStores } from '../store/sqlite/sqlite-market-stores.js';
import { chunkReceiver } from './chunk-receiver.js';
import type { JobPool } from './job-pool.js';

/**
 * The SQLite file behind `stores`, or null when another thread cannot open it (`:memory:`) or
 * should not read it directly: with the Redis hot cache in front (`CachedMarketStores`), reads
 * go through the cache, which may hold bars the file does not have yet.
 */
export function sqliteFileOf(stores: MarketStores): string | null {
  return stores instanceof SqliteMarketStores && stores.info.location !== ':memory:' ? stores.info.location : null;
}

/**
 * The tick CSV of `q` as a stream. Throws `TandemError('busy')` at once (before any byte) when
 * the job lane is full; `signal` cancels the job.
 */
export function tickCsvStream(pool: JobPool, stores: MarketStores, q: ExportRange, signal?: AbortSignal): Readable {
  const dbPath = sqliteFileOf(stores);
  if (dbPath === null) return Readable.from(tickCsv(stores.ticks, q));
  pool.assertRoom();
  const { port1, port2 } = new MessageChannel();
  const stream = chunkReceiver(port1);
  const job = { kind: 'tick-csv' as const, dbPath, symbol: q.symbol, port: port2, ...(q.from === undefined ? {} : { from: q.from }), ...(q.to === undefined ? {} : { to: q.to }) };
  pool.run(job, { transferList: [port2], ...(signal === undefined ? {} : { signal }) }).catch((e: unknown) => stream.destroy(e as Error));
  return stream;
}
