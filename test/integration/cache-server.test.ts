/**
 * The hot cache in a running server: the dashboard's bar and tick reads are answered from Redis
 * while it covers them; when Redis goes away (a proxy cut between server and Redis) every read
 * still answers correctly from the store and `GET /api/status` carries the warning; when Redis
 * is back the cache serves again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveEngine } from '../../src/engine/live-engine.js';
import { openEngine } from '../../src/engine/open-engine.js';
import { buildServer } from '../../src/server/build-server.js';
import type { Status } from '../../src/server/dto/api-schemas.js';
import type { CachedMarketStores } from '../../src/store/redis/cached-market-stores.js';
import { dropPrefix, REDIS_URL, redisAvailable, uniquePrefix } from '../helpers/redis-service.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { waitFor } from '../helpers/wait-for.js';

const available = await redisAvailable();

describe.skipIf(!available)('hot cache in the server', () => {
  const prefix = uniquePrefix('cacheserver');
  const dir = mkdtempSync(join(tmpdir(), 'tandem-cache-'));
  const proxy = new TcpProxy('127.0.0.1', Number(new URL(REDIS_URL).port || 6379));
  let engine: LiveEngine;
  let app: FastifyInstance;

  afterAll(async () => {
    await app?.close();
    await engine?.close();
    await proxy.stop();
    await dropPrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  const status = async (): Promise<Status> => (await app.inject({ url: '/api/status' })).json<Status>();
  const bars = async (from: number): Promise<{ items: { start: number; close: number }[] }> => {
    const res = await app.inject({ url: `/api/bars?symbol=BTCUSDT&tf=1s&from=${from}&limit=5000` });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  it('serves from Redis, degrades to the store with a warning when Redis is cut, and recovers', async () => {
    await proxy.start();
    engine = await openEngine({ store: { kind: 'sqlite', path: join(dir, 'tandem.db') }, seed: 3, flushMs: 20, redis: { url: `redis://127.0.0.1:${proxy.port}`, prefix, bus: false } });
    app = await buildServer({ engine, version: 'test' });
    await engine.startIngestion({ source: 'sim', symbols: ['BTCUSDT', 'ETHUSDT'] });
    await waitFor('three final 1s bars', async () => (await bars(0)).items.length >= 3, 10_000);
    // The cache covers a new series from the first bar it wrote: ask from the second, as a
    // dashboard that reconnects asks from its last bars.
    const from = (await bars(0)).items[1]!.start;
    expect((await status()).cache?.state).toBe('ok');
    const cached = engine.store as CachedMarketStores;
    // The same answer as the store's own, and it came from the cache.
    const hits = cached.cache.health().hits;
    await engine.flush();
    const viaCache = await bars(from);
    expect(cached.cache.health().hits).toBeGreaterThan(hits);
    const fromStore = await cached.inner.bars.queryBars({ symbol: 'BTCUSDT', tf: '1s', from, limit: 5000 });
    expect(viaCache.items.map((b) => b.start)).toEqual(fromStore.slice(0, viaCache.items.length).map((b) => b.start));

    await proxy.stop();
    const t = Date.now();
    const during = await bars(from);
    // Fails fast (no offline queue): nowhere near a reconnect loop's tens of seconds.
    expect(Date.now() - t).toBeLessThan(5000);
    expect(during.items.length).toBeGreaterThanOrEqual(viaCache.items.length);
    const ticks = await app.inject({ url: '/api/ticks?symbol=ETHUSDT&limit=5' });
    expect(ticks.statusCode).toBe(200);
    const st = await status();
    expect(st.cache?.state).toBe('degraded');
    expect(st.cache?.warning).toMatch(/Redis hot cache unavailable, reading the store instead/);
    expect(st.state).toBe('live');
    // Bars keep flowing to the store meanwhile.
    await waitFor('new bars while Redis is away', async () => (await bars(from)).items.length > during.items.length + 1, 10_000);

    await proxy.start(proxy.port);
    await waitFor('the cache back to ok', async () => (await status()).cache?.state === 'ok', 10_000);
    expect((await status()).cache?.warning).toBeNull();
    // Re-warmed from the store: a recent range is served by the cache again, with the bars
    // written while it was away.
    const again = cached.cache.health().hits;
    await engine.flush();
    const recent = await bars(from);
    expect(cached.cache.health().hits).toBeGreaterThan(again);
    const truth = await cached.inner.bars.queryBars({ symbol: 'BTCUSDT', tf: '1s', from, limit: 5000 });
    expect(recent.items.map((b) => b.start)).toEqual(truth.slice(0, recent.items.length).map((b) => b.start));
    expect(recent.items.length).toBeGreaterThanOrEqual(truth.length - 1);
  });
});
