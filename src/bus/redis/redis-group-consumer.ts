/**
 * `RedisGroupConsumer`: one member of the store group. It reads entries no other member has
 * been given (`XREADGROUP >`), commits their ticks through the handler and acknowledges them
 * (`XACK`) only after the commit resolved, so a crash between the two leaves the entries
 * pending, never lost. Pending entries of a member idle longer than `claimIdleMs` (a dead
 * server) are taken over with `XAUTOCLAIM` and committed again; the store's `(symbol,
 * tradeId)` key makes the repeat harmless. A failed commit is retried from this member's own
 * pending list (`XREADGROUP 0`) before anything new is read, so order is kept per stream.
 * A malformed entry is copied to the dead-letter stream with why, then acknowledged. After each
 * claim pass the member records its heartbeat, and members idle and silent longer than the
 * claim time with nothing pending (dead servers whose entries were taken over) are removed
 * from the group (`dead-consumer-sweeper.ts`).
 * @module
 */

import type { Redis } from 'ioredis';
import { TandemError } from '../../core/tandem-error.js';
import type { Tick } from '../../model/tick.js';
import { STORE_GROUP, type BusKeys } from '../bus-keys.js';
import { decodeTickEntry } from '../tick-entry-codec.js';
import type { CommitHandler, GroupConsumerStats, TickGroupConsumer } from '../tick-bus.js';
import { removeDeadConsumers } from './dead-consumer-sweeper.js';
import { parseAutoClaim, parseStreamsReply, type StreamEntry } from './stream-replies.js';
import { StreamTrimmer } from './stream-trimmer.js';

export interface GroupConsumerOptions {
  /** This member's name, unique per process (host:pid:random). */
  readonly consumer: string;
  /** Longest wait of one read, ms (default 500; also bounds how long `stop` takes). */
  readonly blockMs?: number;
  /** Most entries read per stream at once (default 200). */
  readonly count?: number;
  /** A member's pending entries are taken over after this idle time, ms (default 30,000); a member that idle with nothing pending is removed. */
  readonly claimIdleMs?: number;
  /** How often new symbols are looked for, ms (default 1,000). */
  readonly discoverEveryMs?: number;
  /** How often streams are trimmed below what the group acknowledged, ms (default 5,000). */
  readonly trimEveryMs?: number;
  /** Entries newer than this are kept even when acknowledged, ms (default 60,000). */
  readonly retentionMs?: number;
  readonly onError?: (e: unknown) => void;
}

export class RedisGroupConsumer implements TickGroupConsumer {
  private readonly known = new Set<string>();
  private loop: Promise<void> | null = null;
  private running = false;
  private retryOwn = false;
  private nextDiscover = 0;
  private nextClaim = 0;
  private nextTrim = 0;
  private failures = 0;
  private readonly trimmer: StreamTrimmer;
  private counters = { entriesCommitted: 0, ticksCommitted: 0, entriesClaimed: 0, entriesDeadLettered: 0, commitFailures: 0, consumersRemoved: 0 };
  private lastError: string | null = null;

  /** `redis` must be this consumer's own connection: its reads block. */
  constructor(
    private readonly redis: Redis,
    private readonly keys: BusKeys,
    private readonly opts: GroupConsumerOptions,
  ) {
    this.trimmer = new StreamTrimmer(redis, { retentionMs: opts.retentionMs ?? 60_000 });
  }

