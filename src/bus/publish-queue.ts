/**
 * `PublishQueue`: sits between a source (which pushes ticks synchronously) and a
 * `TickPublisher` (which is async and can fail). Ticks are published in order, one batch
 * every `flushMs`; a failed batch stays at the head and is retried with backoff, so a Redis
 * blip delays ticks but never reorders or drops them. Past `maxBuffered` ticks the queue gives
 * up (`onOverflow`): the worker should exit and be restarted, and a Binance worker then resumes
 * from its last published id through REST, which is cheaper than holding an outage in memory.
 * @module
 */

import type { Tick } from '../model/tick.js';
import type { TickPublisher } from './tick-bus.js';

export interface PublishQueueOptions {
  readonly flushMs?: number;
  /** Most ticks one publish carries (default 5,000). */
  readonly maxBatch?: number;
  /** Ticks held before giving up (default 2,000,000). */
  readonly maxBuffered?: number;
  readonly onOverflow?: (buffered: number) => void;
  /** Called when a publish fails (it is retried). */
  readonly onError?: (e: unknown) => void;
}

export class PublishQueue {
  private buffer: Tick[] = [];
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private published = 0;
  private failures = 0;
  private failuresTotal = 0;
  private retryAt = 0;
  private closed = false;
  private overflowed = false;

  constructor(
    private readonly publisher: TickPublisher,
    private readonly opts: PublishQueueOptions = {},
  ) {
    this.timer = setInterval(() => void this.drain(), opts.flushMs ?? 20);
  }

  push(ticks: readonly Tick[]): void {
    if (this.closed) return;
    for (const t of ticks) this.buffer.push(t);
    if (!this.overflowed && this.buffer.length > (this.opts.maxBuffered ?? 2_000_000)) {
      this.overflowed = true;
      this.opts.onOverflow?.(this.buffer.length);
    }
  }

  /** Ticks published so far. */
  count(): number {
    return this.published;
  }

  /** Publishes that failed (and were retried) since the queue was made. */
  failedPublishes(): number {
    return this.failuresTotal;
  }

  /** Ticks waiting to be published. */
  backlog(): number {
    return this.buffer.length;
  }

  /** Publishes everything buffered, retrying until it succeeds or `deadlineMs` passes. */
  async close(deadlineMs = 10_000): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    const until = Date.now() + deadlineMs;
    while (this.buffer.length > 0 && Date.now() < until) {
      this.retryAt = 0;
      await this.drain();
      if (this.buffer.length > 0) await new Promise((r) => setTimeout(r, 100));
    }
    await this.running;
  }

  private drain(): Promise<void> {
    if (this.running !== null) return this.running;
    if (this.buffer.length === 0 || Date.now() < this.retryAt) return Promise.resolve();
    this.running = (async () => {
      try {
        while (this.buffer.length > 0) {
          const n = Math.min(this.buffer.length, this.opts.maxBatch ?? 5000);
          const batch = this.buffer.slice(0, n);
          await this.publisher.publish(batch);
          this.buffer.splice(0, n);
          this.published += n;
          this.failures = 0;
        }
      } catch (e) {
        this.failures++;
        this.failuresTotal++;
        this.retryAt = Date.now() + Math.min(100 * 2 ** Math.min(this.failures, 5), 3000);
        this.opts.onError?.(e);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }
}
