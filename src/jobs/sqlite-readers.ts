/**
 * Read-only store adapters over a SQLite file, one connection per file per worker, kept for
 * the worker's life: in WAL mode each read sees the last commit, beside the live writer.
 * @module
 */

import Database from 'better-sqlite3';
import { SqliteBarStore } from '../store/sqlite/sqlite-bar-store.js';
import { SqliteFundingStore } from '../store/sqlite/sqlite-funding-store.js';
import { SqliteTickStore } from '../store/sqlite/sqlite-tick-store.js';

export interface SqliteReaders {
  readonly ticks: SqliteTickStore;
  readonly bars: SqliteBarStore;
  readonly funding: SqliteFundingStore;
}

const open = new Map<string, SqliteReaders>();

export function sqliteReaders(dbPath: string): SqliteReaders {
  let r = open.get(dbPath);
  if (r === undefined) {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    r = { ticks: new SqliteTickStore(db), bars: new SqliteBarStore(db), funding: new SqliteFundingStore(db) };
    open.set(dbPath, r);
  }
  return r;
}
