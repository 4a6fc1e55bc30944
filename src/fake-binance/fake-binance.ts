/**
 * `FakeBinance`: Binance USDⓈ-M Futures on 127.0.0.1 for integration tests. One port serves the
 * market WebSocket (routed `/market/stream?streams=...` and `/market/ws/...`) and the REST
 * endpoints Tandem uses, both over one trade tape that produces realistic aggregate trades in
 * real time. Faults are injected by method calls; `emitted(symbol)` is the truth a client's
 * stored ticks must equal.
 *
 * Protocol facts and their sources: `binance-protocol.ts`.
 *
 * @example
 * const fake = await FakeBinance.start({ symbols: ['BTCUSDT', 'ETHUSDT'], seed: 7 });
 * process.env.TANDEM_BINANCE_WS_URL = fake.wsBaseUrl;
 * process.env.TANDEM_BINANCE_REST_URL = fake.restBaseUrl;
 * // ... start the client, then:
 * await fake.dropConnections();
 * fake.rest429(2, 1);
 * // ... wait for the client to refill, then compare its ticks with fake.emitted('BTCUSDT').
 * await fake.stop();
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { epochMs, price, qty } from '../core/brand.js';
import type { Tick } from '../model/tick.js';
import { aggTradeStream, REST_WEIGHT_LIMIT_PER_MINUTE, type AggTrade, type MarkPriceUpdate } from './binance-protocol.js';
import { fakeFundingRate, FUNDING_INTERVAL_MS } from './fake-funding.js';
import { emptyStats, type FakeBinanceStats } from './fake-stats.js';
import { FakeRestServer } from './fake-rest-server.js';
import { FakeWsServer, type ConnectionInfo } from './fake-ws-server.js';
import { malformedFrame, type MalformedKind } from './malformed-frames.js';
import { TradeTape } from './trade-tape.js';

export type { AggTrade, MarkPriceUpdate } from './binance-protocol.js';
export type { FakeBinanceStats } from './fake-stats.js';
export type { ConnectionInfo } from './fake-ws-server.js';
export { MALFORMED_KINDS, type MalformedKind } from './malformed-frames.js';

export interface FakeBinanceOptions {
  /** Upper-case symbols the tape trades, e.g. `['BTCUSDT', 'ETHUSDT']`. */
  readonly symbols: readonly string[];
  /** Trades per second across all symbols (default 200). */
  readonly tradesPerSecond?: number;
  /** Seed of the price model (default 1). */
  readonly seed?: number;
  /** How often the tape produces trades and pushes them, ms (default 20). */
  readonly tapeIntervalMs?: number;
  /** Server ping period (Binance: 3 minutes). */
  readonly pingIntervalMs?: number;
  /** A connection that has not answered a ping within this is terminated (Binance: 10 minutes). */
  readonly pongTimeoutMs?: number;
  /** The server closes each connection this long after it opened (Binance: 24 hours). */
  readonly maxConnectionLifeMs?: number;
  /** More incoming messages than this within one second closes the connection (Binance: 10). */
  readonly maxIncomingPerSecond?: number;
  /** REST weight per minute before 429 (Binance: 2400). */
  readonly restWeightLimitPerMinute?: number;
  /**
   * REST calls cost no weight (default false). For tests whose subject is not rate limits: at
   * 20,000 trades/s a restart's gap is tens of thousands of trades, more than Binance's weight
   * budget refills in a minute, and the client rightly slows down near it.
   */
  readonly restWeightFree?: boolean;
  /** Send the `nq` field Binance added to aggTrade in 2026 (default true). */
  readonly includeNq?: boolean;
  /**
   * The tape starts this long before now and has traded up to now when the fake starts, so
   * `aggTrades` and `klines` have history to backfill from (default 0).
   */
  readonly historyMs?: number;
  /** Start with the tape paused (default false). */
  readonly paused?: boolean;
  /** Port to listen on (default 0: any free port). */
  readonly port?: number;
  /**
   * exchangeInfo `status` of tape symbols that are not `TRADING` at the start, e.g.
   * `{ XRPUSDT: 'PENDING_TRADING' }` for a listing to come (`setStatus` changes it). The tape
   * trades every symbol whatever its status, so a client that ignores the status would show it.
   */
  readonly statuses?: Readonly<Record<string, string>>;
  /** How often `<symbol>@markPrice@1s` frames go out, ms (Binance: 1000). */
  readonly markPriceIntervalMs?: number;
  /**
   * Called after each trade frame is handed to a socket, with the wall time of the send in
   * ms at sub-millisecond precision (`performance.timeOrigin + performance.now()`): where a
   * latency benchmark starts its clock. Once per connection the frame went to.
   */
  readonly onFrameSent?: (trade: AggTrade, sentAtMs: number) => void;
}

