/**
 * `RedisHotCache`: the last ticks of each symbol and the recent final bars of each symbol and
 * stored timeframe, in Redis, so a dashboard that opens or reconnects paints without touching
 * the durable store (docs/scaling.md, "Hot cache"). The store stays the source of truth.
 *
 * **Never an incomplete answer.** Each series has a coverage key: the lowest tick time (bar
 * start) from which the cache holds *everything*. A read is answered from the cache only when
 * its whole range lies at or above it; otherwise it returns null and the caller reads the
 * store. Coverage starts at a writer's first tick of a symbol (+1 ms: earlier trades of that
 * millisecond may have passed before it started), at its first final bar of a series, or at
 * the start of the bars warmed from the store (the lowest wins: whichever is set first, since
 * each is sound from then on); trimming raises it. It is only sound while some writer has written every tick since,
 * so writers keep a heartbeat key alive (3 s); a writer that finds it gone, or that failed a
 * write, deletes every coverage key before writing again, and bars are warmed again.
 *
 * **Outage.** The connection fails fast (no offline queue). Any failure turns the cache
 * `degraded`: reads go to the store, writes are dropped, the warning shows in status; a probe
 * every second brings it back (coverage reset, bars re-warmed).
 * @module
 */

import type { Redis } from 'ioredis';
import { epochMs, price, qty } from '../../core/brand.js';
import type { Bar } from '../../model/bar.js';
import type { Tick, TickSource } from '../../model/tick.js';
import type { BarRangeQuery } from '../bar-store.js';
import type { TickRangeQuery } from '../tick-store.js';
import { WRITE_SERIES } from './hot-cache-scripts.js';

export interface HotCacheOptions {
  readonly prefix: string;
  /** Ticks kept per symbol (default 5,000). */
  readonly ticksPerSymbol?: number;
  /** Final bars kept per symbol and timeframe (default 2,000). */
  readonly barsPerSeries?: number;
  /** TTL of every key, refreshed by each write, ms (default 1 hour). */
  readonly ttlMs?: number;
  /** How often buffered writes are sent, ms (default 100). */
  readonly flushMs?: number;
  /** Called after coverage was reset (start, outage), to warm bars from the store again. */
  readonly rewarm?: () => Promise<void>;
  /** Where Redis is (`host:port`), for the warning. */
  readonly where?: string;
}

export type CacheState = 'ok' | 'degraded' | 'starting';

export interface CacheHealth {
  readonly state: CacheState;
  /** Why the cache is not used, for status and the dashboard; null when ok. */
  readonly warning: string | null;
  readonly hits: number;
  /** Reads answered by the store because the cache did not cover them (or was down). */
  readonly misses: number;
  readonly errors: number;
}

const ALIVE_TTL_MS = 3000;
/** Most members one script call writes. */
const WRITE_CHUNK = 2000;
type ScriptRedis = Redis & { tandemCacheWrite(series: string, cover: string, ttl: number, max: number, mode: string, coverFrom: string, ...pairs: (string | number)[]): Promise<number> };
type ScriptPipeline = ReturnType<Redis['pipeline']> & { tandemCacheWrite(...args: (string | number)[]): unknown };

export class RedisHotCache {
  private readonly redis: ScriptRedis;
  private state: CacheState = 'starting';
  private warning: string | null = 'warming';
  private counters = { hits: 0, misses: 0, errors: 0 };
  private ticks: Tick[] = [];
  private bars: Bar[] = [];
  private readonly started = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private readonly beat: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private recovering: Promise<void> | null = null;
  private closed = false;

  constructor(
    redis: Redis,
    private readonly opts: HotCacheOptions,
  ) {
    if (typeof (redis as unknown as Partial<ScriptRedis>).tandemCacheWrite !== 'function') redis.defineCommand('tandemCacheWrite', { numberOfKeys: 2, lua: WRITE_SERIES });
    this.redis = redis as unknown as ScriptRedis;
    this.timer = setInterval(() => void this.flush(), opts.flushMs ?? 100);
    this.timer.unref();
    this.beat = setInterval(() => void this.heartbeat(), 500);
    this.beat.unref();
  }

  /** Resets coverage if no writer was alive, warms bars, and starts serving. */
  async start(): Promise<void> {
    await this.recover();
  }

  health(): CacheHealth {
    return { state: this.state, warning: this.warning, ...this.counters };
  }

  /** Queues live ticks for the cache (sent with the next flush). */
  pushTicks(ticks: readonly Tick[]): void {
    if (this.state !== 'ok') return;
    for (const t of ticks) this.ticks.push(t);
  }

  /** Queues final bars (new or revised) for the cache. */
  pushBars(bars: readonly Bar[]): void {
    if (this.state !== 'ok') return;
    for (const b of bars) this.bars.push(b);
  }

