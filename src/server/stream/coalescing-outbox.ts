/**
 * `CoalescingOutbox`: what one WebSocket client has yet to receive, keyed so that a newer
 * update replaces an older one of the same thing (the same bar, the status). It flushes at
 * most once per `flushMs`, at once when the last flush is that long ago (so a quiet stream's
 * update is not held back a whole period; the latency benchmark measured that wait as most of
 * the server's share), and only while the socket's send buffer is small; a slow client's
 * outbox holds at most `maxKeys` latest states, never an unbounded queue.
 * @module
 */

import type { ServerMessage } from '../dto/stream-messages.js';

export interface OutboxSocket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string): void;
}

const OPEN = 1;

export interface OutboxOptions {
  /** How often pending updates go out (default 50 ms). */
  readonly flushMs?: number;
  /** Hold back while the socket has more than this many bytes unsent (default 1 MiB). */
  readonly highWaterBytes?: number;
  /** Most distinct pending updates kept; the oldest are dropped beyond it (default 5000). */
  readonly maxKeys?: number;
}

export class CoalescingOutbox {
  private readonly pending = new Map<string, ServerMessage>();
  private timer: NodeJS.Timeout | null = null;
  private dropped = 0;
  private lastFlushAt = -Infinity;

  constructor(
    private readonly socket: OutboxSocket,
    private readonly opts: OutboxOptions = {},
  ) {}

  /** Queues `message`, replacing a pending one with the same `key`. */
  put(key: string, message: ServerMessage): void {
    this.pending.delete(key);
    this.pending.set(key, message);
    const max = this.opts.maxKeys ?? 5000;
    while (this.pending.size > max) {
      this.pending.delete(this.pending.keys().next().value!);
      this.dropped++;
    }
    this.schedule();
  }

  /** Sends at once, ahead of pending updates (acknowledgements and errors). */
  sendNow(message: ServerMessage): void {
    if (this.socket.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  /** Updates dropped because the client fell too far behind. */
  droppedCount(): number {
    return this.dropped;
  }

  pendingCount(): number {
    return this.pending.size;
  }

  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }

  private schedule(): void {
    if (this.timer !== null) return;
    // A zero wait still lets the rest of the current batch of updates join this flush.
    const wait = Math.max(0, this.lastFlushAt + (this.opts.flushMs ?? 50) - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (this.socket.readyState !== OPEN) return;
    this.lastFlushAt = performance.now();
    const highWater = this.opts.highWaterBytes ?? 1 << 20;
    for (const [key, message] of this.pending) {
      if (this.socket.bufferedAmount > highWater) break;
      this.pending.delete(key);
      this.socket.send(JSON.stringify(message));
    }
    if (this.pending.size > 0) this.schedule();
  }
}
