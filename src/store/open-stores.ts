/**
 * `openStores`: opens the `MarketStores` a `StoreConfig` names (migrating the schema), the one
 * factory that knows every adapter.
 * @module
 */

import { TandemError } from '../core/tandem-error.js';
import type { MarketStores, StoreConfig } from './market-stores.js';
import { SqliteMarketStores } from './sqlite/sqlite-market-stores.js';

export function openStores(config: StoreConfig): Promise<MarketStores> {
  if (config.kind === 'sqlite') return Promise.resolve(SqliteMarketStores.open(config.path));
  return Promise.reject(new TandemError('store_unavailable', 'the PostgreSQL store is not built in yet'));
}
