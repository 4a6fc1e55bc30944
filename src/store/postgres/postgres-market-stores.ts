/**
 * `PostgresMarketStores`: the PostgreSQL store as `MarketStores`, on connection pools whose
 * search path is the chosen schema: one for writes and queries, and a small one of its own for
 * streamed reads, whose cursors hold a connection for as long as their consumer reads (a slow
 * CSV download), so that streams can never take the connections writes need. Opening migrates the schema (see `pg-migrations.ts`).
 * The live tick writer is the store's own batched append (the engine's `BatchWriter` already
 * gathers a flush interval of ticks into one batch, which is one statement here), retried
 * while the server is unreachable (`PgTickWriter`).
 * @module
 */

import type pg from 'pg';
import { TandemError } from '../../core/tandem-error.js';
import type { MarketStores, StoreInfo, TickWriter } from '../market-stores.js';
import { createPool, pgLocation } from './pg-pool.js';
import { PgTickWriter, type PgTickWriterOptions } from './pg-tick-writer.js';
import { migratePostgres } from './pg-migrations.js';
import { PostgresAlertStore } from './postgres-alert-store.js';
import { PostgresBarStore } from './postgres-bar-store.js';
import { PostgresFundingStore } from './postgres-funding-store.js';
import { PostgresStrategyStore } from './postgres-strategy-store.js';
import { PostgresTickStore } from './postgres-tick-store.js';
import { TickPartitions } from './tick-partitions.js';

export interface PostgresStoreOptions {
  readonly url: string;
  /** Default `public`. */
  readonly schema?: string;
  /** Pool size for writes and queries (default 8). */
  readonly maxConnections?: number;
  /** Pool size for streamed reads (default 4). */
  readonly maxStreams?: number;
  /** How the live tick writer rides out an unreachable server. */
  readonly writer?: PgTickWriterOptions;
}

export class PostgresMarketStores implements MarketStores {
  readonly kind = 'postgres' as const;
  readonly ticks: PostgresTickStore;
  readonly bars: PostgresBarStore;
  readonly alerts: PostgresAlertStore;
  readonly funding: PostgresFundingStore;
  readonly strategies: PostgresStrategyStore;
  readonly info: StoreInfo;
  /** The day partitions of `ticks` (retention tells it which it dropped). */
  readonly partitions: TickPartitions;
  private closed = false;

  private constructor(
    /** The pool, for PostgreSQL-only callers (tests, benchmarks). */
    readonly pool: pg.Pool,
    private readonly streamPool: pg.Pool,
    readonly schema: string,
    url: string,
    partitioned: boolean,
    private readonly writerOptions: PgTickWriterOptions = {},
  ) {
    this.partitions = new TickPartitions(pool, schema, partitioned);
    this.ticks = new PostgresTickStore(pool, this.partitions, streamPool);
    this.bars = new PostgresBarStore(pool);
    this.alerts = new PostgresAlertStore(pool, { url, schema });
    this.funding = new PostgresFundingStore(pool);
    this.strategies = new PostgresStrategyStore(pool);
    this.info = { kind: 'postgres', location: pgLocation(url), schema };
  }

  /**
   * Connects, migrates the schema and returns the stores. An unreachable server or a failed
   * migration rejects with a `TandemError('store_unavailable')` naming the server.
   */
  static async open(opts: PostgresStoreOptions): Promise<PostgresMarketStores> {
    const schema = opts.schema ?? 'public';
    const pool = createPool(opts.url, schema, opts.maxConnections);
    try {
      const client = await pool.connect();
      let partitioned: boolean;
      try {
        await migratePostgres(client, schema);
        const { rows } = await client.query<{ relkind: string }>("SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'ticks'", [schema]);
        partitioned = rows[0]?.relkind === 'p';
      } finally {
        client.release();
      }
      return new PostgresMarketStores(pool, createPool(opts.url, schema, opts.maxStreams ?? 4), schema, opts.url, partitioned, opts.writer);
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw new TandemError('store_unavailable', `PostgreSQL at ${pgLocation(opts.url)} (schema ${schema}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  openTickWriter(): TickWriter {
    return new PgTickWriter((batch) => this.ticks.appendTicks(batch), this.writerOptions);
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error(`the PostgreSQL store ${this.info.location} is closed`);
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.pool.end(), this.streamPool.end()]);
  }
}
