/**
 * The Redis Streams bus against the real Redis: the store group commits each tick once and
 * acknowledges after the commit, takes over a dead member's pending entries, trims only what it
 * acknowledged; the live reader sees every tick once. Each run has its own key prefix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { epochMs, price, qty } from '../../src/core/brand.js';
import { TandemError } from '../../src/core/tandem-error.js';
import { STORE_GROUP } from '../../src/bus/bus-keys.js';
import { removeDeadConsumers } from '../../src/bus/redis/dead-consumer-sweeper.js';
import { RedisBus } from '../../src/bus/redis/redis-bus.js';
import type { RedisGroupConsumer } from '../../src/bus/redis/redis-group-consumer.js';
import { StreamTrimmer } from '../../src/bus/redis/stream-trimmer.js';
import type { LiveTicks, TickGroupConsumer } from '../../src/bus/tick-bus.js';
import type { Tick } from '../../src/model/tick.js';
import { dropPrefix, REDIS_URL, redisAvailable, uniquePrefix } from '../helpers/redis-service.js';
import { waitFor } from '../helpers/wait-for.js';

const available = await redisAvailable();

function ticks(symbol: string, fromId: number, n: number, source: Tick['source'] = 'binance'): Tick[] {
  return Array.from({ length: n }, (_, i) => ({
    symbol,
    ts: epochMs(1_700_000_000_000 + fromId + i),
    price: price(100 + (fromId + i) / 1000),
    qty: qty(0.001 * (1 + ((fromId + i) % 7))),
    tradeId: fromId + i,
    buyerMaker: (fromId + i) % 2 === 0,
    source,
  }));
}

/** A store that records every commit, keyed like the real ones on (symbol, tradeId). */
class RecordingStore {
  readonly rows = new Map<string, Tick>();
  commits = 0;
  rowsOffered = 0;
  commit = async (batch: readonly Tick[]): Promise<void> => {
    this.commits++;
    this.rowsOffered += batch.length;
    for (const t of batch) this.rows.set(`${t.symbol}|${t.tradeId}`, t);
  };
  ids(symbol: string): number[] {
    return [...this.rows.values()].filter((t) => t.symbol === symbol).map((t) => t.tradeId).sort((a, b) => a - b);
  }
}