  start(commit: CommitHandler): void {
    if (this.loop !== null) throw new Error('RedisGroupConsumer: started twice');
    this.running = true;
    this.loop = this.run(commit);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  stats(): GroupConsumerStats {
    return { consumer: this.opts.consumer, ...this.counters, lastError: this.lastError };
  }

  private async run(commit: CommitHandler): Promise<void> {
    while (this.running) {
      try {
        await this.step(commit);
        this.failures = 0;
      } catch (e) {
        this.failures++;
        this.lastError = e instanceof Error ? e.message : String(e);
        this.opts.onError?.(e);
        // Whatever was delivered to us and not acknowledged is read again from our pending list.
        this.retryOwn = true;
        // A stream deleted under us (NOGROUP) is found again at the next discovery.
        if (/NOGROUP/.test(this.lastError)) this.known.clear();
        this.nextDiscover = 0;
        await sleep(Math.min(100 * 2 ** Math.min(this.failures, 5), 2000));
      }
    }
  }

  private async step(commit: CommitHandler): Promise<void> {
    const now = Date.now();
    if (now >= this.nextDiscover) {
      await this.discover();
      this.nextDiscover = now + (this.opts.discoverEveryMs ?? 1000);
    }
    const streams = [...this.known];
    if (streams.length === 0) {
      await sleep(this.opts.blockMs ?? 500);
      return;
    }
    if (this.retryOwn) {
      // Our own pending entries first: a commit failed, so they were delivered but not stored.
      const own = parseStreamsReply(await this.redis.call('XREADGROUP', ['GROUP', STORE_GROUP, this.opts.consumer, 'COUNT', String(this.opts.count ?? 200), 'STREAMS', ...streams, ...streams.map(() => '0')]));
      let any = false;
      for (const entries of own.values()) if (entries.length > 0) any = true;
      if (any) {
        await this.process(own, commit);
        return;
      }
      this.retryOwn = false;
    }
    if (now >= this.nextClaim) {
      await this.claim(streams, commit);
      this.nextClaim = now + Math.max(250, (this.opts.claimIdleMs ?? 30_000) / 2);
    }
    if (now >= this.nextTrim) {
      await this.trimmer.trim(streams);
      this.nextTrim = now + (this.opts.trimEveryMs ?? 5000);
    }
    const reply = await this.redis.call('XREADGROUP', [
      'GROUP',
      STORE_GROUP,
      this.opts.consumer,
      'COUNT',
      String(this.opts.count ?? 200),
      'BLOCK',
      String(this.opts.blockMs ?? 500),
      'STREAMS',
      ...streams,
      ...streams.map(() => '>'),
    ]);
    await this.process(parseStreamsReply(reply), commit);
  }

  private async discover(): Promise<void> {
    const symbols = await this.redis.smembers(this.keys.symbols);
    for (const symbol of symbols.sort()) {
      const key = this.keys.stream(symbol);
      if (this.known.has(key)) continue;
      try {
        // From 0: ticks published before any server ran are committed too.
        await this.redis.call('XGROUP', ['CREATE', key, STORE_GROUP, '0', 'MKSTREAM']);
      } catch (e) {
        if (!(e instanceof Error && e.message.includes('BUSYGROUP'))) throw e;
      }
      this.known.add(key);
    }
  }

  /**
   * Takes over entries other members have held longer than the claim time, and commits them;
   * then removes the members that time idle with nothing left pending.
   */
  private async claim(streams: readonly string[], commit: CommitHandler): Promise<void> {
    const idleMs = this.opts.claimIdleMs ?? 30_000;
    const idle = String(idleMs);
    for (const key of streams) {
      let cursor = '0-0';
      do {
        const r = parseAutoClaim(await this.redis.call('XAUTOCLAIM', [key, STORE_GROUP, this.opts.consumer, idle, cursor, 'COUNT', '500']));
        // Entries trimmed while pending are gone from the stream; the claim drops them from the PEL.
        if (r.entries.length > 0) {
          this.counters.entriesClaimed += r.entries.length;
          await this.process(new Map([[key, r.entries]]), commit);
        }
        cursor = r.cursor;
      } while (cursor !== '0-0' && this.running);
      if (this.running) this.counters.consumersRemoved += (await removeDeadConsumers(this.redis, key, this.keys.members, STORE_GROUP, this.opts.consumer, idleMs)).length;
    }
  }

  /**
   * Commits the ticks of `byStream`'s entries in one call, then acknowledges them all. When the
   * store refuses the batch as bad input (a `TandemError`, e.g. a tick it will not take), the
   * entries are committed one by one and those it refuses are dead-lettered, so one bad entry
   * cannot hold up a stream forever; any other failure (the store is down) is retried.
   */
  private async process(byStream: Map<string, StreamEntry[]>, commit: CommitHandler): Promise<void> {
    const good: { key: string; entry: StreamEntry; ticks: Tick[] }[] = [];
    const ack = new Map<string, string[]>();
    const dead: [string, StreamEntry, string][] = [];
    for (const [key, entries] of byStream) {
      for (const e of entries) {
        const ids = ack.get(key) ?? [];
        ids.push(e.id);
        ack.set(key, ids);
        if (e.fields === null) continue;
        const r = decodeTickEntry(e.fields);
        if (r.ok) good.push({ key, entry: e, ticks: r.value });
        else dead.push([key, e, r.error.message]);
      }
    }
    if (ack.size === 0) return;
    const ticks = good.flatMap((g) => g.ticks);
    if (ticks.length > 0) {
      try {
        await commit(ticks);
      } catch (e) {
        if (!(e instanceof TandemError)) {
          this.counters.commitFailures++;
          throw e;
        }
        for (const g of good) {
          try {
            await commit(g.ticks);
          } catch (e2) {
            if (!(e2 instanceof TandemError)) {
              this.counters.commitFailures++;
              throw e2;
            }
            dead.push([g.key, g.entry, `the store refused it: ${e2.message}`]);
          }
        }
      }
    }
    const p = this.redis.pipeline();
    for (const [key, e, why] of dead) p.xadd(this.keys.deadLetters, 'MAXLEN', '~', '10000', '*', 'stream', key, 'id', e.id, 'why', why, ...(e.fields ?? []));
    for (const [key, ids] of ack) p.xack(key, STORE_GROUP, ...ids);
    const results = await p.exec();
    const failed = results?.find(([err]) => err !== null);
    if (failed !== undefined) throw failed[0];
    this.counters.entriesDeadLettered += dead.length;
    for (const ids of ack.values()) this.counters.entriesCommitted += ids.length;
    this.counters.ticksCommitted += ticks.length;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
