/**
 * `StreamConnection`: one WebSocket to Binance's routed combined market stream,
 * `<base>/market/stream?streams=btcusdt@aggTrade/ethusdt@aggTrade`. Streams go in the URL, so
 * no SUBSCRIBE messages are sent; any message we do send passes a 10/s token bucket. Binance's
 * pings are answered with pongs by the `ws` library (autoPong). It reports frames with their
 * receive time, and its end with a reason; reconnecting is the owner's decision.
 * @module
 */

import WebSocket from 'ws';
import { TokenBucket } from './token-bucket.js';

export interface StreamConnectionHandlers {
  readonly onOpen: () => void;
  readonly onFrame: (text: string, receivedAt: number) => void;
  /** Called once, when the connection ends for any reason. */
  readonly onClose: (reason: string) => void;
}

export class StreamConnection {
  private readonly ws: WebSocket;
  private closed = false;
  private readonly outgoing: TokenBucket;
  openedAt: number | null = null;
  lastFrameAt: number | null = null;
  pings = 0;

  constructor(
    readonly url: string,
    private readonly handlers: StreamConnectionHandlers,
    private readonly now: () => number,
  ) {
    this.outgoing = new TokenBucket(10, 10, now());
    this.ws = new WebSocket(url, { handshakeTimeout: 10_000, maxPayload: 1 << 20, autoPong: true });
    this.ws.on('open', () => {
      this.openedAt = this.now();
      this.handlers.onOpen();
    });
    this.ws.on('message', (data, isBinary) => {
      const at = this.now();
      this.lastFrameAt = at;
      if (!isBinary) this.handlers.onFrame(String(data), at);
    });
    this.ws.on('ping', () => this.pings++);
    this.ws.on('error', (e) => this.end(`socket error: ${e.message}`));
    this.ws.on('close', (code, reason) => this.end(`closed by server (code ${code}${reason.length > 0 ? `, ${String(reason)}` : ''})`));
  }

  /** Builds the routed combined-stream URL for `streams` on `baseUrl`. */
  static urlFor(baseUrl: string, streams: readonly string[]): string {
    return `${baseUrl.replace(/\/+$/, '')}/market/stream?streams=${streams.join('/')}`;
  }

  /** Sends a JSON message if the 10 messages/s budget allows; returns false when it does not. */
  send(message: unknown): boolean {
    if (this.ws.readyState !== WebSocket.OPEN || this.outgoing.take(this.now()) > 0) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  /** Ends the connection on our side, reporting `reason`. */
  close(reason: string): void {
    this.end(reason);
    this.ws.terminate();
  }

  private end(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.handlers.onClose(reason);
  }
}
