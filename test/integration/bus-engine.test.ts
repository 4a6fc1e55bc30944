/**
 * A server's engine on the bus, in process: ticks published by a simulator worker reach the
 * store through the group and the live path through the reader; an on-demand timeframe's
 * first bar is whole although the store lags the live path; the engine starts no source; the
 * worker's mark prices reach the server's status.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PublishQueue } from '../../src/bus/publish-queue.js';
import { RedisBus } from '../../src/bus/redis/redis-bus.js';
import { resampleOhlcv } from '../../src/bars/resample-ohlcv.js';
import { systemClock } from '../../src/core/clock.js';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { SimulatorSource } from '../../src/ingest/simulator/simulator-source.js';
import type { Bar } from '../../src/model/bar.js';
import type { MarkPrice } from '../../src/model/mark-price.js';
import { parseTimeframe, type TimeframeSpec } from '../../src/model/timeframe.js';
import type { MarketStores } from '../../src/store/market-stores.js';
import { SqliteMarketStores } from '../../src/store/sqlite/sqlite-market-stores.js';
import type { TickStore } from '../../src/store/tick-store.js';
import { dropPrefix, REDIS_URL, redisAvailable, uniquePrefix } from '../helpers/redis-service.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { waitFor } from '../helpers/wait-for.js';

const available = await redisAvailable();

describe.skipIf(!available)('LiveEngine on the bus', () => {
  const prefix = uniquePrefix('busengine');
  const dir = mkdtempSync(join(tmpdir(), 'tandem-busengine-'));
  let engine: LiveEngine | null = null;
  let worker: { source: SimulatorSource; queue: PublishQueue; bus: RedisBus } | null = null;
  const cleanups: (() => Promise<void>)[] = [];

  afterAll(async () => {
    await worker?.source.stop();
    await worker?.queue.close();
    await worker?.bus.close();
    await engine?.close();
    for (const c of cleanups.reverse()) await c();
    await dropPrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every published tick once, builds whole on-demand bars, and refuses a source', async () => {
    // Each commit of the store group takes 1.5 s, so the store lags the live path by that much.
    const inner = SqliteMarketStores.open(join(dir, 'bus.db'));
    const slowTicks = new Proxy(inner.ticks, {
      get: (target, key: keyof TickStore) =>
        key === 'appendTicks' ? async (batch: Parameters<TickStore['appendTicks']>[0]) => (await new Promise((r) => setTimeout(r, 1500)), target.appendTicks(batch)) : (target[key] as (...a: unknown[]) => unknown).bind(target),
    });
    const stores = new Proxy(inner, { get: (target, key: keyof MarketStores) => (key === 'ticks' ? slowTicks : typeof target[key] === 'function' ? (target[key] as (...a: unknown[]) => unknown).bind(target) : target[key]) });
    engine = new LiveEngine({ stores, flushMs: 20, bus: await RedisBus.open({ url: REDIS_URL, prefix, consumer: { blockMs: 100, discoverEveryMs: 100 } }) });
    await engine.start();
    const bus = await RedisBus.open({ url: REDIS_URL, prefix });
    const queue = new PublishQueue(bus.publisher(), { flushMs: 20 });
    const source = new SimulatorSource({ symbols: ['BTCUSDT', 'ETHUSDT'], seed: 9, clock: systemClock, tradesPerSecond: 300 });
    const lastMark = new Map<string, MarkPrice>();
    await source.start(
      (ticks) => queue.push(ticks),
      (marks) => {
        for (const m of marks) lastMark.set(m.symbol, m);
        void bus.publishMarks(marks);
      },
    );
    worker = { source, queue, bus };

    // The worker's mark prices reach the server's status (the Overview cards' funding) over Pub/Sub.
    await waitFor('a mark price of BTCUSDT on the server', async () => (await engine!.status()).symbols.find((s) => s.symbol === 'BTCUSDT')?.mark != null, 10_000);
    const mark = (await engine.status()).symbols.find((s) => s.symbol === 'BTCUSDT')!.mark!;
    expect(mark.fundingRate).toBe(lastMark.get('BTCUSDT')!.fundingRate);
    expect(mark.nextFundingTime).toBe(lastMark.get('BTCUSDT')!.nextFundingTime);
    expect(mark.markPrice).toBeGreaterThan(0);

    await expect(engine.startIngestion({ source: 'sim', symbols: ['BTCUSDT'] })).rejects.toThrow(/reads ticks from the bus; run `tandem ingest/);

    // Subscribe to an on-demand timeframe a little after the start, mid-bucket.
    await new Promise((r) => setTimeout(r, 1300));
    const tf = (parseTimeframe('2s') as { ok: true; value: TimeframeSpec }).value;
    const finals: Bar[] = [];
    const unsubscribe = engine.subscribeBars('BTCUSDT', tf, (u) => {
      if (u.final && u.revised !== true) finals.push(u.bar);
    });
    await waitFor('three final 2s bars', () => finals.length >= 3, 15_000);
    unsubscribe();
    await source.stop();
    await queue.close();

    await waitFor('the store holds every published tick', async () => (await engine!.store.ticks.tickCount()) === queue.count(), 15_000);
    const stored = await engine.store.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 1_000_000 });
    const cols = resampleOhlcv(stored.map((t) => t.ts), stored.map((t) => t.price), stored.map((t) => t.qty), 2000);
    const byStart = new Map(Array.from(cols.ts, (s, i) => [s, i]));
    // The first on-demand bar included the trades of its bucket from before the subscription.
    for (const b of finals.slice(0, 3)) {
      const i = byStart.get(b.start);
      expect(i).toBeDefined();
      expect(b.trades).toBe(cols.count[i!]);
      expect(b.close).toBe(cols.close[i!]);
    }
    const status = await engine.status();
    expect(status.bus?.consumer.ticksCommitted).toBe(queue.count());
    expect(status.bus?.streams?.map((s) => s.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(status.cache).toBeNull();
  });

  it('rides out a Redis outage: the worker holds its ticks, the server resumes, nothing lost or doubled', async () => {
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(REDIS_URL).port || 6379));
    await proxy.start();
    const via = `redis://127.0.0.1:${proxy.port}`;
    const outagePrefix = uniquePrefix('busoutage');
    const server = new LiveEngine({ dbPath: ':memory:', flushMs: 20, bus: await RedisBus.open({ url: via, prefix: outagePrefix, consumer: { blockMs: 100, discoverEveryMs: 100 } }) });
    await server.start();
    const live = new Set<number>();
    let liveRepeats = 0;
    server.hub.subscribe((ticks) => {
      for (const t of ticks) {
        if (live.has(t.tradeId)) liveRepeats++;
        live.add(t.tradeId);
      }
    });
    const wbus = await RedisBus.open({ url: via, prefix: outagePrefix });
    const errors: unknown[] = [];
    const queue = new PublishQueue(wbus.publisher(), { flushMs: 20, onError: (e) => errors.push(e) });
    const published: number[] = [];
    const source = new SimulatorSource({ symbols: ['BTCUSDT'], seed: 4, clock: systemClock, tradesPerSecond: 200 });
    await source.start((ticks) => {
      for (const t of ticks) published.push(t.tradeId);
      queue.push(ticks);
    });
    cleanups.push(async () => {
      await source.stop();
      await queue.close(1000);
      await wbus.close();
      await server.close();
      await proxy.stop();
      await dropPrefix(outagePrefix);
    });
    await waitFor('ticks through the bus', () => live.size > 50, 10_000);
    await proxy.stop();
    await new Promise((r) => setTimeout(r, 1500));
    expect(errors.length).toBeGreaterThan(0);
    expect(queue.backlog()).toBeGreaterThan(0);
    await proxy.start(proxy.port);
    await new Promise((r) => setTimeout(r, 500));
    await source.stop();
    await queue.close();
    expect(queue.backlog()).toBe(0);
    const expected = [...published].sort((a, b) => a - b);
    await waitFor('the store holds every published tick', async () => (await server.store.ticks.tickCount()) === expected.length, 15_000);
    const stored = (await server.store.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 1_000_000 })).map((t) => t.tradeId).sort((a, b) => a - b);
    expect(stored).toEqual(expected);
    await waitFor('the live path saw every tick', () => live.size === expected.length, 10_000);
    expect(liveRepeats).toBe(0);
  });
});
