/**
 * Opens a `LiveEngine` with what the command line asked for: the store, and optionally Redis as
 * hot cache (any Redis URL) and as the tick bus (`--bus redis`). The one place `serve` and the
 * tests build a scaled-out server from (docs/scaling.md).
 * @module
 */

import { DEFAULT_REDIS_PREFIX } from '../bus/bus-keys.js';
import { closeRedis, openRedis } from '../bus/redis/redis-client.js';
import { RedisBus, type RedisBusOptions } from '../bus/redis/redis-bus.js';
import type { MarketStores, StoreConfig } from '../store/market-stores.js';
import { openStores } from '../store/open-stores.js';
import { CachedMarketStores, warmBars } from '../store/redis/cached-market-stores.js';
import { RedisHotCache, type HotCacheOptions } from '../store/redis/redis-hot-cache.js';
import { LiveEngine, type LiveEngineOptions } from './live-engine.js';

export interface RedisConfig {
  readonly url: string;
  readonly prefix?: string;
  /** Read ticks from the bus instead of running sources. */
  readonly bus: boolean;
  /** Keep the hot cache (default true whenever Redis is configured). */
  readonly cache?: boolean;
  readonly cacheOptions?: Partial<Omit<HotCacheOptions, 'prefix' | 'rewarm'>>;
  readonly busOptions?: Pick<RedisBusOptions, 'consumer' | 'live' | 'maxLen'>;
}

export async function openEngine(opts: Omit<LiveEngineOptions, 'stores' | 'dbPath' | 'bus'> & { readonly store: StoreConfig; readonly redis?: RedisConfig }): Promise<LiveEngine> {
  const { store, redis, ...rest } = opts;
  const inner = await openStores(store);
  if (redis === undefined) {
    const engine = new LiveEngine({ ...rest, stores: inner });
    await engine.start();
    return engine;
  }
  const prefix = redis.prefix ?? DEFAULT_REDIS_PREFIX;
  let stores: MarketStores = inner;
  let engine: LiveEngine | null = null;
  try {
    if (redis.cache !== false) {
      const connection = await openRedis(redis.url, { name: 'tandem-cache', commandTimeoutMs: 2000, allowDown: true });
      const barsPerSeries = redis.cacheOptions?.barsPerSeries ?? 2000;
      const cache: RedisHotCache = new RedisHotCache(connection, {
        ...redis.cacheOptions,
        prefix,
        where: new URL(redis.url).host,
        rewarm: async () => {
          if (engine !== null) await warmBars(inner, cache, engine.timeframes, engine.clock, barsPerSeries);
        },
      });
      stores = new CachedMarketStores(inner, cache, () => closeRedis(connection));
    }
    const bus = redis.bus ? await RedisBus.open({ url: redis.url, prefix, ...redis.busOptions }) : undefined;
    engine = new LiveEngine({ ...rest, stores, ...(bus === undefined ? {} : { bus }) });
    await engine.start();
    return engine;
  } catch (e) {
    if (engine !== null) await engine.close();
    else await stores.close();
    throw e;
  }
}
