/**
 * Versioned schema migrations for the SQLite store. Each migration runs once, in order, inside
 * a transaction, and bumps `PRAGMA user_version`. Never edit a released migration: add one.
 * @module
 */

import type Database from 'better-sqlite3';
import { componentLogger } from '../../core/logger.js';

const log = componentLogger('store');

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
  {
    version: 3,
    description: 'alert rules (params as JSON, last webhook failure) and fired alert events, unique on (rule_id, bar_start, kind)',
    sql: `
      CREATE TABLE alert_rules (
        id                     TEXT    PRIMARY KEY,
        name                   TEXT    NOT NULL,
        type                   TEXT    NOT NULL,
        severity               TEXT    NOT NULL,
        enabled                INTEGER NOT NULL,
        cooldown_ms            INTEGER NOT NULL,
        hysteresis             REAL    NOT NULL,
        evaluate_on            TEXT    NOT NULL,
        webhook_url            TEXT,
        params                 TEXT    NOT NULL,
        created_at             INTEGER NOT NULL,
        updated_at             INTEGER NOT NULL,
        deliveries_failed      INTEGER NOT NULL DEFAULT 0,
        last_delivery_error    TEXT,
        last_delivery_error_at INTEGER
      );
      CREATE TABLE alert_events (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        rule_id        TEXT    NOT NULL,
        rule_name      TEXT    NOT NULL,
        rule_type      TEXT    NOT NULL,
        kind           TEXT    NOT NULL,
        severity       TEXT    NOT NULL,
        subject        TEXT    NOT NULL,
        value          REAL,
        threshold      REAL,
        ts             INTEGER NOT NULL,
        bar_start      INTEGER NOT NULL,
        message        TEXT    NOT NULL,
        delivery       TEXT    NOT NULL DEFAULT 'none',
        delivery_error TEXT,
        UNIQUE (rule_id, bar_start, kind)
      );
      CREATE INDEX alert_events_by_time ON alert_events (ts, id);
      CREATE INDEX alert_events_by_rule ON alert_events (rule_id, ts, id);
    `,
  },
  {
    version: 4,
    description: 'tick files imported, by the SHA-256 of their bytes, so importing the same file again is skipped',
    sql: `
      CREATE TABLE tick_imports (
        sha256      TEXT    PRIMARY KEY,
        name        TEXT    NOT NULL,
        format      TEXT    NOT NULL,
        rows        INTEGER NOT NULL,
        inserted    INTEGER NOT NULL,
        duplicates  INTEGER NOT NULL,
        bars        INTEGER NOT NULL,
        first_ts    INTEGER,
        last_ts     INTEGER,
        imported_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    description: 'funding rates of perpetual futures by (symbol, ts), with the mark price they were computed on (NULL when the source gave none)',
    sql: `
      CREATE TABLE funding_rates (
        symbol     TEXT    NOT NULL,
        ts         INTEGER NOT NULL,
        rate       REAL    NOT NULL,
        mark_price REAL,
        PRIMARY KEY (symbol, ts)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    description: 'paper strategies (request JSON, state, times, flattens) and their published fills, unique on (strategy_id, time, kind)',
    sql: `
      CREATE TABLE strategies (
        id             TEXT    PRIMARY KEY,
        request        TEXT    NOT NULL,
        state          TEXT    NOT NULL,
        started_at     INTEGER NOT NULL,
        warmup_from    INTEGER NOT NULL,
        stopped_at     INTEGER,
        last_bar_start INTEGER,
        flattens       TEXT    NOT NULL DEFAULT '[]'
      );
      CREATE TABLE strategy_fills (
        strategy_id  TEXT    NOT NULL REFERENCES strategies (id),
        time         INTEGER NOT NULL,
        kind         TEXT    NOT NULL,
        side         TEXT    NOT NULL,
        signal_time  INTEGER NOT NULL,
        price_y      REAL    NOT NULL,
        price_x      REAL    NOT NULL,
        qty_y        REAL    NOT NULL,
        qty_x        REAL    NOT NULL,
        reason       TEXT,
        net_pnl      REAL,
        published_at INTEGER NOT NULL,
        PRIMARY KEY (strategy_id, time, kind)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    description: 'ticks keyed by (symbol, ts, trade_id), unique on (symbol, trade_id): time-range reads (exports, imbalance, retention) read the table in key order instead of one lookup per row through ticks_by_time',
    // The index on (symbol, trade_id) holds the key's ts as well (a WITHOUT ROWID index carries
    // the primary key), so the file keeps its size: the old time index becomes the id index.
    // Existing ticks are copied in key order; on a big file this migration takes a while once
    // (about 2 s per million ticks).
    sql: `
      CREATE TABLE ticks_by_key (
        symbol      TEXT    NOT NULL,
        trade_id    INTEGER NOT NULL,
        ts          INTEGER NOT NULL,
        price       REAL    NOT NULL,
        qty         REAL    NOT NULL,
        buyer_maker INTEGER NOT NULL,
        source      TEXT    NOT NULL,
        PRIMARY KEY (symbol, ts, trade_id)
      ) WITHOUT ROWID;
      INSERT INTO ticks_by_key (symbol, trade_id, ts, price, qty, buyer_maker, source)
        SELECT symbol, trade_id, ts, price, qty, buyer_maker, source FROM ticks ORDER BY symbol, ts, trade_id;
      DROP TABLE ticks;
      ALTER TABLE ticks_by_key RENAME TO ticks;
      CREATE UNIQUE INDEX ticks_by_id ON ticks (symbol, trade_id);
    `,
  },
  {
    version: 8,
    description: 'alert events unique on (rule_id, bar_start, kind, subject): one rule may fire for several subjects at one time (a strategy_fill rule of any strategy, two strategies filling together)',
    // SQLite cannot drop a table's UNIQUE constraint, so the table is copied with its ids and
    // its AUTOINCREMENT counter (ids stay increasing across the migration).
    sql: `
      CREATE TABLE alert_events_by_subject (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        rule_id        TEXT    NOT NULL,
        rule_name      TEXT    NOT NULL,
        rule_type      TEXT    NOT NULL,
        kind           TEXT    NOT NULL,
        severity       TEXT    NOT NULL,
        subject        TEXT    NOT NULL,
        value          REAL,
        threshold      REAL,
        ts             INTEGER NOT NULL,
        bar_start      INTEGER NOT NULL,
        message        TEXT    NOT NULL,
        delivery       TEXT    NOT NULL DEFAULT 'none',
        delivery_error TEXT,
        UNIQUE (rule_id, bar_start, kind, subject)
      );
      INSERT INTO alert_events_by_subject SELECT id, rule_id, rule_name, rule_type, kind, severity, subject, value, threshold, ts, bar_start, message, delivery, delivery_error FROM alert_events;
      UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = 'alert_events')
        WHERE name = 'alert_events_by_subject' AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'alert_events');
      INSERT INTO sqlite_sequence (name, seq) SELECT 'alert_events_by_subject', seq FROM sqlite_sequence
        WHERE name = 'alert_events' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'alert_events_by_subject');
      DROP TABLE alert_events;
      ALTER TABLE alert_events_by_subject RENAME TO alert_events;
      CREATE INDEX alert_events_by_time ON alert_events (ts, id);
      CREATE INDEX alert_events_by_rule ON alert_events (rule_id, ts, id);
    `,
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
    // IMMEDIATE takes the write lock before the version is read again, so two processes that
    // open a new file together run each migration once instead of racing to create tables.
    const t0 = performance.now();
    const ran = db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return false;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      return true;
    }).immediate();
    // A new file runs them all in milliseconds; an upgrade that copies a table says how long it took.
    if (ran && current > 0) log.info({ event: 'schema_migrated', version: m.version, ms: Math.round(performance.now() - t0) }, `SQLite schema ${m.version}: ${m.description}`);
  }
}
