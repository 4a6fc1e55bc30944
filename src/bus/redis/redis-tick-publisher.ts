/**
 * `RedisTickPublisher`: appends batches of ticks to per-symbol streams. Each entry is written
 * by one Lua script together with the symbol's highest published trade id (a hash per source)
 * and the symbol's place in the symbol set, so the resume point of a worker never disagrees
 * with its stream, and servers discover the stream as soon as it has an entry. All symbols of
 * one `publish` go in one pipeline (one round trip).
 *
 * Trimming: every XADD caps its stream at about `maxLen` entries (`MAXLEN ~`), a guard for
 * Redis's memory when no server reads; servers trim below what the store group has
 * acknowledged (`StreamTrimmer`), so in normal running nothing unstored is ever trimmed.
 * @module
 */

import type { Redis } from 'ioredis';
import type { Tick, TickSource } from '../../model/tick.js';
import type { BusKeys } from '../bus-keys.js';
import { encodeTickEntry } from '../tick-entry-codec.js';
import type { TickPublisher } from '../tick-bus.js';

/** Default cap of a stream, entries (at 50 entries/s a symbol, about 80 minutes without any server). */
export const DEFAULT_STREAM_MAXLEN = 250_000;

const PUBLISH_SCRIPT = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, 4))
local cur = redis.call('HGET', KEYS[2], ARGV[2])
if (not cur) or tonumber(cur) < tonumber(ARGV[3]) then redis.call('HSET', KEYS[2], ARGV[2], ARGV[3]) end
redis.call('SADD', KEYS[3], ARGV[2])
return id`;

type ScriptRedis = Redis & { tandemPublish(stream: string, published: string, symbols: string, maxLen: number, symbol: string, last: number, ...fields: string[]): Promise<string> };

export class RedisTickPublisher implements TickPublisher {
  private readonly redis: ScriptRedis;

  constructor(
    redis: Redis,
    private readonly keys: BusKeys,
    private readonly maxLen = DEFAULT_STREAM_MAXLEN,
  ) {
    if (!Number.isSafeInteger(maxLen) || maxLen < 100) throw new Error(`stream MAXLEN ${maxLen} must be an integer ≥ 100`);
    if (typeof (redis as unknown as Partial<ScriptRedis>).tandemPublish !== 'function') redis.defineCommand('tandemPublish', { numberOfKeys: 3, lua: PUBLISH_SCRIPT });
    this.redis = redis as unknown as ScriptRedis;
  }

  async publish(ticks: readonly Tick[]): Promise<void> {
    if (ticks.length === 0) return;
    const groups = new Map<string, Tick[]>();
    for (const t of ticks) {
      const k = `${t.symbol}|${t.source}`;
      const g = groups.get(k);
      if (g === undefined) groups.set(k, [t]);
      else g.push(t);
    }
    const pipeline = this.redis.pipeline() as ReturnType<Redis['pipeline']> & { tandemPublish(...args: (string | number)[]): unknown };
    for (const batch of groups.values()) {
      const { symbol, source } = batch[0]!;
      const fields = encodeTickEntry(symbol, source, batch);
      const last = batch.reduce((m, t) => Math.max(m, t.tradeId), -Infinity);
      pipeline.tandemPublish(this.keys.stream(symbol), this.keys.published(source), this.keys.symbols, this.maxLen, symbol, last, ...fields);
    }
    const results = await pipeline.exec();
    const failed = results?.find(([e]) => e !== null);
    if (results === null || failed !== undefined) throw failed?.[0] ?? new Error('Redis pipeline was discarded');
  }

  async lastPublishedTradeId(symbol: string, source: TickSource): Promise<number | null> {
    const v = await this.redis.hget(this.keys.published(source), symbol);
    return v === null ? null : Number(v);
  }

  async close(): Promise<void> {
    // The connection belongs to whoever opened it.
  }
}