export class FakeBinance {
  readonly wsBaseUrl: string;
  readonly restBaseUrl: string;
  private readonly port: number;
  private readonly skip = new Map<string, number>();
  private readonly withheld = new Map<string, number[]>();
  /** Silences by trade time: a trade with `from ≤ T < until` (of `symbol`, or any) is not sent. */
  private silences: { from: number; until: number; symbol: string | null }[] = [];
  /** The wall time the tape was last advanced to: every trade produced later has T ≥ this. */
  private steppedTo = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly markTimer: NodeJS.Timeout;
  private stopped = false;

  private constructor(
    private readonly server: Server,
    private readonly tape: TradeTape,
    private readonly ws: FakeWsServer,
    private readonly rest: FakeRestServer,
    private readonly counters: FakeBinanceStats,
    tapeIntervalMs: number,
    private readonly statuses: Map<string, string>,
    markPriceIntervalMs: number,
  ) {
    const { port } = server.address() as AddressInfo;
    this.port = port;
    this.wsBaseUrl = `ws://127.0.0.1:${port}`;
    this.restBaseUrl = `http://127.0.0.1:${port}`;
    for (const s of tape.symbols) this.withheld.set(s, []);
    this.timer = setInterval(() => this.step(), tapeIntervalMs);
    this.markTimer = setInterval(() => this.sendMarks(), markPriceIntervalMs);
  }