  /** Writes what is queued; resolves when Redis has it (or the cache went degraded). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeQueued());
    return this.flushing;
  }

  /** Warms one series of bars read from the store: `bars` are every stored bar from `from` on. */
  async warmBars(symbol: string, tf: string, from: number, bars: readonly Bar[]): Promise<void> {
    for (let i = 0; i === 0 || i < bars.length; i += WRITE_CHUNK) {
      const pairs = bars.slice(i, i + WRITE_CHUNK).flatMap((b) => [b.start, JSON.stringify(b)]);
      await this.redis.tandemCacheWrite(this.barKey(symbol, tf), this.barCoverKey(symbol, tf), this.ttl, this.barsMax, 'keep', i === 0 ? String(from) : '', ...pairs);
    }
  }

  /** Ticks of `q` from the cache, or null when the cache does not hold all of them (then read the store). */
  async queryTicks(q: TickRangeQuery): Promise<Tick[] | null> {
    const lower = Math.max(q.from ?? -Infinity, q.after?.ts ?? -Infinity);
    const covered = await this.coveredFrom(this.tickCoverKey(q.symbol), lower);
    if (covered === null) return null;
    try {
      const raw = await this.redis.zrangebyscore(this.tickKey(q.symbol), lower, q.to === undefined ? '+inf' : `(${q.to}`, 'WITHSCORES');
      const out: Tick[] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) out.push(decodeTick(q.symbol, Number(raw[i + 1]), raw[i]!));
      out.sort((a, b) => a.ts - b.ts || a.tradeId - b.tradeId);
      const after = q.after;
      const page = (after === undefined ? out : out.filter((t) => t.ts > after.ts || (t.ts === after.ts && t.tradeId > after.tradeId))).slice(0, q.limit);
      this.counters.hits++;
      return page;
    } catch (e) {
      this.fail(e);
      return null;
    }
  }

  /** Bars of `q` from the cache, or null when not covered. */
  async queryBars(q: BarRangeQuery): Promise<Bar[] | null> {
    const lower = Math.max(q.from ?? -Infinity, q.afterStart === undefined ? -Infinity : q.afterStart + 1);
    const covered = await this.coveredFrom(this.barCoverKey(q.symbol, q.tf), lower);
    if (covered === null) return null;
    try {
      const raw = await this.redis.zrangebyscore(this.barKey(q.symbol, q.tf), lower, q.to === undefined ? '+inf' : `(${q.to}`, 'LIMIT', 0, q.limit);
      this.counters.hits++;
      return raw.map((json) => JSON.parse(json) as Bar);
    } catch (e) {
      this.fail(e);
      return null;
    }
  }

  /**
   * Ends the tick coverage of `symbols` (ticks were written around the live path, e.g. an
   * import); it starts again at this writer's next live tick of each.
   */
  async forgetTicks(symbols: readonly string[]): Promise<void> {
    if (symbols.length === 0 || this.state !== 'ok') return;
    for (const s of symbols) this.started.delete(s);
    try {
      await this.redis.del(...symbols.map((s) => this.tickCoverKey(s)));
    } catch (e) {
      this.fail(e);
    }
  }

  /**
   * Sends PING on the cache's connection; rejects while Redis is away (the connection has no
   * offline queue, so that is at once). Readiness asks this; it does not change the cache's state.
   */
  async ping(): Promise<void> {
    try {
      await this.redis.ping();
    } catch (e) {
      throw new Error(`the hot cache's Redis${this.opts.where === undefined ? '' : ` at ${this.opts.where}`} does not answer PING (connection ${this.redis.status}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    clearInterval(this.beat);
    await this.flush();
    this.closed = true;
  }

  private get ttl(): number {
    return this.opts.ttlMs ?? 3_600_000;
  }
  private get barsMax(): number {
    return this.opts.barsPerSeries ?? 2000;
  }
  private tickKey = (symbol: string): string => `${this.opts.prefix}:cache:ticks:${symbol}`;
  private tickCoverKey = (symbol: string): string => `${this.opts.prefix}:cache:cover:ticks:${symbol}`;
  private barKey = (symbol: string, tf: string): string => `${this.opts.prefix}:cache:bars:${symbol}:${tf}`;
  private barCoverKey = (symbol: string, tf: string): string => `${this.opts.prefix}:cache:cover:bars:${symbol}:${tf}`;
  private get aliveKey(): string {
    return `${this.opts.prefix}:cache:alive`;
  }

  /** The coverage of a series when it reaches down to `lower`, else null (also when not serving). */
  private async coveredFrom(coverKey: string, lower: number): Promise<number | null> {
    if (this.state !== 'ok') {
      this.counters.misses++;
      return null;
    }
    try {
      const cover = await this.redis.get(coverKey);
      if (cover === null || !(lower >= Number(cover))) {
        this.counters.misses++;
        return null;
      }
      return Number(cover);
    } catch (e) {
      this.fail(e);
      this.counters.misses++;
      return null;
    }
  }

  private async writeQueued(): Promise<void> {
    if (this.state !== 'ok' || (this.ticks.length === 0 && this.bars.length === 0)) return;
    const ticks = this.ticks;
    const bars = this.bars;
    this.ticks = [];
    this.bars = [];
    const p = this.redis.pipeline() as ScriptPipeline;
    const bySymbol = groupBy(ticks, (t) => t.symbol);
    for (const [symbol, list] of bySymbol) {
      // Coverage of a symbol starts just after this writer's first tick of it (see @module).
      let cover = this.started.has(symbol) ? '' : String(list.reduce((m, t) => Math.min(m, t.ts), Infinity) + 1);
      // Chunks keep the script's argument list bounded however fast ticks come; one pipeline still.
      for (let i = 0; i < list.length; i += WRITE_CHUNK) {
        const chunk = list.slice(i, i + WRITE_CHUNK);
        p.tandemCacheWrite(this.tickKey(symbol), this.tickCoverKey(symbol), this.ttl, this.opts.ticksPerSymbol ?? 5000, 'add', cover, ...chunk.flatMap((t) => [t.ts, encodeTick(t)]));
        cover = '';
      }
    }
    const bySeries = groupBy(bars, (b) => `${b.symbol}\u0000${b.tf}`);
    for (const [k, list] of bySeries) {
      const [symbol, tf] = k.split('\u0000') as [string, string];
      // A series not warmed from the store (new since) is covered from this writer's first bar of it.
      let cover = this.started.has(k) ? '' : String(list.reduce((m, b) => Math.min(m, b.start), Infinity));
      for (let i = 0; i < list.length; i += WRITE_CHUNK) {
        const chunk = list.slice(i, i + WRITE_CHUNK);
        p.tandemCacheWrite(this.barKey(symbol, tf), this.barCoverKey(symbol, tf), this.ttl, this.barsMax, 'replace', cover, ...chunk.flatMap((b) => [b.start, JSON.stringify(b)]));
        cover = '';
      }
    }
    try {
      const results = await p.exec();
      const failed = results?.find(([e]) => e !== null);
      if (results === null || failed !== undefined) throw failed?.[0] ?? new Error('pipeline discarded');
      for (const k of [...bySymbol.keys(), ...bySeries.keys()]) this.started.add(k);
    } catch (e) {
      this.fail(e);
    }
  }

  /** Keeps the writers' heartbeat alive; if it had lapsed, no writer covered the gap: reset. */
  private async heartbeat(): Promise<void> {
    if (this.state !== 'ok' || this.closed) {
      if (this.state === 'degraded' && !this.closed) void this.recover();
      return;
    }
    try {
      const kept = await this.redis.set(this.aliveKey, '1', 'PX', ALIVE_TTL_MS, 'XX');
      if (kept === null) {
        this.state = 'starting';
        this.warning = 'no cache writer was alive for a while: coverage reset, warming';
        void this.recover();
      }
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    this.counters.errors++;
    if (this.state === 'degraded') return;
    this.state = 'degraded';
    this.warning = `Redis hot cache unavailable, reading the store instead: ${describeRedisError(e, this.opts.where)}`;
    this.ticks = [];
    this.bars = [];
  }

  /** Resets coverage (unless a writer kept it alive), warms bars and serves again. */
  private recover(): Promise<void> {
    if (this.recovering !== null) return this.recovering;
    this.recovering = (async () => {
      try {
        await this.redis.ping();
        const alive = await this.redis.set(this.aliveKey, '1', 'PX', ALIVE_TTL_MS, 'XX');
        // After our own failure we may have missed ticks that nobody else wrote: reset then too.
        if (alive === null || this.state === 'degraded') await this.resetCoverage();
        await this.redis.set(this.aliveKey, '1', 'PX', ALIVE_TTL_MS);
        this.started.clear();
        this.state = 'ok';
        this.warning = null;
        await this.opts.rewarm?.();
      } catch (e) {
        this.fail(e);
      } finally {
        this.recovering = null;
      }
    })();
    return this.recovering;
  }

  private async resetCoverage(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.opts.prefix}:cache:cover:*`, 'COUNT', 1000);
      if (keys.length > 0) await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
}

/** ioredis's messages in words a user can act on. */
function describeRedisError(e: unknown, where: string | undefined): string {
  const message = e instanceof Error ? e.message : String(e);
  const at = where === undefined ? 'Redis' : `Redis at ${where}`;
  if (/enableOfflineQueue|Connection is closed|ECONNREFUSED|ECONNRESET|EPIPE/.test(message)) return `${at} is not reachable (${message.includes('ECONN') ? message : 'not connected'})`;
  if (/timed out|timeout/i.test(message)) return `${at} did not answer in time`;
  return `${at}: ${message}`;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}

/** A tick as a sorted-set member (the score is its ts): the whole tick, so writing it twice is a no-op. */
function encodeTick(t: Tick): string {
  return `${t.tradeId}|${t.price}|${t.qty}|${t.buyerMaker ? 1 : 0}|${t.source}`;
}

function decodeTick(symbol: string, ts: number, member: string): Tick {
  const [id, p, q, m, source] = member.split('|');
  return { symbol, ts: epochMs(ts), price: price(Number(p)), qty: qty(Number(q)), tradeId: Number(id), buyerMaker: m === '1', source: source as TickSource };
}
