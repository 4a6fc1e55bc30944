/**
 * `BatchWriter`: buffers items and writes them in one call per batch, on a timer or when the
 * buffer is full. A crash loses at most the items of the last `flushMs` (100 ms by default);
 * `close()` writes what is left. Writes never overlap, so the store sees batches in order.
 * @module
 */

import { componentLogger } from '../core/logger.js';

const log = componentLogger('store');

export interface BatchWriterOptions<T> {
  /** Writes one batch; may be sync or async. */
  readonly write: (batch: T[]) => void | Promise<void>;
  readonly flushMs?: number;
  readonly maxBatch?: number;
  readonly onError?: (e: unknown) => void;
}

export class BatchWriter<T> {
  private buffer: T[] = [];
  /** Batches handed to `write` whose write has not finished. */
  private readonly inFlight = new Set<T[]>();
  private readonly timer: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  private holds = 0;
  private readonly maxBatch: number;

  constructor(private readonly opts: BatchWriterOptions<T>) {
    this.maxBatch = opts.maxBatch ?? 10_000;
    this.timer = setInterval(() => void this.flush(), opts.flushMs ?? 100);
    this.timer.unref();
  }

  push(items: readonly T[]): void {
    if (this.closed) throw new Error('BatchWriter: push after close');
    for (const item of items) this.buffer.push(item);
    if (this.buffer.length >= this.maxBatch) void this.flush();
  }

  /** Items pushed whose write has not finished (in flight or buffered), oldest first. */
  unwritten(): T[] {
    return [...[...this.inFlight].flat(), ...this.buffer];
  }

  /** Items pushed whose write has not finished, counted without copying them (metrics). */
  backlog(): number {
    let n = this.buffer.length;
    for (const batch of this.inFlight) n += batch.length;
    return n;
  }

  /** Items buffered but not yet handed to `write`. */
  pending(): number {
    return this.buffer.length;
  }

  /**
   * Stops handing batches to `write` until the returned release is called, and resolves once
   * the write in flight (if any) is done: while another connection holds the store's write lock
   * (a bulk import's commit), a synchronous write on this thread would block the event loop.
   * Items keep buffering meanwhile; release flushes them.
   */
  async hold(): Promise<() => void> {
    this.holds++;
    await this.writing;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      if (this.holds === 0) void this.flush();
    };
  }

  /** Writes everything buffered so far; resolves when it is written. */
  flush(): Promise<void> {
    if (this.holds > 0 && !this.closed) return this.writing;
    if (this.buffer.length > 0) {
      const batch = this.buffer;
      this.buffer = [];
      this.inFlight.add(batch);
      this.writing = this.writing.then(async () => {
        try {
          await this.opts.write(batch);
        } catch (e) {
          (this.opts.onError ?? ((err: unknown) => log.error({ err }, 'batch write failed')))(e);
        } finally {
          this.inFlight.delete(batch);
        }
      });
    }
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.closed) return this.writing;
    clearInterval(this.timer);
    this.holds = 0;
    await this.flush();
    this.closed = true;
  }
}
