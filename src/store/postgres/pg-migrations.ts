/**
 * Versioned schema migrations of the PostgreSQL store, recorded in `tandem_schema_migrations`.
 * Each runs once, in order, in its own transaction; a session advisory lock on the schema
 * makes two processes that start together take turns rather than race. Never edit a released
 * migration: add one.
 *
 * Ticks live in a table partitioned by RANGE on `ts` (one partition a UTC day, created on
 * demand, see `tick-partitions.ts`). A unique key of a partitioned table must hold the
 * partition key, so ticks are unique on `(symbol, ts, trade_id)`, which is also the order
 * range reads need; since a trade's time never changes, a re-delivered trade still conflicts.
 * @module
 */

import type pg from 'pg';
import { inTransaction } from './pg-transaction.js';

export interface PgMigration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
  /** The migration where the TimescaleDB extension is installed, if it differs. */
  readonly timescaleSql?: string;
}

const TICKS_V1 = `
      CREATE TABLE ticks (
        symbol      text             NOT NULL,
        trade_id    bigint           NOT NULL,
        ts          bigint           NOT NULL,
        price       double precision NOT NULL,
        qty         double precision NOT NULL,
        buyer_maker boolean          NOT NULL,
        source      text             NOT NULL,
        PRIMARY KEY (symbol, ts, trade_id)
      )`;

const BARS_V1 = `
      CREATE TABLE bars (
        symbol text             NOT NULL,
        tf     text             NOT NULL,
        start  bigint           NOT NULL,
        open   double precision NOT NULL,
        high   double precision NOT NULL,
        low    double precision NOT NULL,
        close  double precision NOT NULL,
        volume double precision NOT NULL,
        vwap   double precision NOT NULL,
        trades integer          NOT NULL,
        source text             NOT NULL DEFAULT 'live',
        PRIMARY KEY (symbol, tf, start)
      );`;

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: 'ticks partitioned by day on ts, unique on (symbol, ts, trade_id); bars keyed by (symbol, tf, start) with their source',
    sql: `${TICKS_V1} PARTITION BY RANGE (ts);${BARS_V1}`,
    // Not exercised on the machine this was written on (no TimescaleDB there): a hypertable
    // of one-day chunks in place of the declaratively partitioned table.
    timescaleSql: `${TICKS_V1};
      SELECT create_hypertable('ticks', 'ts', chunk_time_interval => ${86_400_000});${BARS_V1}`,
  },
  {
    version: 2,
    description: 'per-(symbol, source) tick stats kept in the write transaction (backfilled from stored ticks); alert rules and events, events unique on (rule_id, bar_start, kind)',
    sql: `
      CREATE TABLE tick_stats (
        symbol       text   NOT NULL,
        source       text   NOT NULL,
        n            bigint NOT NULL,
        first_ts     bigint NOT NULL,
        last_ts      bigint NOT NULL,
        max_trade_id bigint NOT NULL,
        PRIMARY KEY (symbol, source)
      );
      INSERT INTO tick_stats (symbol, source, n, first_ts, last_ts, max_trade_id)
        SELECT symbol, source, count(*), min(ts), max(ts), max(trade_id) FROM ticks GROUP BY symbol, source;
      CREATE TABLE alert_rules (
        id                     text             PRIMARY KEY,
        name                   text             NOT NULL,
        type                   text             NOT NULL,
        severity               text             NOT NULL,
        enabled                boolean          NOT NULL,
        cooldown_ms            bigint           NOT NULL,
        hysteresis             double precision NOT NULL,
        evaluate_on            text             NOT NULL,
        webhook_url            text,
        params                 text             NOT NULL,
        created_at             bigint           NOT NULL,
        updated_at             bigint           NOT NULL,
        deliveries_failed      integer          NOT NULL DEFAULT 0,
        last_delivery_error    text,
        last_delivery_error_at bigint
      );
      CREATE TABLE alert_events (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        rule_id        text             NOT NULL,
        rule_name      text             NOT NULL,
        rule_type      text             NOT NULL,
        kind           text             NOT NULL,
        severity       text             NOT NULL,
        subject        text             NOT NULL,
        value          double precision,
        threshold      double precision,
        ts             bigint           NOT NULL,
        bar_start      bigint           NOT NULL,
        message        text             NOT NULL,
        delivery       text             NOT NULL DEFAULT 'none',
        delivery_error text,
        UNIQUE (rule_id, bar_start, kind)
      );
      CREATE INDEX alert_events_by_time ON alert_events (ts, id);
      CREATE INDEX alert_events_by_rule ON alert_events (rule_id, ts, id);
    `,
  },
  {
    version: 3,
    description: 'tick files imported, by the SHA-256 of their bytes, so importing the same file again is skipped',
    sql: `
      CREATE TABLE tick_imports (
        sha256      text    PRIMARY KEY,
        name        text    NOT NULL,
        format      text    NOT NULL,
        rows        bigint  NOT NULL,
        inserted    bigint  NOT NULL,
        duplicates  bigint  NOT NULL,
        bars        bigint  NOT NULL,
        first_ts    bigint,
        last_ts     bigint,
        imported_at bigint  NOT NULL
      );
    `,
  },
  {
    version: 4,
    description: 'funding rates of perpetual futures by (symbol, ts), with the mark price they were computed on (NULL when the source gave none)',
    sql: `
      CREATE TABLE funding_rates (
        symbol     text             NOT NULL,
        ts         bigint           NOT NULL,
        rate       double precision NOT NULL,
        mark_price double precision,
        PRIMARY KEY (symbol, ts)
      );
    `,
  },
  {
    version: 5,
    description: 'paper strategies (request JSON, state, times, flattens) and their published fills, unique on (strategy_id, time, kind)',
    sql: `
      CREATE TABLE strategies (
        id             text    PRIMARY KEY,
        request        text    NOT NULL,
        state          text    NOT NULL,
        started_at     bigint  NOT NULL,
        warmup_from    bigint  NOT NULL,
        stopped_at     bigint,
        last_bar_start bigint,
        flattens       text    NOT NULL DEFAULT '[]'
      );
      CREATE TABLE strategy_fills (
        strategy_id  text             NOT NULL REFERENCES strategies (id),
        time         bigint           NOT NULL,
        kind         text             NOT NULL,
        side         text             NOT NULL,
        signal_time  bigint           NOT NULL,
        price_y      double precision NOT NULL,
        price_x      double precision NOT NULL,
        qty_y        double precision NOT NULL,
        qty_x        double precision NOT NULL,
        reason       text,
        net_pnl      double precision,
        published_at bigint           NOT NULL,
        PRIMARY KEY (strategy_id, time, kind)
      );
    `,
  },
  {
    version: 6,
    description: 'alert events unique on (rule_id, bar_start, kind, subject): one rule may fire for several subjects at one time (a strategy_fill rule of any strategy, two strategies filling together)',
    sql: `
      ALTER TABLE alert_events
        DROP CONSTRAINT alert_events_rule_id_bar_start_kind_key,
        ADD CONSTRAINT alert_events_rule_id_bar_start_kind_subject_key UNIQUE (rule_id, bar_start, kind, subject);
    `,
  },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;

