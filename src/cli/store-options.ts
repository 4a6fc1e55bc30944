/**
 * The store flags every command that opens the store takes (`--store`, `--db`, `--pg-url`),
 * resolved through the one resolver, `resolveStoreConfig` (store/market-stores.ts).
 * @module
 */

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { TandemError } from '../core/tandem-error.js';
import { resolveStoreConfig, type StoreConfig, type StoreFlags } from '../store/market-stores.js';

export type StoreOptions = StoreFlags;

/** Adds `--store`, `--db` and `--pg-url` to `cmd`. */
export function withStoreOptions(cmd: Command): Command {
  return cmd
    .option('--store <kind>', 'sqlite or postgres (env TANDEM_STORE; default sqlite)')
    .option('--db <path>', 'SQLite file (env TANDEM_DB; default data/tandem.db)')
    .option('--pg-url <url>', 'PostgreSQL URL for --store postgres (env TANDEM_PG_URL; schema from TANDEM_PG_SCHEMA, default public)');
}

export function storeConfigOf(opts: StoreOptions, env: Readonly<Record<string, string | undefined>> = process.env): StoreConfig {
  return resolveStoreConfig(opts, env);
}

/**
 * The store of a command that only reads (export, backtest): a SQLite file must exist, or a
 * typo in `--db` would create an empty database and report an empty answer as success.
 */
export function existingStoreConfigOf(opts: StoreOptions, env: Readonly<Record<string, string | undefined>> = process.env): StoreConfig {
  const config = resolveStoreConfig(opts, env);
  if (config.kind === 'sqlite' && config.path !== ':memory:' && !existsSync(config.path)) {
    throw new TandemError('invalid_request', `no SQLite file at ${config.path} (--db / TANDEM_DB); this command reads an existing store: import or serve creates one`);
  }
  return config;
}

/** A store named for a message: the SQLite file, or PostgreSQL's host/database and schema. */
export function describeStore(config: StoreConfig): string {
  if (config.kind === 'sqlite') return `SQLite ${config.path}`;
  const u = new URL(config.url);
  return `PostgreSQL ${u.host}${u.pathname} schema ${config.schema ?? 'public'}`;
}
