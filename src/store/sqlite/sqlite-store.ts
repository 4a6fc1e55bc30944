/**
 * `SqliteStore`: the embedded default store, one SQLite file holding ticks and bars.
 * @module
 */

import type Database from 'better-sqlite3';
import { openSqliteDatabase } from './sqlite-database.js';
import { SqliteBarStore } from './sqlite-bar-store.js';
import { SqliteTickStore } from './sqlite-tick-store.js';

export class SqliteStore {
  readonly ticks: SqliteTickStore;
  readonly bars: SqliteBarStore;
  private closed = false;

  private constructor(readonly db: Database.Database) {
    this.ticks = new SqliteTickStore(db);
    this.bars = new SqliteBarStore(db);
  }

  /** Opens (creating and migrating as needed) the SQLite file at `path`, or `:memory:`. */
  static open(path: string): SqliteStore {
    return new SqliteStore(openSqliteDatabase(path));
  }

  /** Checkpoints the WAL into the main file and closes. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
