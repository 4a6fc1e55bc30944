/**
 * `RedisBus`: the Redis Streams implementation of the bus, for both sides. A worker takes its
 * `publisher()` and `heartbeat()`; a server its `groupConsumer()`, `liveReader()` and
 * `status()`. Each blocking reader gets its own connection; everything else shares one.
 * @module
 */

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { BusKeys, DEFAULT_REDIS_PREFIX, STORE_GROUP } from '../bus-keys.js';
import type { MarkPrice } from '../../model/mark-price.js';
import { decodeMarks, encodeMarks } from '../mark-codec.js';
import type { BusStatus, ConsumerInfo, MarkReader, ServerBus, StreamStatus, TickGroupConsumer, TickLiveReader, WorkerStatus } from '../tick-bus.js';
import { closeRedis, openRedis } from './redis-client.js';
import { RedisGroupConsumer, type GroupConsumerOptions } from './redis-group-consumer.js';
import { RedisLiveReader, type LiveReaderOptions } from './redis-live-reader.js';
import { DEFAULT_STREAM_MAXLEN, RedisTickPublisher } from './redis-tick-publisher.js';
import { compareStreamIds, flatRecord } from './stream-replies.js';

export interface RedisBusOptions {
  readonly url: string;
  readonly prefix?: string;
  /** Cap of each stream (XADD MAXLEN ~), entries. */
  readonly maxLen?: number;
  readonly consumer?: Partial<Omit<GroupConsumerOptions, 'consumer'>>;
  readonly live?: LiveReaderOptions;
}

/** A worker heartbeat older than this is removed from the list, ms. */
const FORGET_WORKER_MS = 600_000;

