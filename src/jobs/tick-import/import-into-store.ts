/**
 * The one entry point of a tick file import, for the CLI and the server's job lane alike: the
 * streaming, staged import (`importTickFile`) where the store has a staging area (a SQLite
 * file ATTACHed; PostgreSQL temporary tables filled by COPY in one transaction), else the
 * store's own append path (`importTicks`, which holds the file's ticks in memory to stay
 * all-or-nothing: a store behind the Redis cache, whose cached ranges must see every write).
 * @module
 */

import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { importTicks } from '../../engine/file-import.js';
import type { MarketStores } from '../../store/market-stores.js';
import { PgTickImport } from '../../store/postgres/pg-tick-import.js';
import { PostgresMarketStores } from '../../store/postgres/postgres-market-stores.js';
import { SqliteBarStore } from '../../store/sqlite/sqlite-bar-store.js';
import { SqliteMarketStores } from '../../store/sqlite/sqlite-market-stores.js';
import { SqliteTickImport } from '../../store/sqlite/sqlite-tick-import.js';
import { SqliteTickStore } from '../../store/sqlite/sqlite-tick-store.js';
import { importTickFile, type TickFileImportOptions, type TickFileImportResult } from './tick-file-import.js';

/** Imports one tick file (bytes from `input`) into `stores`. */
export async function importTicksInto(stores: MarketStores, input: AsyncIterable<Uint8Array>, opts: TickFileImportOptions): Promise<TickFileImportResult> {
  if (stores instanceof SqliteMarketStores) return importTicksIntoSqlite(stores.sqlite.db, input, opts);
  if (stores instanceof PostgresMarketStores) {
    const session = await PgTickImport.open(stores.pool, stores.partitions);
    try {
      return await importTickFile(session, stores, input, opts);
    } finally {
      await session.close();
    }
  }

  // The append path: every batch goes through the store's (and the cache's) own writes.
  const hash = createHash('sha256');
  async function* hashed(): AsyncGenerator<Uint8Array> {
    for await (const chunk of input) {
      hash.update(chunk);
      yield chunk;
    }
  }
  const r = await importTicks(stores, hashed(), {
    timeframes: opts.timeframes,
    ...(opts.name === undefined ? {} : { name: opts.name }),
    ...(opts.symbol === undefined ? {} : { symbol: opts.symbol }),
    ...(opts.format === undefined ? {} : { format: opts.format }),
    ...(opts.maxLineBytes === undefined ? {} : { maxLineBytes: opts.maxLineBytes }),
    ...(opts.onProgress === undefined ? {} : { onProgress: opts.onProgress }),
  });
  return { sha256: hash.digest('hex'), skipped: false, format: null, rows: r.rows, inserted: r.inserted, duplicates: r.duplicates, bars: r.bars, firstTs: null, lastTs: null, lockMs: 0 };
}

/** The streaming import over a SQLite connection (the store's own, or a job worker's). */
export async function importTicksIntoSqlite(db: Database.Database, input: AsyncIterable<Uint8Array>, opts: TickFileImportOptions): Promise<TickFileImportResult> {
  const session = SqliteTickImport.open(db);
  try {
    return await importTickFile(session, { ticks: new SqliteTickStore(db), bars: new SqliteBarStore(db) }, input, opts);
  } finally {
    await session.close();
  }
}

/** The SHA-256 of a file's bytes, read as a stream. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
