/**
 * `openStores`: opens the `MarketStores` a `StoreConfig` names (migrating the schema), the one
 * factory that knows every adapter.
 * @module
 */

import type { MarketStores, StoreConfig } from './market-stores.js';
import { PostgresMarketStores } from './postgres/postgres-market-stores.js';
import { SqliteMarketStores } from './sqlite/sqlite-market-stores.js';

export async function openStores(config: StoreConfig): Promise<MarketStores> {
  if (config.kind === 'sqlite') return SqliteMarketStores.open(config.path);
  return PostgresMarketStores.open(config.schema === undefined ? { url: config.url } : { url: config.url, schema: config.schema });
}
