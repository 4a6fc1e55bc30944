/**
 * `FakeWsServer`: the WebSocket half of the fake Binance. It routes upgrades the way
 * `fstream.binance.com` does since the 2026 split, keeps each connection's stream list, answers
 * the JSON method messages, pings, enforces the pong deadline, the incoming-message limit and the
 * connection lifetime, and sends whatever frames the facade hands it.
 *
 * Paths:
 * - `/market/stream?streams=a@aggTrade/b@aggTrade`: combined mode, frames wrapped in `{stream, data}`.
 * - `/market/ws/a@aggTrade/b@aggTrade` (or `/market/ws` and SUBSCRIBE): raw mode, bare payloads.
 * - `/stream`, `/ws...`, `/public...`, `/private...`: accepted, pinged, never sent data (the
 *   legacy paths went silent in April 2026; aggTrade is not in the `/public` tier).
 * - anything else: the upgrade is refused with 404.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { aggTradeStream, combinedFrame, markPriceStream, rawFrame, type AggTrade, type MarkPriceUpdate } from './binance-protocol.js';
import type { FakeBinanceStats } from './fake-stats.js';

export type ConnectionMode = 'combined' | 'raw' | 'silent';

/** What a test may see of one live connection. */
export interface ConnectionInfo {
  readonly id: number;
  /** Path and query the client connected to, e.g. `/market/stream?streams=btcusdt@aggTrade`. */
  readonly url: string;
  readonly mode: ConnectionMode;
  readonly streams: readonly string[];
  readonly openedAt: number;
}

export interface WsServerOptions {
  pingIntervalMs: number;
  pongTimeoutMs: number;
  maxConnectionLifeMs: number;
  maxIncomingPerSecond: number;
  includeNq: boolean;
  /** Called after a trade frame is handed to a socket, with the send's wall time in ms (sub-ms precision). */
  onFrameSent?: (trade: AggTrade, sentAtMs: number) => void;
}

/** Binance's cap on streams per connection. */
const MAX_STREAMS_PER_CONNECTION = 1024;

interface Connection {
  readonly id: number;
  readonly ws: WebSocket;
  readonly url: string;
  readonly mode: ConnectionMode;
  readonly streams: Set<string>;
  readonly openedAt: number;
  /** Receive times of the incoming messages of the last second. */
  incoming: number[];
  lastPongAt: number;
  pingTimer: NodeJS.Timeout | null;
  lifeTimer: NodeJS.Timeout | null;
  readonly pongTimers: Set<NodeJS.Timeout>;
}

export class FakeWsServer {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly conns = new Map<number, Connection>();
  private nextConnId = 1;

  constructor(
    private readonly opts: WsServerOptions,
    private readonly stats: FakeBinanceStats,
  ) {}

  /** The `upgrade` handler of the shared HTTP server. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'ws://127.0.0.1');
    const route = routeOf(url);
    if (route === null) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    if (route.streams.length > MAX_STREAMS_PER_CONNECTION) {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, `${url.pathname}${url.search}`, route.mode, route.streams));
  }

  /** Sends one trade to every connection whose stream list includes its symbol. */
  deliver(trade: AggTrade, duplicate = false): void {
    const stream = aggTradeStream(trade.s);
    for (const c of this.conns.values()) {
      if (c.mode === 'silent' || !c.streams.has(stream) || c.ws.readyState !== WebSocket.OPEN) continue;
      c.ws.send(c.mode === 'combined' ? combinedFrame(trade, this.opts.includeNq) : rawFrame(trade, this.opts.includeNq));
      this.opts.onFrameSent?.(trade, performance.timeOrigin + performance.now());
      this.stats.framesSent++;
      if (duplicate) this.stats.duplicatesSent++;
    }
  }

  /** Sends one mark price update to every connection listening to its `<symbol>@markPrice@1s`. */
  deliverMark(update: MarkPriceUpdate): void {
    const stream = markPriceStream(update.s);
    for (const c of this.conns.values()) {
      if (c.mode === 'silent' || !c.streams.has(stream) || c.ws.readyState !== WebSocket.OPEN) continue;
      c.ws.send(c.mode === 'combined' ? JSON.stringify({ stream, data: update }) : JSON.stringify(update));
      this.stats.markFramesSent++;
    }
  }