/** A name unique to this process, for consumers and workers. */
export function processName(kind: string): string {
  return `${kind}:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export class RedisBus implements ServerBus {
  readonly keys: BusKeys;
  private readonly extra: Redis[] = [];

  private constructor(
    private readonly redis: Redis,
    private readonly opts: RedisBusOptions,
  ) {
    this.keys = new BusKeys(opts.prefix ?? DEFAULT_REDIS_PREFIX);
  }

  static async open(opts: RedisBusOptions): Promise<RedisBus> {
    new BusKeys(opts.prefix ?? DEFAULT_REDIS_PREFIX);
    return new RedisBus(await openRedis(opts.url, { name: 'tandem-bus' }), opts);
  }

  publisher(): RedisTickPublisher {
    return new RedisTickPublisher(this.redis, this.keys, this.opts.maxLen ?? DEFAULT_STREAM_MAXLEN);
  }

  /** Publishes a worker's status (kept until `removeWorker`; servers mark old ones stale). */
  async heartbeat(status: WorkerStatus): Promise<void> {
    await this.redis.hset(this.keys.workers, status.id, JSON.stringify(status));
  }

  async removeWorker(id: string): Promise<void> {
    await this.redis.hdel(this.keys.workers, id);
  }

  groupConsumer(): TickGroupConsumer {
    const connection = this.blockingConnection();
    const consumer = new RedisGroupConsumer(connection, this.keys, { consumer: processName('server'), ...this.opts.consumer });
    return consumer;
  }

  liveReader(): TickLiveReader {
    return new RedisLiveReader(this.blockingConnection(), this.keys, this.opts.live);
  }

  /** Publishes a worker's latest mark prices (servers subscribed now get them; none are kept). */
  async publishMarks(marks: readonly MarkPrice[]): Promise<void> {
    if (marks.length > 0) await this.redis.publish(this.keys.marks, encodeMarks(marks));
  }

  markReader(): MarkReader {
    // A subscribed connection can do nothing else, so it is one of its own; ioredis subscribes again after a reconnect.
    const sub = this.redis.duplicate({ lazyConnect: false, enableOfflineQueue: true, connectionName: 'tandem-bus-marks' });
    sub.on('error', () => {});
    this.extra.push(sub);
    const channel = this.keys.marks;
    let dropped = 0;
    let onMessage: ((ch: string, text: string) => void) | null = null;
    return {
      start: async (sink) => {
        onMessage = (ch, text) => {
          if (ch !== channel) return;
          const { marks, bad } = decodeMarks(text);
          dropped += bad;
          if (marks.length > 0) sink(marks);
        };
        sub.on('message', onMessage);
        await sub.subscribe(channel);
      },
      stop: async () => {
        if (onMessage !== null) sub.off('message', onMessage);
        try {
          await sub.unsubscribe(channel);
        } catch {
          // Redis away: the connection closes with the bus.
        }
      },
      dropped: () => dropped,
    };
  }

  async committed(symbol: string, entryId: string): Promise<boolean> {
    const key = this.keys.stream(symbol);
    const groups = ((await this.redis.call('XINFO', ['GROUPS', key])) as unknown[]).map(flatRecord);
    const g = groups.find((x) => x['name'] === STORE_GROUP);
    if (g === undefined) return false;
    // Nothing delivered yet is not committed; an entry id before the first delivery is.
    if (compareStreamIds(String(g['last-delivered-id']), entryId) < 0) return false;
    if (Number(g['pending']) === 0) return true;
    const summary = (await this.redis.call('XPENDING', [key, STORE_GROUP])) as [number, string | null];
    return summary[1] === null || compareStreamIds(summary[1], entryId) > 0;
  }

  async status(): Promise<BusStatus> {
    const symbols = (await this.redis.smembers(this.keys.symbols)).sort();
    const streams: StreamStatus[] = [];
    const consumers = new Map<string, ConsumerInfo>();
    for (const symbol of symbols) {
      const key = this.keys.stream(symbol);
      const length = await this.redis.xlen(key);
      const groups = ((await this.redis.call('XINFO', ['GROUPS', key])) as unknown[]).map(flatRecord);
      const g = groups.find((x) => x['name'] === STORE_GROUP);
      streams.push({ symbol, length, lag: g === undefined || g['lag'] === null ? null : Number(g['lag']), pending: g === undefined ? 0 : Number(g['pending']) });
      if (g === undefined) continue;
      for (const c of ((await this.redis.call('XINFO', ['CONSUMERS', key, STORE_GROUP])) as unknown[]).map(flatRecord)) {
        const name = String(c['name']);
        const prev = consumers.get(name);
        const pending = Number(c['pending']);
        const idleMs = Number(c['idle']);
        consumers.set(name, { name, pending: (prev?.pending ?? 0) + pending, idleMs: Math.min(prev?.idleMs ?? Infinity, idleMs) });
      }
    }
    const now = Date.now();
    const all = Object.values(await this.redis.hgetall(this.keys.workers))
      .map((json) => JSON.parse(json) as WorkerStatus)
      .map((w) => ({ ...w, ageMs: Math.max(0, now - w.updatedAt) }))
      .sort((a, b) => a.id.localeCompare(b.id));
    // A worker silent for 10 minutes is gone (killed, its host lost): forget it.
    const gone = all.filter((w) => w.ageMs > FORGET_WORKER_MS);
    if (gone.length > 0) await this.redis.hdel(this.keys.workers, ...gone.map((w) => w.id));
    const workers = all.filter((w) => w.ageMs <= FORGET_WORKER_MS);
    return { kind: 'redis', prefix: this.keys.prefix, group: STORE_GROUP, streams, consumers: [...consumers.values()], workers };
  }

  /** Removes every key of this prefix (tests, and `tandem ingest --reset` style tooling). */
  async deleteAll(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.keys.prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  /** The shared connection, for tests and tools that inspect the streams. */
  connection(): Redis {
    return this.redis;
  }

  async ping(): Promise<void> {
    try {
      await this.redis.ping();
    } catch (e) {
      throw new Error(`the bus's Redis at ${new URL(this.opts.url).host} does not answer PING (connection ${this.redis.status}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.extra.map((r) => closeRedis(r)), closeRedis(this.redis)]);
  }

  private blockingConnection(): Redis {
    // A duplicate connects on its own (lazily: its first command waits for the connection).
    const r = this.redis.duplicate({ lazyConnect: false, enableOfflineQueue: true, commandTimeout: (this.opts.consumer?.blockMs ?? 500) + 10_000, connectionName: 'tandem-bus-reader' });
    r.on('error', () => {});
    this.extra.push(r);
    return r;
  }
}
