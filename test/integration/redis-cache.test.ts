/**
 * The Redis hot cache against the real Redis: covered ranges come from Redis and equal the
 * store's answer, uncovered ones from the store; trimming and TTLs shrink what it answers;
 * an outage (a proxy cut between the cache and Redis) degrades to the store with a warning and
 * recovers when Redis is back. Each test has its own key prefix.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { epochMs, price, qty } from '../../src/core/brand.js';
import { systemClock } from '../../src/core/clock.js';
import { openRedis } from '../../src/bus/redis/redis-client.js';
import type { Bar } from '../../src/model/bar.js';
import type { Tick } from '../../src/model/tick.js';
import { parseTimeframe, type TimeframeSpec } from '../../src/model/timeframe.js';
import { CachedMarketStores, warmBars } from '../../src/store/redis/cached-market-stores.js';
import { RedisHotCache, type HotCacheOptions } from '../../src/store/redis/redis-hot-cache.js';
import { SqliteMarketStores } from '../../src/store/sqlite/sqlite-market-stores.js';
import { dropPrefix, REDIS_URL, redisAvailable, uniquePrefix } from '../helpers/redis-service.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { waitFor } from '../helpers/wait-for.js';

const available = await redisAvailable();
const tf1s = (parseTimeframe('1s') as { ok: true; value: TimeframeSpec }).value;

function tick(symbol: string, ts: number, id: number): Tick {
  return { symbol, ts: epochMs(ts), price: price(100 + id / 100), qty: qty(0.5 + (id % 3)), tradeId: id, buyerMaker: id % 2 === 1, source: 'binance' };
}
function bar(symbol: string, start: number, close: number): Bar {
  return { symbol, tf: '1s', start: epochMs(start), open: price(close - 1), high: price(close + 1), low: price(close - 2), close: price(close), volume: qty(3), vwap: price(close), trades: 4 } as unknown as Bar;
}

interface Rig {
  stores: CachedMarketStores;
  cache: RedisHotCache;
  inner: SqliteMarketStores;
  prefix: string;
  proxy: TcpProxy | null;
}
let rig: Rig | null = null;

async function start(opts: Partial<HotCacheOptions> = {}, viaProxy = false): Promise<Rig> {
  const prefix = uniquePrefix('cache');
  const proxy = viaProxy ? new TcpProxy('127.0.0.1', Number(new URL(REDIS_URL).port || 6379)) : null;
  await proxy?.start();
  const redis = await openRedis(proxy === null ? REDIS_URL : `redis://127.0.0.1:${proxy.port}`, { name: 'cache-test', commandTimeoutMs: 1000 });
  const inner = SqliteMarketStores.open(':memory:');
  let cache: RedisHotCache | null = null;
  cache = new RedisHotCache(redis, { prefix, flushMs: 20, ...opts, rewarm: () => warmBars(inner, cache!, [tf1s], systemClock, opts.barsPerSeries ?? 2000) });
  const stores = new CachedMarketStores(inner, cache);
  rig = { stores, cache, inner, prefix, proxy };
  // Close the connection with the rig.
  const close = stores.close.bind(stores);
  stores.close = async () => {
    await close();
    redis.disconnect();
  };
  return rig;
}

afterEach(async () => {
  if (rig === null) return;
  await rig.stores.close();
  await rig.proxy?.stop();
  await dropPrefix(rig.prefix);
  rig = null;
});

describe.skipIf(!available)('Redis hot cache', () => {
  it('answers bar ranges it covers from Redis, equal to the store, and older ranges from the store', async () => {
    const now = Math.floor(Date.now() / 1000) * 1000;
    const r = await start({ barsPerSeries: 50 });
    const all = Array.from({ length: 120 }, (_, i) => bar('BTCUSDT', now - (120 - i) * 1000, 100 + i));
    await r.inner.bars.upsertBars(all);
    await r.cache.start();
    const before = r.cache.health();
    expect(before.state).toBe('ok');
    const recent = await r.stores.bars.queryBars({ symbol: 'BTCUSDT', tf: '1s', from: now - 40_000, limit: 1000 });
    expect(r.cache.health().hits).toBe(before.hits + 1);
    expect(recent).toEqual(await r.inner.bars.queryBars({ symbol: 'BTCUSDT', tf: '1s', from: now - 40_000, limit: 1000 }));
    expect(recent).toHaveLength(40);
    const old = await r.stores.bars.queryBars({ symbol: 'BTCUSDT', tf: '1s', from: now - 100_000, limit: 1000 });
    expect(r.cache.health().misses).toBe(before.misses + 1);
    expect(old).toHaveLength(100);
    // A live final bar and a revision of it go to both.
    await r.stores.bars.upsertBars([bar('BTCUSDT', now, 500)]);
    await r.stores.bars.upsertBars([bar('BTCUSDT', now, 501)]);
    await r.cache.flush();
    const last = await r.stores.bars.queryBars({ symbol: 'BTCUSDT', tf: '1s', from: now, limit: 10 });
    expect(last.map((b) => b.close)).toEqual([501]);
    expect(r.cache.health().hits).toBe(before.hits + 2);
  });

  it('covers ticks from just after the first live tick on; trimming raises the coverage', async () => {
    const r = await start({ ticksPerSymbol: 100 });
    await r.cache.start();
    const t0 = 1_700_000_000_000;
    const live = Array.from({ length: 60 }, (_, i) => tick('ETHUSDT', t0 + Math.floor(i / 3), i + 1));
    await r.inner.ticks.appendTicks(live);
    r.cache.pushTicks(live);
    await r.cache.flush();
    // Two more ticks share the first tick's millisecond: that millisecond is not covered.
    expect(await r.cache.queryTicks({ symbol: 'ETHUSDT', from: t0, limit: 1000 })).toBeNull();
    const page = await r.stores.ticks.queryTicks({ symbol: 'ETHUSDT', from: t0 + 1, limit: 10, after: { ts: t0 + 1, tradeId: 4 } });
    expect(page).toEqual((await r.inner.ticks.queryTicks({ symbol: 'ETHUSDT', from: t0 + 1, limit: 10, after: { ts: t0 + 1, tradeId: 4 } })));
    expect(page[0]!.tradeId).toBe(5);
    const more = Array.from({ length: 90 }, (_, i) => tick('ETHUSDT', t0 + 20 + i, 61 + i));
    r.cache.pushTicks(more);
    await r.cache.flush();
    // 150 ticks, 100 kept: ids 1-50 trimmed; id 51 at t0+16 kept, but ids 49 and 50 of that ms were not.
    expect(await r.cache.queryTicks({ symbol: 'ETHUSDT', from: t0 + 16, limit: 1000 })).toBeNull();
    const kept = await r.cache.queryTicks({ symbol: 'ETHUSDT', from: t0 + 17, limit: 1000 });
    expect(kept?.map((t) => t.tradeId)).toEqual(Array.from({ length: 99 }, (_, i) => 52 + i));
  });

  it('takes a burst of 30,000 ticks in one flush (chunked), keeping the newest and covering them', async () => {
    const r = await start({ ticksPerSymbol: 5000 });
    await r.cache.start();
    const t0 = 1_700_000_000_000;
    r.cache.pushTicks(Array.from({ length: 30_000 }, (_, i) => tick('BNBUSDT', t0 + i, i + 1)));
    await r.cache.flush();
    expect(r.cache.health().state).toBe('ok');
    const kept = await r.cache.queryTicks({ symbol: 'BNBUSDT', from: t0 + 25_000, limit: 10_000 });
    expect(kept?.map((t) => t.tradeId)).toEqual(Array.from({ length: 5000 }, (_, i) => 25_001 + i));
    expect(await r.cache.queryTicks({ symbol: 'BNBUSDT', from: t0 + 24_999, limit: 10 })).toBeNull();
  });

  it('an import around the live path ends the tick coverage of its symbol', async () => {
    const r = await start();
    await r.cache.start();
    const t0 = 1_700_000_000_000;
    r.cache.pushTicks([tick('SOLUSDT', t0, 1), tick('SOLUSDT', t0 + 10, 2)]);
    await r.cache.flush();
    expect(await r.cache.queryTicks({ symbol: 'SOLUSDT', from: t0 + 5, limit: 10 })).toHaveLength(1);
    await r.stores.ticks.appendTicks([tick('SOLUSDT', t0 + 7, 99)]);
    expect(await r.cache.queryTicks({ symbol: 'SOLUSDT', from: t0 + 5, limit: 10 })).toBeNull();
    expect((await r.stores.ticks.queryTicks({ symbol: 'SOLUSDT', from: t0 + 5, limit: 10 })).map((t) => t.tradeId)).toEqual([99]);
  });

  it('keys expire after their TTL, and then the store answers', async () => {
    const r = await start({ ttlMs: 300 });
    await r.cache.start();
    const t0 = 1_700_000_000_000;
    r.cache.pushTicks([tick('ADAUSDT', t0, 1), tick('ADAUSDT', t0 + 5, 2)]);
    await r.cache.flush();
    expect(await r.cache.queryTicks({ symbol: 'ADAUSDT', from: t0 + 1, limit: 10 })).toHaveLength(1);
    await waitFor('the keys expired', async () => (await r.cache.queryTicks({ symbol: 'ADAUSDT', from: t0 + 1, limit: 10 })) === null, 3000);
  });

  it('a Redis outage degrades to the store with a warning, never an error, and recovers', async () => {
    const now = Math.floor(Date.now() / 1000) * 1000;
    const r = await start({ barsPerSeries: 50 }, true);
    await r.inner.bars.upsertBars(Array.from({ length: 30 }, (_, i) => bar('BTCUSDT', now - (30 - i) * 1000, 100 + i)));
    await r.cache.start();
    const q = { symbol: 'BTCUSDT', tf: '1s', from: now - 20_000, limit: 1000 };
    const truth = await r.inner.bars.queryBars(q);
    expect(await r.stores.bars.queryBars(q)).toEqual(truth);
    expect(r.cache.health().hits).toBe(1);
    await r.proxy!.stop();
    // Every read still answers, from the store, fast.
    const t = Date.now();
    for (let i = 0; i < 5; i++) expect(await r.stores.bars.queryBars(q)).toEqual(truth);
    // Fails fast (no offline queue): nowhere near a reconnect loop's tens of seconds.
    expect(Date.now() - t).toBeLessThan(5000);
    const down = r.cache.health();
    expect(down.state).toBe('degraded');
    expect(down.warning).toMatch(/Redis hot cache unavailable, reading the store instead/);
    // Writes while down go to the store; the cache must not serve a range missing them later.
    await r.stores.bars.upsertBars([bar('BTCUSDT', now, 999)]);
    await r.proxy!.start();
    await waitFor('the cache recovered', () => r.cache.health().state === 'ok', 10_000);
    const after = await r.stores.bars.queryBars({ ...q, from: now - 5000 });
    expect(after.map((b) => b.close)).toEqual([125, 126, 127, 128, 129, 999]);
    expect(r.cache.health().warning).toBeNull();
  });
});