  static async start(opts: FakeBinanceOptions): Promise<FakeBinance> {
    const counters = emptyStats();
    const now = Date.now();
    const tape = new TradeTape({ symbols: opts.symbols, seed: opts.seed ?? 1, startMs: now - (opts.historyMs ?? 0), tradesPerSecond: opts.tradesPerSecond ?? 200 });
    if ((opts.historyMs ?? 0) > 0) tape.advanceTo(now);
    if (opts.paused === true) tape.pause(now);
    const ws = new FakeWsServer(
      {
        pingIntervalMs: opts.pingIntervalMs ?? 180_000,
        pongTimeoutMs: opts.pongTimeoutMs ?? 600_000,
        maxConnectionLifeMs: opts.maxConnectionLifeMs ?? 86_400_000,
        maxIncomingPerSecond: opts.maxIncomingPerSecond ?? 10,
        includeNq: opts.includeNq ?? true,
        ...(opts.onFrameSent === undefined ? {} : { onFrameSent: opts.onFrameSent }),
      },
      counters,
    );
    const statuses = new Map<string, string>(Object.entries(opts.statuses ?? {}));
    for (const s of statuses.keys()) if (!tape.has(s)) throw new Error(`statuses: '${s}' is not one of the fake's symbols (${tape.symbols.join(', ')})`);
    const rest = new FakeRestServer(tape, counters, {
      weightLimitPerMinute: opts.restWeightLimitPerMinute ?? REST_WEIGHT_LIMIT_PER_MINUTE,
      weightFree: opts.restWeightFree ?? false,
      statusOf: (symbol) => statuses.get(symbol) ?? 'TRADING',
    });
    const server = createServer((req, res) => rest.handle(req, res));
    server.on('upgrade', (req, socket, head) => ws.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    return new FakeBinance(server, tape, ws, rest, counters, opts.tapeIntervalMs ?? 20, statuses, opts.markPriceIntervalMs ?? 1000);
  }

  /** The truth: every trade the tape produced for `symbol` so far, ids consecutive, whether or not a client was sent it. */
  emitted(symbol: string): readonly AggTrade[] {
    return this.tape.trades(symbol);
  }

  /** `emitted(symbol)` as Tandem ticks (`source: 'binance'`), for comparing with a store. */
  emittedTicks(symbol: string): Tick[] {
    return this.tape.trades(symbol).map((t) => ({
      symbol: t.s,
      ts: epochMs(t.T),
      price: price(Number(t.p)),
      qty: qty(Number(t.q)),
      tradeId: t.a,
      buyerMaker: t.m,
      source: 'binance',
    }));
  }

  /** Ids of `symbol` that `skipIds` or `goSilent` kept off the WebSocket (they are on the tape and in REST). */
  withheldIds(symbol: string): readonly number[] {
    return this.withheld.get(symbol) ?? [];
  }

  /** The aggregate id the next trade of `symbol` will get. */
  nextId(symbol: string): number {
    return this.tape.nextId(symbol);
  }

  stats(): FakeBinanceStats & { liveConnections: number; restUsedWeight1m: number } {
    return { ...this.counters, restCallsByPath: { ...this.counters.restCallsByPath }, liveConnections: this.ws.connections().length, restUsedWeight1m: this.rest.usedWeight1m };
  }

  /** The next `times` REST responses report at least `weight` used this minute: a client sharing the IP. */
  reportRestWeight(weight: number, times: number): void {
    this.rest.reportWeight(weight, times);
  }

  /** The live connections: URL, mode, streams, open time. */
  connections(): ConnectionInfo[] {
    return this.ws.connections();
  }

  // ---- listings ------------------------------------------------------------------------------

  /**
   * Sets `symbol`'s exchangeInfo status: `TRADING` lists it, `SETTLING` (or `CLOSE`,
   * `PENDING_TRADING`...) takes it out of the universe. Its trades go on on the tape either way.
   */
  setStatus(symbol: string, status: string): void {
    this.requireSymbol(symbol, 'setStatus');
    this.statuses.set(symbol, status);
  }

  /** `symbol`'s exchangeInfo status now. */
  status(symbol: string): string {
    return this.statuses.get(symbol) ?? 'TRADING';
  }

  /**
   * The mark price update the fake sends for `symbol` at `now`: the mark is the tape's last
   * price, the index 0.01 % below it, the settle estimate the mark, and the rate the one
   * `/fapi/v1/fundingRate` will report for the next settlement (`fake-funding.ts`), due at the
   * next multiple of 8 h. Null before the symbol's first trade.
   */
  markPriceUpdate(symbol: string, now = Date.now()): MarkPriceUpdate | null {
    const trades = this.tape.trades(symbol);
    const last = trades[trades.length - 1];
    if (last === undefined) return null;
    const decimals = last.p.includes('.') ? last.p.length - last.p.indexOf('.') - 1 : 0;
    const next = (Math.floor(now / FUNDING_INTERVAL_MS) + 1) * FUNDING_INTERVAL_MS;
    const mark = Number(last.p);
    return { e: 'markPriceUpdate', E: now, s: symbol, p: mark.toFixed(8), i: (mark * 0.9999).toFixed(Math.max(decimals, 8)), P: mark.toFixed(8), r: fakeFundingRate(symbol, next), T: next };
  }

  // ---- faults -------------------------------------------------------------------------------

  /**
   * Terminates live sockets abruptly (no close frame, like a dead network): all of them, or
   * those `which` selects, e.g. `(c) => c.streams.includes('btcusdt@aggTrade')`. Resolves, with
   * how many were dropped, when the server has seen them close.
   */
  async dropConnections(which?: (c: ConnectionInfo) => boolean): Promise<number> {
    return this.ws.dropAll(which);
  }

  /** Closes every live socket cleanly (close frame with `code`, default 1001 "going away"), as a server restart would. */
  async closeConnections(code = 1001, reason = 'server restart'): Promise<void> {
    await this.ws.closeAll(code, reason);
  }

  /**
   * Binance unreachable: drops every socket and stops listening, so new connections and REST
   * calls are refused (ECONNREFUSED), while the tape keeps trading. `goOnline()` listens again
   * on the same port.
   */
  async goOffline(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.ws.dropAll();
    this.server.closeAllConnections();
    await closed;
  }

  async goOnline(): Promise<void> {
    if (this.server.listening || this.stopped) return;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /**
   * For `ms`, sockets stay open (and pinged) but get no trade frames, of any symbol or only of
   * `symbol`; the tape keeps trading, so clients see a gap. A stall, for the watchdog.
   */
  goSilent(ms: number, symbol?: string): void {
    if (symbol !== undefined) this.requireSymbol(symbol, 'goSilent');
    // Send what is due first, then silence by trade time, so a busy event loop cannot shrink the gap.
    this.step();
    const from = this.steppedTo;
    this.silences.push({ from, until: from + ms, symbol: symbol ?? null });
  }

  /** The next `n` trades of `symbol` go on the tape (and REST) but are not sent on the WebSocket: an id jump. */
  skipIds(symbol: string, n: number): void {
    this.requireSymbol(symbol, 'skipIds');
    this.skip.set(symbol, (this.skip.get(symbol) ?? 0) + n);
  }

  /** Sends the last `n` trades of `symbol` on the tape again, now, to every subscriber: duplicates. */
  resendIds(symbol: string, n: number): void {
    this.requireSymbol(symbol, 'resendIds');
    this.step();
    const trades = this.tape.trades(symbol);
    for (const t of trades.slice(Math.max(0, trades.length - n))) this.ws.deliver(t, true);
  }

  /**
   * Sends one malformed or unexpected frame, now, to every subscriber of `symbol` (default: the
   * first symbol). Needs at least one trade on the tape to copy values from. Returns how many
   * connections it was sent to.
   */
  sendMalformed(kind: MalformedKind, symbol = this.tape.symbols[0]!): number {
    this.requireSymbol(symbol, 'sendMalformed');
    this.step();
    const trades = this.tape.trades(symbol);
    const like = trades[trades.length - 1];
    if (like === undefined) throw new Error(`sendMalformed: no trade of ${symbol} on the tape yet to copy values from`);
    const n = this.ws.sendText(aggTradeStream(symbol), malformedFrame(kind, like, this.tape.nextId(symbol)));
    this.counters.malformedSent += n;
    return n;
  }

  /** The next `times` aggTrades calls answer 429 with `Retry-After: retryAfterSeconds`, then calls succeed. */
  rest429(times: number, retryAfterSeconds: number): void {
    this.rest.injectError(429, times, retryAfterSeconds);
  }

  /** The next `times` aggTrades calls answer 418 (IP banned) with `Retry-After`, then calls succeed. */
  rest418(times: number, retryAfterSeconds: number): void {
    this.rest.injectError(418, times, retryAfterSeconds);
  }

  /** The 24-hour limit on a short clock: the server closes each connection (code 1000) `ms` after it opened, live ones included. */
  setMaxConnectionLife(ms: number): void {
    this.ws.setMaxConnectionLife(ms);
  }

  /** Stops the tape: no trades are produced until `resume()` (and none are invented for the pause). */
  pause(): void {
    this.step();
    this.tape.pause(Date.now());
  }

  resume(): void {
    this.tape.resume(Date.now());
  }

  /** Produces and pushes the trades due now; the timer calls it, and faults call it to act on an up-to-date tape. */
  step(): void {
    if (this.stopped) return;
    const now = Math.max(Date.now(), this.steppedTo);
    this.steppedTo = now;
    for (const t of this.tape.advanceTo(now)) {
      const skipping = this.skip.get(t.s) ?? 0;
      const silent = this.silences.some((w) => t.T >= w.from && t.T < w.until && (w.symbol === null || w.symbol === t.s));
      if (skipping > 0 || silent) {
        if (skipping > 0) this.skip.set(t.s, skipping - 1);
        this.withheld.get(t.s)!.push(t.a);
        continue;
      }
      this.ws.deliver(t);
    }
    // Later trades have T ≥ now, so windows that ended by now can go.
    if (this.silences.length > 0) this.silences = this.silences.filter((w) => w.until > now);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.markTimer);
    await this.ws.close();
    this.server.closeAllConnections();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Once a second: a mark price update of every TRADING symbol to its subscribers (none while the whole feed is silenced). */
  private sendMarks(): void {
    if (this.stopped) return;
    const now = Date.now();
    if (this.silences.some((w) => w.symbol === null && now >= w.from && now < w.until)) return;
    for (const symbol of this.tape.symbols) {
      if (this.status(symbol) !== 'TRADING') continue;
      const update = this.markPriceUpdate(symbol, now);
      if (update !== null) this.ws.deliverMark(update);
    }
  }

  private requireSymbol(symbol: string, what: string): void {
    if (!this.tape.has(symbol)) throw new Error(`${what}: '${symbol}' is not one of the fake's symbols (${this.tape.symbols.join(', ')})`);
  }
}
