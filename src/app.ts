/**
 * `App`: Tandem as a library. One object owns a live engine on a store (a SQLite file by
 * default, or PostgreSQL): start ingestion, add alert rules (persisted, evaluated live,
 * delivered to listeners and webhooks), import OHLC files, and close cleanly. The server and
 * CLI are built on the same engine.
 *
 * @example
 *   import { App } from 'tandem'; // package.json "exports" maps it to dist/app.js
 *   const app = new App({ dbPath: 'data/tandem.db' });
 *   // or: await App.open({ store: { kind: 'postgres', url: 'postgres://postgres@127.0.0.1/tandem' } })
 *   await app.startIngestion(['BTCUSDT', 'ETHUSDT']);          // the simulator by default
 *   app.onAlert((e) => console.log(e.severity, e.message));
 *   await app.addAlertRule('zscore', { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1m', window: 60, threshold: 2 });
 *   await app.uploadOhlcData('SOLUSDT-1m.csv', 'SOLUSDT', '1m');
 *   await app.close();
 * @module
 */

import { createReadStream } from 'node:fs';
import { TandemError } from './core/tandem-error.js';
import type { AlertRuleInput } from './alerts/validate-rule.js';
import type { AlertListener, AlertRuleView } from './engine/alert-engine.js';
import { importOhlc, type ImportResult } from './engine/file-import.js';
import { LiveEngine, type LiveEngineOptions } from './engine/live-engine.js';
import type { AlertEvent } from './model/alert-event.js';
import type { AlertRule, AlertRuleType } from './model/alert-rule.js';
import { parseSymbol } from './model/market-symbol.js';
import { parseTimeframe } from './model/timeframe.js';
import type { AlertEventQuery } from './store/alert-store.js';
import { resolveStoreConfig, type StoreConfig } from './store/market-stores.js';
import { openStores } from './store/open-stores.js';

export type { AlertEvent } from './model/alert-event.js';
export type { AlertRule, AlertRuleType } from './model/alert-rule.js';
export type { ImportResult } from './engine/file-import.js';
export type { StoreConfig } from './store/market-stores.js';
export { TandemError } from './core/tandem-error.js';

export interface AppOptions extends Partial<LiveEngineOptions> {
  /** SQLite file (default `TANDEM_DB` or `data/tandem.db`; `:memory:` for a throwaway). */
  readonly dbPath?: string;
}

export interface AppOpenOptions extends Omit<AppOptions, 'dbPath' | 'stores'> {
  /**
   * The store: `{ kind: 'sqlite', path }` or `{ kind: 'postgres', url, schema? }`; by default
   * the one `TANDEM_STORE`, `TANDEM_DB`, `TANDEM_PG_URL` and `TANDEM_PG_SCHEMA` name.
   */
  readonly store?: StoreConfig;
}

export interface IngestionOptions {
  /** `simulator` (default), `binance` or `replay`. */
  readonly source?: string;
  readonly seed?: number;
  /** `replay`: the file to play, and its speed (`1x`, `10x`, `100x`, `max`). */
  readonly path?: string;
  readonly speed?: string;
}

/** Everything of a rule but its type and params, all optional (name, severity, cooldown...). */
export type AlertRuleOptions = Omit<Partial<AlertRuleInput>, 'type' | 'params'>;

export class App {
  readonly engine: LiveEngine;

  /** An app on SQLite (`dbPath`) or on stores already open (`stores`); `App.open` takes any store config. */
  constructor(opts: AppOptions = {}) {
    this.engine = new LiveEngine(opts.stores !== undefined ? opts : { ...opts, dbPath: opts.dbPath ?? process.env['TANDEM_DB'] ?? 'data/tandem.db' });
  }

  /** Opens the store (migrating it) and an app on it; rejects with a `TandemError` naming what is missing. */
  static async open(opts: AppOpenOptions = {}): Promise<App> {
    const { store, ...rest } = opts;
    return new App({ ...rest, stores: await openStores(store ?? resolveStoreConfig({}, process.env)) });
  }

  /** Starts ingesting `symbols` (replacing a running source). */
  async startIngestion(symbols: string | readonly string[], opts: IngestionOptions = {}): Promise<void> {
    await this.engine.startIngestion({ source: opts.source ?? 'simulator', symbols: typeof symbols === 'string' ? [symbols] : symbols, ...opts });
  }

  async stopIngestion(): Promise<void> {
    await this.engine.stopIngestion();
  }

  /**
   * Adds an alert rule (persisted; evaluated from its next value on). Params per type are in
   * docs/api.md, "Alerts"; a symbol must be trading or have stored data. Throws a
   * `TandemError('invalid_rule')` whose message names the field.
   */
  async addAlertRule(type: AlertRuleType, params: Readonly<Record<string, unknown>>, options: AlertRuleOptions = {}): Promise<AlertRule> {
    const known = new Set((await this.engine.status()).symbols.map((s) => s.symbol));
    return this.engine.alerts.createRule({ ...options, type, params }, (s) => known.has(s));
  }

  async alertRules(): Promise<AlertRuleView[]> {
    return this.engine.alerts.listRules();
  }

  async removeAlertRule(id: string): Promise<boolean> {
    return this.engine.alerts.deleteRule(id);
  }

  /** Calls `listener` with each alert event as it is stored; returns the unsubscribe. */
  onAlert(listener: AlertListener): () => void {
    return this.engine.alerts.onEvent(listener);
  }

  /** Stored alert events, oldest first unless `order: 'desc'`. */
  async alertEvents(q: Partial<AlertEventQuery> = {}): Promise<AlertEvent[]> {
    return this.engine.store.alerts.queryEvents({ limit: 1000, ...q });
  }

  /**
   * Imports an OHLC CSV (`timestamp,open,high,low,close,volume`) of `symbol` at a stored
   * timeframe (1s, 1m, 5m), all-or-nothing (docs/api.md, "Replay and import").
   */
  async uploadOhlcData(file: string, symbol: string, tf: string): Promise<ImportResult> {
    const s = parseSymbol(symbol);
    if (!s.ok) throw new TandemError('invalid_request', `symbol: ${s.error.message}`);
    const t = parseTimeframe(tf);
    if (!t.ok) throw new TandemError('invalid_request', `tf: ${t.error.message}`);
    return importOhlc(this.engine.store, createReadStream(file, { highWaterMark: 1 << 16 }), { symbol: s.value, tf: t.value, storedTimeframes: this.engine.timeframes, name: file });
  }

  /** Stops ingestion, waits for alert deliveries, flushes and closes the database. */
  async close(): Promise<void> {
    await this.engine.close();
  }
}
