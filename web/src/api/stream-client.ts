/**
 * `StreamClient`: the WebSocket at `/api/stream` (protocol in src/server/dto/stream-messages.ts).
 *
 * It keeps a set of wanted channels, subscribes to all of them on every (re)connect,
 * reconnects with exponential backoff when the socket closes, and treats a socket that has
 * been silent for `silenceMs` as dead (the server pushes `status` about once a second).
 * `subscribe()` resolves when the server acknowledges the channels, so a caller can fetch
 * history only after live updates are flowing, and so leave no gap between the two.
 * @module
 */

import type { ClientMessage, ServerMessage } from '../../../src/server/dto/stream-messages';
import { accessToken } from './access-token';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';

export type ConnectionPhase = 'connecting' | 'open' | 'reconnecting' | 'stopped';

export interface ConnectionState {
  readonly phase: ConnectionPhase;
  /** Failed attempts since the socket was last open. */
  readonly attempt: number;
  /** When the next attempt starts (epoch ms), while `reconnecting`. */
  readonly retryAt: number | null;
}

export interface StreamClientOptions {
  readonly url: string;
  readonly onMessage: (message: ServerMessage) => void;
  readonly onConnection: (state: ConnectionState) => void;
  readonly backoff?: BackoffOptions;
  /** A socket with no message for this long is closed and reconnected. */
  readonly silenceMs?: number;
  /** How long `subscribe()` waits for the acknowledgement before resolving anyway. */
  readonly ackTimeoutMs?: number;
}

interface PendingAck {
  readonly channels: Set<string>;
  readonly resolve: () => void;
}

/** The URL of the stream endpoint on the page's own origin, with the page's access token if any. */
export function defaultStreamUrl(loc: Location = window.location): string {
  const token = accessToken(loc.search);
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/stream${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
}

export class StreamClient {
  private socket: WebSocket | null = null;
  private readonly wanted = new Set<string>();
  /** Channels the server has acknowledged on the current socket. */
  private readonly acked = new Set<string>();
  private pending: PendingAck[] = [];
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private silenceTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;

  constructor(private readonly options: StreamClientOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open('connecting');
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, 'client stopped');
    }
    this.resolveAllPending();
    this.options.onConnection({ phase: 'stopped', attempt: 0, retryAt: null });
  }

  /**
   * Adds `channels` to the wanted set; resolves once the server has acknowledged all of them
   * on the current socket (at once when it already has), or after `ackTimeoutMs`.
   */
  subscribe(channels: readonly string[]): Promise<void> {
    const fresh = channels.filter((c) => !this.wanted.has(c));
    for (const c of fresh) this.wanted.add(c);
    const unacked = channels.filter((c) => !this.acked.has(c));
    const ack = unacked.length === 0 ? Promise.resolve() : this.awaitAck(unacked);
    if (fresh.length > 0 && this.isOpen()) this.send({ op: 'subscribe', channels: fresh });
    return ack;
  }

  /** Removes `channels` from the wanted set. */
  unsubscribe(channels: readonly string[]): void {
    const gone = channels.filter((c) => this.wanted.delete(c));
    for (const c of gone) this.acked.delete(c);
    if (gone.length > 0 && this.isOpen()) this.send({ op: 'unsubscribe', channels: gone });
  }

  private isOpen(): boolean {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  private send(message: ClientMessage): void {
    this.socket?.send(JSON.stringify(message));
  }

  private awaitAck(channels: readonly string[]): Promise<void> {
    return new Promise((resolve) => {
      const entry: PendingAck = { channels: new Set(channels), resolve };
      this.pending.push(entry);
      // A server that never acknowledges (an old version, or a channel it rejects with an
      // `error`) must not hold the caller's history load forever.
      setTimeout(() => this.settle(entry), this.options.ackTimeoutMs ?? 3000);
    });
  }

  private settle(entry: PendingAck): void {
    const i = this.pending.indexOf(entry);
    if (i >= 0) this.pending.splice(i, 1);
    entry.resolve();
  }

  private acknowledge(channels: readonly string[]): void {
    for (const c of channels) if (this.wanted.has(c)) this.acked.add(c);
    for (const entry of [...this.pending]) {
      for (const c of channels) entry.channels.delete(c);
      if (entry.channels.size === 0) this.settle(entry);
    }
  }

  private resolveAllPending(): void {
    for (const entry of [...this.pending]) this.settle(entry);
  }

  private open(phase: 'connecting' | 'reconnecting'): void {
    this.options.onConnection({ phase, attempt: this.attempt, retryAt: null });
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.acked.clear();
      this.armSilenceTimer();
      if (this.wanted.size > 0) this.send({ op: 'subscribe', channels: [...this.wanted] });
      this.options.onConnection({ phase: 'open', attempt: 0, retryAt: null });
    };
    socket.onmessage = (event: MessageEvent) => {
      this.armSilenceTimer();
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        console.warn('tandem: ignoring a stream message that is not JSON');
        return;
      }
      if (message.type === 'subscribed') this.acknowledge(message.channels);
      this.options.onMessage(message);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.acked.clear();
      this.scheduleReconnect();
    };
    // An error is always followed by a close event, which does the reconnecting.
    socket.onerror = () => undefined;
  }

  private scheduleReconnect(): void {
    this.clearTimers();
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt, this.options.backoff ?? DEFAULT_BACKOFF);
    this.attempt += 1;
    this.options.onConnection({ phase: 'reconnecting', attempt: this.attempt, retryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open('reconnecting');
    }, delay);
  }

  private armSilenceTimer(): void {
    if (this.silenceTimer !== null) clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      // A half-open TCP connection neither closes by itself nor finishes a close handshake
      // soon, so drop it at once and reconnect on a fresh socket.
      const socket = this.socket;
      if (socket === null) return;
      this.socket = null;
      this.acked.clear();
      socket.onclose = null;
      socket.close(4000, 'silent');
      this.scheduleReconnect();
    }, this.options.silenceMs ?? 15_000);
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.silenceTimer !== null) clearTimeout(this.silenceTimer);
    this.retryTimer = null;
    this.silenceTimer = null;
  }
}