/**
 * Brings `schema` (created if missing) to `upTo` (default the latest version) on `client`,
 * whose search path is that schema. Refuses a schema written by a newer Tandem.
 */
export async function migratePostgres(client: pg.ClientBase, schema: string, upTo = PG_SCHEMA_VERSION): Promise<number> {
  const timescale = (await client.query("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")).rows.length > 0;
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [`tandem.migrate.${schema}`]);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.tandem_schema_migrations (
      version     integer     PRIMARY KEY,
      description text        NOT NULL,
      applied_at  timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${schema}.tandem_schema_migrations`);
    const current = rows[0]?.v ?? 0;
    if (current > PG_SCHEMA_VERSION) throw new Error(`PostgreSQL schema '${schema}' is at version ${current}, newer than this Tandem's ${PG_SCHEMA_VERSION}; upgrade Tandem`);
    for (const m of PG_MIGRATIONS) {
      if (m.version <= current || m.version > upTo) continue;
      try {
        await inTransaction(client, async () => {
          await client.query(timescale && m.timescaleSql !== undefined ? m.timescaleSql : m.sql);
          await client.query(`INSERT INTO ${schema}.tandem_schema_migrations (version, description) VALUES ($1, $2)`, [m.version, m.description]);
        });
      } catch (e) {
        throw new Error(`PostgreSQL migration ${m.version} (${m.description}) failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const after = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${schema}.tandem_schema_migrations`);
    return after.rows[0]?.v ?? 0;
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`tandem.migrate.${schema}`]);
  }
}