describe.skipIf(!available)('Redis Streams bus', () => {
  const prefixes: string[] = [];
  const open: { close(): Promise<void> }[] = [];
  let raw: Redis;

  beforeAll(() => {
    raw = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    for (const o of open.reverse()) await o.close();
    for (const p of prefixes) await dropPrefix(p);
    raw.disconnect();
  });

  async function bus(name: string, consumer: Partial<ConstructorParameters<typeof RedisGroupConsumer>[2]> = {}): Promise<RedisBus> {
    const prefix = uniquePrefix(name);
    prefixes.push(prefix);
    const b = await RedisBus.open({ url: REDIS_URL, prefix, consumer: { blockMs: 100, discoverEveryMs: 100, ...consumer } });
    open.push(b);
    return b;
  }

  function startConsumer(b: RedisBus, store: RecordingStore): TickGroupConsumer {
    const c = b.groupConsumer();
    c.start(store.commit);
    open.push({ close: () => c.stop() });
    return c;
  }

  it('commits every published tick once between two group members, in whole entries', async () => {
    const b = await bus('split');
    const pub = b.publisher();
    const store = new RecordingStore();
    const [c1, c2] = [startConsumer(b, store), startConsumer(b, store)];
    for (let i = 0; i < 40; i++) await pub.publish([...ticks('BTCUSDT', 1000 + i * 25, 25), ...ticks('ETHUSDT', 5000 + i * 10, 10), ...ticks('SOLUSDT', 9000 + i * 5, 5)]);
    await waitFor('all 1,600 ticks committed', () => store.rows.size === 1600);
    await waitFor('nothing pending', async () => (await b.status()).streams.every((s) => s.pending === 0 && s.lag === 0));
    expect(store.ids('BTCUSDT')).toEqual(Array.from({ length: 1000 }, (_, i) => 1000 + i));
    // No crash, so no entry went to two members: offered rows equal distinct rows.
    expect(store.rowsOffered).toBe(1600);
    expect(c1.stats().entriesCommitted + c2.stats().entriesCommitted).toBe(120);
    expect(await pub.lastPublishedTradeId('BTCUSDT', 'binance')).toBe(1999);
    expect(await pub.lastPublishedTradeId('BTCUSDT', 'simulator')).toBeNull();
  });

  it('acknowledges only after the commit: a failing commit leaves entries pending, and a retry stores them', async () => {
    const b = await bus('retry');
    const pub = b.publisher();
    const store = new RecordingStore();
    let failuresLeft = 3;
    const c = b.groupConsumer();
    c.start(async (batch) => {
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new Error('database is down');
      }
      await store.commit(batch);
    });
    open.push({ close: () => c.stop() });
    await pub.publish(ticks('BTCUSDT', 1, 50));
    await waitFor('a failed commit', () => c.stats().commitFailures >= 1);
    const during = await b.status();
    expect(store.rows.size).toBe(0);
    expect(during.streams[0]!.pending).toBe(1);
    await waitFor('the retry stored all', () => store.rows.size === 50);
    await waitFor('acknowledged', async () => (await b.status()).streams[0]!.pending === 0);
    expect(c.stats().commitFailures).toBe(3);
  });

  it("takes over a dead member's pending entries after the claim time", async () => {
    const b = await bus('claim', { claimIdleMs: 300 });
    const pub = b.publisher();
    await pub.publish([...ticks('BTCUSDT', 1, 30), ...ticks('ETHUSDT', 1, 20)]);
    await pub.publish(ticks('BTCUSDT', 31, 30));
    const key = b.keys.stream('BTCUSDT');
    const eth = b.keys.stream('ETHUSDT');
    for (const k of [key, eth]) await raw.call('XGROUP', ['CREATE', k, STORE_GROUP, '0', 'MKSTREAM']);
    // A server that read entries and died before acknowledging them.
    await raw.call('XREADGROUP', ['GROUP', STORE_GROUP, 'dead-server', 'COUNT', '10', 'STREAMS', key, eth, '>', '>']);
    const store = new RecordingStore();
    const c = startConsumer(b, store);
    await waitFor('the dead member’s 80 ticks committed', () => store.rows.size === 80, 10_000);
    expect(c.stats().entriesClaimed).toBe(3);
    await waitFor('nothing pending', async () => (await b.status()).streams.every((s) => s.pending === 0));
  });

  it('removes a dead member from the group once its entries are taken over, and keeps the live ones', async () => {
    const b = await bus('deadmember', { claimIdleMs: 300 });
    const pub = b.publisher();
    await pub.publish(ticks('BTCUSDT', 1, 30));
    const key = b.keys.stream('BTCUSDT');
    await raw.call('XGROUP', ['CREATE', key, STORE_GROUP, '0', 'MKSTREAM']);
    await raw.call('XREADGROUP', ['GROUP', STORE_GROUP, 'dead-server', 'COUNT', '10', 'STREAMS', key, '>']);
    const store = new RecordingStore();
    const live = [startConsumer(b, store), startConsumer(b, store)];
    await waitFor('the dead member’s ticks committed', () => store.rows.size === 30, 10_000);
    await waitFor('the dead member removed', async () => !(await b.status()).consumers.some((c) => c.name === 'dead-server'), 10_000);
    expect(live.reduce((n, c) => n + c.stats().consumersRemoved, 0)).toBe(1);
    // Both live members read every 100 ms: however long they run, neither is removed.
    await new Promise((r) => setTimeout(r, 1000));
    await pub.publish(ticks('BTCUSDT', 31, 10));
    await waitFor('new ticks committed', () => store.rows.size === 40);
    // Redis lists a member only once it has been given an entry; whoever is listed is live, and no live member was removed.
    const names = (await b.status()).consumers.map((c) => c.name);
    expect(names.length).toBeGreaterThanOrEqual(1);
    expect(names.every((n) => live.some((c) => c.stats().consumer === n))).toBe(true);
    expect(live.reduce((n, c) => n + c.stats().consumersRemoved, 0)).toBe(1);
  });

  it('never removes a member that still holds pending entries, however idle, nor one whose heartbeat is recent', async () => {
    const b = await bus('holder');
    await b.publisher().publish(ticks('BTCUSDT', 1, 5));
    const key = b.keys.stream('BTCUSDT');
    await raw.call('XGROUP', ['CREATE', key, STORE_GROUP, '0', 'MKSTREAM']);
    await raw.call('XREADGROUP', ['GROUP', STORE_GROUP, 'holder', 'STREAMS', key, '>']);
    await raw.call('XGROUP', ['CREATECONSUMER', key, STORE_GROUP, 'empty']);
    await raw.call('XGROUP', ['CREATECONSUMER', key, STORE_GROUP, 'me']);
    await new Promise((r) => setTimeout(r, 50));
    expect(await removeDeadConsumers(raw, key, b.keys.members, STORE_GROUP, 'me', 20)).toEqual(['empty']);
    const left = ((await raw.call('XINFO', ['CONSUMERS', key, STORE_GROUP])) as unknown[][]).map((c) => String(c[1])).sort();
    expect(left).toEqual(['holder', 'me']);
    // Younger than the idle limit: kept. Idle but with a recent heartbeat (a live member of a quiet stream): kept.
    await raw.call('XGROUP', ['CREATECONSUMER', key, STORE_GROUP, 'fresh']);
    expect(await removeDeadConsumers(raw, key, b.keys.members, STORE_GROUP, 'me', 60_000)).toEqual([]);
    await new Promise((r) => setTimeout(r, 50));
    await removeDeadConsumers(raw, key, b.keys.members, STORE_GROUP, 'fresh', 60_000);
    expect(await removeDeadConsumers(raw, key, b.keys.members, STORE_GROUP, 'me', 20)).toEqual([]);
    expect(((await raw.call('XINFO', ['CONSUMERS', key, STORE_GROUP])) as unknown[][]).map((c) => String(c[1])).sort()).toEqual(['fresh', 'holder', 'me']);
  });

  it('trims only below what the store group still needs, keeping pending entries', async () => {
    const b = await bus('trim');
    const pub = b.publisher();
    for (let i = 0; i < 600; i++) await pub.publish(ticks('BTCUSDT', 1 + i, 1));
    const key = b.keys.stream('BTCUSDT');
    const trimmer = new StreamTrimmer(b.connection(), { retentionMs: 0 });
    // No group yet: nothing is trimmed by policy.
    await trimmer.trim([key]);
    expect(await raw.xlen(key)).toBe(600);
    await raw.call('XGROUP', ['CREATE', key, STORE_GROUP, '0']);
    const read = (await raw.xreadgroup('GROUP', STORE_GROUP, 'a', 'COUNT', '450', 'STREAMS', key, '>')) as [string, [string, string[]][]][];
    const ids = read[0]![1].map(([id]) => id);
    // Acknowledge the first 400; 50 stay pending.
    await raw.xack(key, STORE_GROUP, ...ids.slice(0, 400));
    await trimmer.trim([key]);
    const left = (await raw.xrange(key, '-', '+')).map(([id]) => id);
    expect(left.length).toBeLessThan(600);
    expect(left.length).toBeGreaterThanOrEqual(200);
    // Every pending and undelivered entry is still there.
    for (const id of ids.slice(400)) expect(left).toContain(id);
    expect(left[left.length - 1]).toBe((await raw.xrevrange(key, '+', '-', 'COUNT', 1))[0]![0]);
  });

  it('moves a malformed entry to the dead letters and acknowledges it', async () => {
    const b = await bus('dead');
    const pub = b.publisher();
    await pub.publish(ticks('BTCUSDT', 1, 5));
    await raw.xadd(b.keys.stream('BTCUSDT'), '*', 's', 'BTCUSDT', 'src', 'binance', 'n', '1', 'last', '9', 'd', '[1,2,3]');
    await pub.publish(ticks('BTCUSDT', 6, 5));
    const store = new RecordingStore();
    const c = startConsumer(b, store);
    await waitFor('good entries committed', () => store.rows.size === 10);
    await waitFor('dead-lettered', () => c.stats().entriesDeadLettered === 1);
    const dead = await raw.xrange(b.keys.deadLetters, '-', '+');
    expect(dead).toHaveLength(1);
    expect(dead[0]![1].join(' ')).toContain('holds 3 numbers, not 1 ticks');
    await waitFor('nothing pending', async () => (await b.status()).streams[0]!.pending === 0);
  });

  it('dead-letters an entry the store refuses as bad input and commits the rest of its batch', async () => {
    const b = await bus('refused');
    const pub = b.publisher();
    await pub.publish(ticks('BTCUSDT', 1, 5));
    // Ids -3 and -2: a well-formed entry, but this store takes no negative ids.
    await pub.publish(ticks('BTCUSDT', 1, 2).map((t) => ({ ...t, tradeId: t.tradeId - 4 })));
    await pub.publish(ticks('BTCUSDT', 6, 5));
    const store = new RecordingStore();
    const c = b.groupConsumer();
    c.start(async (batch) => {
      const badRow = batch.findIndex((t) => t.tradeId < 0);
      if (badRow >= 0) throw new TandemError('invalid_tick', `tick ${badRow}: tradeId is not a non-negative safe integer; nothing of the batch was stored`);
      await store.commit(batch);
    });
    open.push({ close: () => c.stop() });
    await waitFor('the good entries committed', () => store.rows.size === 10);
    await waitFor('the refused entry dead-lettered', () => c.stats().entriesDeadLettered === 1);
    const dead = await raw.xrange(b.keys.deadLetters, '-', '+');
    expect(dead[0]![1].join(' ')).toContain('the store refused it: tick 0: tradeId');

    expect(store.ids('BTCUSDT')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await waitFor('nothing pending', async () => (await b.status()).streams[0]!.pending === 0);
  });

  it('live reader: every tick published after its start once, new symbols found, repeats dropped', async () => {
    const b = await bus('live', {});
    const pub = b.publisher();
    await pub.publish(ticks('BTCUSDT', 1, 10)); // before the start: not read
    const reader = b.liveReader();
    const got: LiveTicks[] = [];
    await reader.start((batch) => got.push(batch));
    open.push({ close: () => reader.stop() });
    await pub.publish(ticks('BTCUSDT', 11, 10));
    await pub.publish(ticks('BTCUSDT', 15, 10)); // overlaps 15..20
    await pub.publish(ticks('ADAUSDT', 1, 3)); // a stream that did not exist at the start
    await waitFor('both symbols', () => got.some((g) => g.symbol === 'ADAUSDT') && got.flatMap((g) => g.ticks).filter((t) => t.symbol === 'BTCUSDT').length === 14, 5000);
    const btc = got.flatMap((g) => g.ticks).filter((t) => t.symbol === 'BTCUSDT').map((t) => t.tradeId);
    expect(btc).toEqual(Array.from({ length: 14 }, (_, i) => 11 + i));
    expect(reader.repeatsDropped()).toBe(6);
    const first = got.find((g) => g.symbol === 'BTCUSDT')!;
    expect(first.ticks[0]).toEqual(ticks('BTCUSDT', 11, 1)[0]);
  });
});
