/**
 * `RedisLiveReader`: a server's own view of every tick on the bus (plain `XREAD`, no group), for
 * its bar engine, pair engine, alerts and WebSocket clients. It reads every symbol's stream from
 * the moment it starts (by Redis's clock), including streams that appear later, and drops
 * repeated trades (`RedeliveryFilter`) so bars never count one twice.
 * @module
 */

import type { Redis } from 'ioredis';
import type { BusKeys } from '../bus-keys.js';
import { RedeliveryFilter } from '../redelivery-filter.js';
import { decodeTickEntry } from '../tick-entry-codec.js';
import type { LiveTicks, TickLiveReader } from '../tick-bus.js';
import { parseStreamsReply } from './stream-replies.js';

export interface LiveReaderOptions {
  readonly blockMs?: number;
  readonly discoverEveryMs?: number;
  readonly onError?: (e: unknown) => void;
}

export class RedisLiveReader implements TickLiveReader {
  /** Stream key → the id after which to read. */
  private readonly positions = new Map<string, string>();
  private readonly symbolOf = new Map<string, string>();
  private readonly filter = new RedeliveryFilter();
  private startId = '0-0';
  private running = false;
  private loop: Promise<void> | null = null;
  private nextDiscover = 0;

  /** `redis` must be this reader's own connection: its reads block. */
  constructor(
    private readonly redis: Redis,
    private readonly keys: BusKeys,
    private readonly opts: LiveReaderOptions = {},
  ) {}

  async start(sink: (batch: LiveTicks) => void): Promise<string> {
    if (this.loop !== null) throw new Error('RedisLiveReader: started twice');
    const [seconds, micros] = (await this.redis.time()) as [number | string, number | string];
    const ms = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    // "After (ms-1)-max" is "from ms-0 on".
    this.startId = `${ms - 1}-18446744073709551615`;
    this.running = true;
    this.loop = this.run(sink);
    return `${ms}-0`;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  repeatsDropped(): number {
    return this.filter.repeats();
  }

  private async run(sink: (batch: LiveTicks) => void): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.step(sink);
        failures = 0;
      } catch (e) {
        failures++;
        this.opts.onError?.(e);
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** Math.min(failures, 5), 2000)));
      }
    }
  }

  private async step(sink: (batch: LiveTicks) => void): Promise<void> {
    const now = Date.now();
    if (now >= this.nextDiscover) {
      for (const symbol of await this.redis.smembers(this.keys.symbols)) {
        const key = this.keys.stream(symbol);
        if (!this.positions.has(key)) {
          this.positions.set(key, this.startId);
          this.symbolOf.set(key, symbol);
        }
      }
      this.nextDiscover = now + (this.opts.discoverEveryMs ?? 1000);
    }
    const keys = [...this.positions.keys()];
    if (keys.length === 0) {
      await new Promise((r) => setTimeout(r, this.opts.blockMs ?? 500));
      return;
    }
    const reply = await this.redis.call('XREAD', ['COUNT', '1000', 'BLOCK', String(this.opts.blockMs ?? 500), 'STREAMS', ...keys, ...keys.map((k) => this.positions.get(k)!)]);
    for (const [key, entries] of parseStreamsReply(reply)) {
      if (entries.length === 0) continue;
      this.positions.set(key, entries[entries.length - 1]!.id);
      for (const e of entries) {
        if (e.fields === null) continue;
        const r = decodeTickEntry(e.fields);
        // The store group dead-letters malformed entries; the live path just skips them.
        if (!r.ok) continue;
        const ticks = this.filter.accept(r.value);
        if (ticks.length > 0) sink({ symbol: this.symbolOf.get(key) ?? ticks[0]!.symbol, entryId: e.id, ticks });
      }
    }
  }
}
