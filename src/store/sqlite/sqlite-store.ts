/**
 * `SqliteStore`: the embedded default store, one SQLite file holding ticks, bars, alert rules and alert events, funding rates, and paper strategies.
 * @module
 */

import type Database from 'better-sqlite3';
import { openSqliteDatabase } from './sqlite-database.js';
import { SqliteAlertStore } from './sqlite-alert-store.js';
import { SqliteBarStore } from './sqlite-bar-store.js';
import { SqliteFundingStore } from './sqlite-funding-store.js';
import { SqliteStrategyStore } from './sqlite-strategy-store.js';
import { SqliteTickStore } from './sqlite-tick-store.js';

export class SqliteStore {
  readonly ticks: SqliteTickStore;
  readonly bars: SqliteBarStore;
  readonly alerts: SqliteAlertStore;
  readonly funding: SqliteFundingStore;
  readonly strategies: SqliteStrategyStore;
  private closed = false;

  private constructor(readonly db: Database.Database) {
    this.ticks = new SqliteTickStore(db);
    this.bars = new SqliteBarStore(db);
    this.alerts = new SqliteAlertStore(db);
    this.funding = new SqliteFundingStore(db);
    this.strategies = new SqliteStrategyStore(db);
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