  /** Sends a hand-made frame to every data connection listening to `stream`: `combined` text to combined-mode ones, `raw` to raw-mode ones. */
  sendText(stream: string, text: { combined: string; raw: string }): number {
    let n = 0;
    for (const c of this.conns.values()) {
      if (c.mode === 'silent' || !c.streams.has(stream) || c.ws.readyState !== WebSocket.OPEN) continue;
      c.ws.send(c.mode === 'combined' ? text.combined : text.raw);
      n++;
    }
    return n;
  }

  /**
   * Terminates live sockets abruptly (all, or those `which` selects): the TCP connection is
   * destroyed, no close frame is sent. Resolves when they are gone, with how many there were.
   */
  async dropAll(which: (c: ConnectionInfo) => boolean = () => true): Promise<number> {
    const chosen = [...this.conns.values()].filter((c) => which(info(c)));
    const closing = chosen.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.ws.readyState === WebSocket.CLOSED) return resolve();
          c.ws.once('close', () => resolve());
          this.stats.droppedByFault++;
          c.ws.terminate();
        }),
    );
    await Promise.all(closing);
    return chosen.length;
  }

  /** Closes every live socket cleanly, with a close frame carrying `code` and `reason` (a server restart, a maintenance). */
  async closeAll(code: number, reason: string): Promise<void> {
    const closing = [...this.conns.values()].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.ws.readyState === WebSocket.CLOSED) return resolve();
          c.ws.once('close', () => resolve());
          c.ws.close(code, reason);
        }),
    );
    await Promise.all(closing);
  }

  /** Changes the lifetime of every connection, live ones included (measured from when each opened). */
  setMaxConnectionLife(ms: number): void {
    this.opts.maxConnectionLifeMs = ms;
    for (const c of this.conns.values()) this.armLifetime(c);
  }

  connections(): ConnectionInfo[] {
    return [...this.conns.values()].map(info);
  }

  async close(): Promise<void> {
    for (const c of this.conns.values()) c.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket, url: string, mode: ConnectionMode, streams: string[]): void {
    const now = Date.now();
    const c: Connection = {
      id: this.nextConnId++,
      ws,
      url,
      mode,
      streams: new Set(streams),
      openedAt: now,
      incoming: [],
      lastPongAt: now,
      pingTimer: null,
      lifeTimer: null,
      pongTimers: new Set(),
    };
    this.conns.set(c.id, c);
    this.stats.connectionsOpened++;
    if (mode === 'silent') this.stats.silentPathConnections++;

    ws.on('message', (data, isBinary) => {
      if (!this.countIncoming(c)) return;
      if (!isBinary && mode !== 'silent') this.onMethodMessage(c, data);
    });
    ws.on('ping', () => this.countIncoming(c));
    ws.on('pong', () => {
      this.stats.pongsReceived++;
      c.lastPongAt = Date.now();
      this.countIncoming(c);
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      this.stats.connectionsClosed++;
      this.clearTimers(c);
      this.conns.delete(c.id);
    });

    c.pingTimer = setInterval(() => this.ping(c), this.opts.pingIntervalMs);
    this.armLifetime(c);
  }

  private ping(c: Connection): void {
    if (c.ws.readyState !== WebSocket.OPEN) return;
    const sentAt = Date.now();
    // A payload the client must echo; `ws` and browsers' WebSocket echo it on their own.
    c.ws.ping(String(sentAt));
    this.stats.pingsSent++;
    const t = setTimeout(() => {
      c.pongTimers.delete(t);
      if (c.lastPongAt < sentAt && c.ws.readyState === WebSocket.OPEN) {
        this.stats.pongTimeoutCloses++;
        c.ws.terminate();
      }
    }, this.opts.pongTimeoutMs);
    c.pongTimers.add(t);
  }

  private armLifetime(c: Connection): void {
    if (c.lifeTimer !== null) clearTimeout(c.lifeTimer);
    const left = c.openedAt + this.opts.maxConnectionLifeMs - Date.now();
    c.lifeTimer = setTimeout(
      () => {
        if (c.ws.readyState !== WebSocket.OPEN) return;
        this.stats.lifetimeCloses++;
        c.ws.close(1000, 'max connection lifetime');
      },
      Math.max(0, Math.min(left, 2_147_483_647)),
    );
  }

  /** Counts one incoming message; over the limit, closes the connection and returns false. */
  private countIncoming(c: Connection): boolean {
    this.stats.incomingMessages++;
    const now = Date.now();
    c.incoming.push(now);
    while (c.incoming.length > 0 && c.incoming[0]! <= now - 1000) c.incoming.shift();
    if (c.incoming.length > this.opts.maxIncomingPerSecond) {
      if (c.ws.readyState === WebSocket.OPEN) {
        this.stats.rateLimitCloses++;
        c.ws.close(1008, 'too many incoming messages');
      }
      return false;
    }
    return true;
  }

  private onMethodMessage(c: Connection, data: RawData): void {
    let msg: unknown;
    try {
      msg = JSON.parse(rawText(data));
    } catch {
      this.reply(c, { error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' }, id: null });
      return;
    }
    this.stats.methodMessages++;
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      this.reply(c, { error: { code: 2, msg: 'Invalid request: request must be an object' }, id: null });
      return;
    }
    const { method, params, id } = msg as { method?: unknown; params?: unknown; id?: unknown };
    const validId = id === null || (typeof id === 'number' && Number.isInteger(id) && id >= 0) || (typeof id === 'string' && /^[A-Za-z0-9-]{1,36}$/.test(id));
    if (!validId) {
      this.reply(c, { error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' }, id: null });
      return;
    }
    if (method === 'SUBSCRIBE' || method === 'UNSUBSCRIBE') {
      if (method === 'SUBSCRIBE') this.stats.subscribeMessages++;
      if (!Array.isArray(params) || !params.every((p): p is string => typeof p === 'string')) {
        this.reply(c, { error: { code: 2, msg: 'Invalid request: params must be an array of stream names' }, id });
        return;
      }
      if (method === 'SUBSCRIBE' && c.streams.size + params.length > MAX_STREAMS_PER_CONNECTION) {
        this.reply(c, { error: { code: 2, msg: `Invalid request: a connection can listen to at most ${MAX_STREAMS_PER_CONNECTION} streams` }, id });
        return;
      }
      for (const p of params) {
        if (method === 'SUBSCRIBE') c.streams.add(p);
        else c.streams.delete(p);
      }
      this.reply(c, { result: null, id });
    } else if (method === 'LIST_SUBSCRIPTIONS') {
      this.reply(c, { result: [...c.streams], id });
    } else {
      this.reply(c, { error: { code: 2, msg: `Invalid request: unknown variant ${JSON.stringify(method)}, expected one of SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, SET_PROPERTY, GET_PROPERTY` }, id });
    }
  }

  private reply(c: Connection, body: unknown): void {
    if (c.ws.readyState === WebSocket.OPEN) c.ws.send(JSON.stringify(body));
  }

  private clearTimers(c: Connection): void {
    if (c.pingTimer !== null) clearInterval(c.pingTimer);
    if (c.lifeTimer !== null) clearTimeout(c.lifeTimer);
    for (const t of c.pongTimers) clearTimeout(t);
    c.pongTimers.clear();
  }
}

function info(c: Connection): ConnectionInfo {
  return { id: c.id, url: c.url, mode: c.mode, streams: [...c.streams], openedAt: c.openedAt };
}

/** Which kind of connection a path opens, with the streams named in it; null for an unknown path. */
function routeOf(url: URL): { mode: ConnectionMode; streams: string[] } | null {
  const path = url.pathname.replace(/\/+$/, '');
  const split = (s: string | null): string[] => (s === null || s === '' ? [] : s.split('/').filter((x) => x !== ''));
  if (path === '/market/stream') return { mode: 'combined', streams: split(url.searchParams.get('streams')) };
  if (path === '/market/ws') return { mode: 'raw', streams: [] };
  if (path.startsWith('/market/ws/')) return { mode: 'raw', streams: split(decodeURIComponent(path.slice('/market/ws/'.length))) };
  if (path === '/stream' || path === '/ws' || path.startsWith('/ws/') || /^\/(public|private)(\/|$)/.test(path)) {
    return { mode: 'silent', streams: split(url.searchParams.get('streams')) };
  }
  return null;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
