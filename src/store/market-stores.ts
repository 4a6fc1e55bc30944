/**
 * `MarketStores`: the store ports of one database (ticks, bars, alerts, funding rates, paper strategies) as one object
 * with one lifecycle, whichever adapter holds them, plus the one place that turns flags and
 * environment into a `StoreConfig`:
 *
 * - `--store sqlite|postgres` (env `TANDEM_STORE`, default `sqlite`);
 * - SQLite: `--db <path>` (env `TANDEM_DB`, default `data/tandem.db`);
 * - PostgreSQL: `--pg-url` (env `TANDEM_PG_URL`, required) and env `TANDEM_PG_SCHEMA`
 *   (default `public`; tests use a schema of their own).
 *
 * @example
 *   const config = resolveStoreConfig({ store: 'postgres' }, process.env);
 *   const stores = await openStores(config); // store/open-stores.ts
 *   await stores.ticks.appendTicks(ticks);
 *   await stores.close();
 * @module
 */

import { TandemError } from '../core/tandem-error.js';
import type { Tick } from '../model/tick.js';
import type { AlertStore } from './alert-store.js';
import type { BarStore } from './bar-store.js';
import type { FundingStore } from './funding-store.js';
import type { StrategyStore } from './strategy-store.js';
import type { AppendResult, TickStore } from './tick-store.js';

export type StoreKind = 'sqlite' | 'postgres';

export const STORE_KINDS: readonly StoreKind[] = ['sqlite', 'postgres'];

export type StoreConfig =
  | { readonly kind: 'sqlite'; /** A file, or `:memory:`. */ readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string; /** Default `public`. */ readonly schema?: string };

/** What status shows of the store: its kind and where it is (never a password). */
export interface StoreInfo {
  readonly kind: StoreKind;
  /** The SQLite file, or `host:port/database` of PostgreSQL. */
  readonly location: string;
  /** The PostgreSQL schema; null for SQLite. */
  readonly schema: string | null;
}

/**
 * The live path's tick writer: batches are committed in order, off the caller's critical path
 * where the adapter can (SQLite commits on a writer thread).
 */
export interface TickWriter {
  append(ticks: readonly Tick[]): Promise<AppendResult>;
  /** Waits for every batch appended so far, then releases the writer. */
  close(): Promise<void>;
}

export interface MarketStores {
  readonly kind: StoreKind;
  readonly ticks: TickStore;
  readonly bars: BarStore;
  readonly alerts: AlertStore;
  /** Funding rates of perpetual futures (`funding-store.ts`). */
  readonly funding: FundingStore;
  /** Paper strategies and their fills (`strategy-store.ts`). */
  readonly strategies: StrategyStore;
  readonly info: StoreInfo;
  /** A writer for the live path (see `TickWriter`); close it before the stores. */
  openTickWriter(): TickWriter;
  /**
   * Answers a trivial query (`SELECT 1`) on the store's connection; rejects when the database
   * does not answer (closed, unreachable). What `GET /api/health/ready` asks of the store.
   */
  ping(): Promise<void>;
  /** Closes the connections. Safe to call twice. */
  close(): Promise<void>;
}

/** The flags of a command that opens a store; any may be absent. */
export interface StoreFlags {
  readonly store?: string | undefined;
  readonly db?: string | undefined;
  readonly pgUrl?: string | undefined;
}

export const DEFAULT_SQLITE_PATH = 'data/tandem.db';

/**
 * The store a command uses: flags first, then the environment, then the SQLite default.
 * Throws `TandemError('invalid_request')` for an unknown kind or PostgreSQL without a URL.
 */
export function resolveStoreConfig(flags: StoreFlags, env: Readonly<Record<string, string | undefined>>): StoreConfig {
  const kind = (flags.store ?? nonEmpty(env['TANDEM_STORE']) ?? 'sqlite').trim().toLowerCase();
  if (kind === 'sqlite') return { kind, path: flags.db ?? nonEmpty(env['TANDEM_DB']) ?? DEFAULT_SQLITE_PATH };
  if (kind !== 'postgres') throw new TandemError('invalid_request', `--store '${kind}' is not one of ${STORE_KINDS.join(', ')} (env TANDEM_STORE)`);
  const url = nonEmpty(flags.pgUrl) ?? nonEmpty(env['TANDEM_PG_URL']);
  if (url === undefined) throw new TandemError('invalid_request', '--store postgres needs a PostgreSQL URL: set TANDEM_PG_URL or pass --pg-url (e.g. postgres://user@127.0.0.1:5432/tandem)');
  if (!/^postgres(ql)?:\/\//.test(url)) throw new TandemError('invalid_request', `TANDEM_PG_URL / --pg-url '${redactUrl(url)}' is not a postgres:// URL`);
  const schema = nonEmpty(env['TANDEM_PG_SCHEMA']);
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new TandemError('invalid_request', `TANDEM_PG_SCHEMA '${schema}' is not a lower-case SQL identifier (letters, digits, _)`);
  }
  return schema === undefined ? { kind, url } : { kind, url, schema };
}

/** A URL with its password, if any, replaced by `***`, for messages and status. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());
