/**
 * Versioned schema migrations for the SQLite store. Each migration runs once, in order, inside
 * a transaction, and bumps `PRAGMA user_version`. Never edit a released migration: add one.
 * @module
 */

import type Database from 'better-sqlite3';

export const MIGRATIONS: readonly { readonly version: number; readonly description: string; readonly sql: string }[] = [
  {
    version: 1,
    description: 'ticks unique on (symbol, trade_id), bars keyed by (symbol, tf, start), per-symbol tick counts',
    sql: `
      CREATE TABLE ticks (
        symbol      TEXT    NOT NULL,
        trade_id    INTEGER NOT NULL,
        ts          INTEGER NOT NULL,
        price       REAL    NOT NULL,
        qty         REAL    NOT NULL,
        buyer_maker INTEGER NOT NULL,
        source      TEXT    NOT NULL,
        PRIMARY KEY (symbol, trade_id)
      ) WITHOUT ROWID;
      CREATE INDEX ticks_by_time ON ticks (symbol, ts, trade_id);
      CREATE TABLE bars (
        symbol TEXT    NOT NULL,
        tf     TEXT    NOT NULL,
        start  INTEGER NOT NULL,
        open   REAL    NOT NULL,
        high   REAL    NOT NULL,
        low    REAL    NOT NULL,
        close  REAL    NOT NULL,
        volume REAL    NOT NULL,
        vwap   REAL    NOT NULL,
        trades INTEGER NOT NULL,
        PRIMARY KEY (symbol, tf, start)
      ) WITHOUT ROWID;
      CREATE TABLE tick_counts (
        symbol TEXT PRIMARY KEY,
        n      INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: "bars record where they came from: 'live' (built from ticks by the engine), 'import' (rebuilt from imported ticks), 'ohlc' (imported OHLC, no ticks behind it)",
    sql: `ALTER TABLE bars ADD COLUMN source TEXT NOT NULL DEFAULT 'live';`,
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Brings `db` to `SCHEMA_VERSION`. Refuses a database written by a newer Tandem rather than
 * guessing at a schema it does not know.
 */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`database schema version ${current} is newer than this Tandem's ${SCHEMA_VERSION}; upgrade Tandem`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
