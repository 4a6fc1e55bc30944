/**
 * `BinanceFuturesSource`: Binance USD-M Futures aggregate trades that are never silently
 * dropped or duplicated.
 *
 * - Symbols are split over connections of at most `maxStreamsPerConnection` streams, each a
 *   routed combined stream with the streams in the URL.
 * - A connection that ends is reopened after exponential backoff with full jitter (capped);
 *   one that is open but silent beyond its symbols' adaptive threshold is stalled, closed and
 *   reopened. Before Binance's 24-hour limit a connection is rotated: the new one opens first,
 *   then the old one closes, and the overlap is de-duplicated.
 * - Every symbol's trades pass a `TradeSequencer`: a jump in the aggregate id, any reconnect,
 *   and the start (from the last stored id) page `GET /fapi/v1/aggTrades` until the live
 *   stream is met; repeats are dropped. With `tradesFromBucketMs` (the backfill) the start is
 *   at the latest the current 5m bucket's first trade, so its forming bars are whole.
 * - Per-symbol quality (state, messages/s, lag p50/p99, gaps, refilled, duplicates, last
 *   reconnect reason) is exposed for status.
 * @module
 */

import { setMaxListeners } from 'node:events';
import type { Clock } from '../../core/clock.js';
import { componentLogger } from '../../core/logger.js';
import { RateMeter } from '../../core/rate-meter.js';
import { TandemError } from '../../core/tandem-error.js';
import type { Tick } from '../../model/tick.js';
import type { FeedState, MarketDataSource, SourceState, SymbolQuality, TickSink } from '../market-data-source.js';
import { Backoff } from './backoff.js';
import type { MarkPrice, MarkSink } from '../../model/mark-price.js';
import { aggTradeStream, markPriceStream } from './binance-messages.js';
import { BinanceRestClient } from './binance-rest-client.js';
import { LagPercentiles } from './lag-percentiles.js';
import { parseStreamFrame } from './parse-agg-trade.js';
import { StallThreshold } from './stall-threshold.js';
import { StreamConnection } from './stream-connection.js';
import { TradeSequencer } from './trade-sequencer.js';
import { diffUniverse, selectUniverse } from './usdm-universe.js';

export interface BinanceSourceOptions {
  readonly symbols: readonly string[];
  /** `TANDEM_BINANCE_WS_URL`, default `wss://fstream.binance.com`. */
  readonly wsBaseUrl: string;
  /** `TANDEM_BINANCE_REST_URL`, default `https://fapi.binance.com`. */
  readonly restBaseUrl: string;
  readonly clock: Clock;
  /** The last stored aggregate id of a symbol, to catch up from on start. */
  readonly lastTradeId?: (symbol: string) => Promise<number | null>;
  readonly maxStreamsPerConnection?: number;
  /** Rotate each connection after this long (default 23.5 h; Binance cuts at 24 h). */
  readonly rotateAfterMs?: number;
  readonly backoff?: { readonly baseMs: number; readonly capMs: number };
  readonly stall?: { readonly minMs: number; readonly maxMs: number };
  /** Most trades one refill pages before it gives up and reports the rest unrecovered. */
  readonly maxRefillTrades?: number;
  /** Check symbols against exchangeInfo on start (default true). */
  readonly validateSymbols?: boolean;
  /**
   * Ingest the USD-M perpetual universe instead of `symbols`: every TRADING PERPETUAL of
   * exchangeInfo (of `quote`, or any quote when null), re-checked every `refreshMs`; listings
   * are added to the connections and delistings removed while the rest keep streaming.
   */
  readonly universe?: { readonly quote: string | null; readonly refreshMs?: number };
  /** Told of a universe's listings once their streams are placed (the engine backfills their history). */
  readonly onListed?: (symbols: readonly string[]) => void;
  /** Also stream `<symbol>@markPrice@1s` (mark price and funding) into the mark sink (default true). */
  readonly markPrice?: boolean;
  /**
   * Backfill: start each symbol's trades no later than the start of the current bucket of this
   * length (300 000 for 5m), found by one `aggTrades?startTime=` call and then paged by id, so
   * every forming bar is whole. A symbol with stored trades keeps going from them when the hole
   * is at most `maxRefillTrades` trades; the klines of the backfill cover a longer one.
   */
  readonly tradesFromBucketMs?: number;
}

const log = componentLogger('ingest');

export const DEFAULT_BINANCE_WS_URL = 'wss://fstream.binance.com';
export const DEFAULT_BINANCE_REST_URL = 'https://fapi.binance.com';

type SlotState = 'connecting' | 'live' | 'stalled' | 'backing-off';

interface SymbolFeed {
  readonly seq: TradeSequencer;
  readonly stall: StallThreshold;
  readonly lag: LagPercentiles;
  readonly meter: RateMeter;
  refillRunning: boolean;
  refillProblem: string | null;
}

interface ConnectionSlot {
  /** The slot's symbols now: listings are added, delistings removed while it runs. */
  readonly symbols: string[];
  readonly backoff: Backoff;
  conn: StreamConnection | null;
  /** The replacement opened by a rotation, until it is open. */
  next: StreamConnection | null;
  state: SlotState;
  reconnects: number;
  lastReason: string | null;
  malformed: number;
  gotFrame: boolean;
  timer: NodeJS.Timeout | null;
}

/** Default period of the universe's exchangeInfo re-check. */
export const DEFAULT_UNIVERSE_REFRESH_MS = 600_000;

export class BinanceFuturesSource implements MarketDataSource {
  readonly kind = 'binance';
  private current_symbols: string[];
  private readonly rest: BinanceRestClient;
  private marks: MarkSink = () => undefined;
  /** Symbols removed by a delisting: their last frames, still in flight, are dropped quietly. */
  private readonly removed = new Set<string>();
  private universeTimer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> = Promise.resolve();
  private methodId = 1;
  /** The symbols each connection listens to: those in its URL, then its SUBSCRIBEs and UNSUBSCRIBEs. */
  private readonly listening = new WeakMap<StreamConnection, Set<string>>();
  private readonly feeds = new Map<string, SymbolFeed>();
  private readonly slots: ConnectionSlot[] = [];
  private sink: TickSink = () => undefined;
  private abort = new AbortController();
  private watchdog: NodeJS.Timeout | null = null;
  private current: SourceState = 'idle';
  private problem: string | null = null;
  private stopping = false;

  constructor(private readonly opts: BinanceSourceOptions) {
    this.current_symbols = opts.universe === undefined ? [...opts.symbols] : [];
    this.rest = new BinanceRestClient({ baseUrl: opts.restBaseUrl, onBackoff: (reason) => (this.problem = reason) });
  }

  /** The symbols ingested now (with a universe: the current TRADING perpetuals). */
  get symbols(): readonly string[] {
    return this.current_symbols;
  }

  async start(sink: TickSink, marks?: MarkSink): Promise<void> {
    this.sink = sink;
    if (marks !== undefined) this.marks = marks;
    this.stopping = false;
    this.abort = new AbortController();
    // Every symbol's REST calls listen on this one signal: 300 of them at once is no leak.
    setMaxListeners(0, this.abort.signal);
    this.current = 'connecting';
    if (this.opts.universe !== undefined) this.current_symbols = await this.resolveUniverse(3);
    else if (this.opts.validateSymbols ?? true) await this.validateSymbols();
    // Each symbol's start point may cost a REST call (weight 20): 300 symbols are three minutes of
    // Binance's weight budget. So connections open one at a time as their symbols' start points
    // come in, the first before `start` resolves and the rest behind it, paced by the budget.
    const per = this.symbolsPerConnection();
    const all = this.current_symbols;
    await this.createFeeds(all.slice(0, per));
    this.placeSymbols(all.slice(0, per));
    this.refreshing = (async () => {
      for (let i = per; i < all.length && !this.stopping; i += per) {
        await this.createFeeds(all.slice(i, i + per));
        if (!this.stopping) this.placeSymbols(all.slice(i, i + per));
      }
    })().catch((e: unknown) => {
      this.problem = `starting the feeds failed: ${e instanceof Error ? e.message : String(e)}`;
    });
    this.watchdog = setInterval(() => this.checkStalls(), 250);
    if (this.opts.universe !== undefined) {
      this.universeTimer = setInterval(() => void this.refreshUniverse(), this.opts.universe.refreshMs ?? DEFAULT_UNIVERSE_REFRESH_MS);
      this.universeTimer.unref();
    }
    this.current = 'live';
  }

  /** The streams of one symbol: its aggregate trades, and its mark price unless turned off. */
  private streamsOf(symbol: string): string[] {
    return this.opts.markPrice === false ? [aggTradeStream(symbol)] : [aggTradeStream(symbol), markPriceStream(symbol)];
  }

  /** Symbols per connection: as many as fit `maxStreamsPerConnection` streams (default 200, of Binance's 1024), at least one. */
  private symbolsPerConnection(): number {
    return Math.max(1, Math.floor((this.opts.maxStreamsPerConnection ?? 200) / (this.opts.markPrice === false ? 1 : 2)));
  }

  private urlOf(slot: ConnectionSlot): string {
    return StreamConnection.urlFor(this.opts.wsBaseUrl, slot.symbols.flatMap((s) => this.streamsOf(s)));
  }

  /** Makes the feeds of `symbols`, finding their start points 8 at a time (the REST client keeps them within the weight budget). */
  private async createFeeds(symbols: readonly string[]): Promise<void> {
    const stall = this.opts.stall ?? { minMs: 3000, maxMs: 60_000 };
    const queue = [...symbols];
    const worker = async (): Promise<void> => {
      for (let symbol = queue.shift(); symbol !== undefined && !this.stopping; symbol = queue.shift()) {
        const lastId = await this.startId(symbol);
        if (this.stopping) return;
        this.removed.delete(symbol);
        this.feeds.set(symbol, { seq: new TradeSequencer(lastId), stall: new StallThreshold(stall), lag: new LagPercentiles(), meter: new RateMeter(), refillRunning: false, refillProblem: null });
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
  }

  /**
   * Puts symbols (their feeds made) on connections: first into the room left on existing ones,
   * with one SUBSCRIBE message per connection when it is open (the 10 messages/s limit is for
   * messages, not streams), then on new connections of at most `symbolsPerConnection` each.
   */
  private placeSymbols(symbols: readonly string[]): void {
    const per = this.symbolsPerConnection();
    let rest = [...symbols];
    for (const slot of this.slots) {
      if (rest.length === 0) break;
      const room = per - slot.symbols.length;
      if (room <= 0) continue;
      const add = rest.slice(0, room);
      rest = rest.slice(room);
      slot.symbols.push(...add);
      this.resubscribe(slot);
    }
    for (let i = 0; i < rest.length; i += per) {
      const b = this.opts.backoff ?? { baseMs: 500, capMs: 30_000 };
      const slot: ConnectionSlot = {
        symbols: rest.slice(i, i + per),
        backoff: new Backoff(b),
        conn: null,
        next: null,
        state: 'connecting',
        reconnects: 0,
        lastReason: null,
        malformed: 0,
        gotFrame: false,
        timer: null,
      };
      this.slots.push(slot);
      this.connect(slot);
    }
  }

  /**
   * Brings an open connection's streams in line with its slot's symbols by SUBSCRIBE and
   * UNSUBSCRIBE (one message each). A connection not open yet does so when it opens; should a
   * message not go out, the connection is reopened with the streams in its URL (the refill
   * after a reconnect keeps the other symbols whole).
   */
  private resubscribe(slot: ConnectionSlot): void {
    const conn = slot.conn;
    if (conn === null || conn.openedAt === null) return;
    const want = new Set(slot.symbols);
    const had = this.listening.get(conn) ?? new Set<string>();
    const add = [...want].filter((s) => !had.has(s));
    const drop = [...had].filter((s) => !want.has(s));
    const ok =
      (add.length === 0 || conn.send({ method: 'SUBSCRIBE', params: add.flatMap((s) => this.streamsOf(s)), id: this.methodId++ })) &&
      (drop.length === 0 || conn.send({ method: 'UNSUBSCRIBE', params: drop.flatMap((s) => this.streamsOf(s)), id: this.methodId++ }));
    if (!ok) {
      conn.close('streams changed and the subscription could not be sent; reopening with them in the URL');
      return;
    }
    this.listening.set(conn, want);
    // A new symbol starts from its anchor id: whatever traded since is paged from REST.
    for (const symbol of add) if (slot.state === 'live' && this.feeds.get(symbol)?.seq.beginRefill() !== null) void this.refill(symbol);
  }

  /** exchangeInfo's universe now; tries `attempts` times (the start must know its symbols). */
  private async resolveUniverse(attempts = 1): Promise<string[]> {
    const infos = await this.rest.exchangeSymbols(this.abort.signal, attempts);
    const symbols = selectUniverse(infos, { quote: this.opts.universe?.quote ?? null });
    if (symbols.length === 0) throw new TandemError('unknown_symbol', `exchangeInfo lists no TRADING perpetual${this.opts.universe?.quote == null ? '' : ` quoted in ${this.opts.universe.quote}`}`);
    return symbols;
  }

  /**
   * Re-checks exchangeInfo (the universe timer): listed symbols get feeds and streams, delisted
   * ones lose theirs; the other symbols' connections are not reopened. A failed check changes
   * nothing and is tried again at the next period. Resolves when the change is applied.
   */
  refreshUniverse(): Promise<void> {
    this.refreshing = this.refreshing.then(async () => {
      if (this.stopping || this.opts.universe === undefined) return;
      let next: string[];
      try {
        next = await this.resolveUniverse();
      } catch (e) {
        log.warn({ event: 'universe_check_failed', reason: e instanceof Error ? e.message : String(e) }, `universe re-check failed; keeping ${this.current_symbols.length} symbols`);
        return;
      }
      const { listed, delisted } = diffUniverse(this.current_symbols, next);
      if (listed.length === 0 && delisted.length === 0) return;
      log.info({ event: 'universe_changed', listed, delisted }, `universe: ${listed.length} listed (${listed.join(',')}), ${delisted.length} delisted (${delisted.join(',')})`);
      this.removeSymbols(delisted);
      await this.createFeeds(listed);
      if (this.stopping) return;
      this.current_symbols = [...this.current_symbols, ...listed];
      this.placeSymbols(listed);
      if (listed.length > 0) this.opts.onListed?.(listed);
    });
    return this.refreshing;
  }

  private removeSymbols(symbols: readonly string[]): void {
    if (symbols.length === 0) return;
    const gone = new Set(symbols);
    for (const s of symbols) {
      this.removed.add(s);
      this.feeds.delete(s);
    }
    this.current_symbols = this.current_symbols.filter((s) => !gone.has(s));
    for (const slot of [...this.slots]) {
      const before = slot.symbols.length;
      const keep = slot.symbols.filter((s) => !gone.has(s));
      if (keep.length === before) continue;
      slot.symbols.length = 0;
      slot.symbols.push(...keep);
      if (keep.length === 0) {
        // Nothing left on it: close the connection for good.
        this.slots.splice(this.slots.indexOf(slot), 1);
        if (slot.timer !== null) clearTimeout(slot.timer);
        const conn = slot.conn;
        slot.conn = null;
        slot.next?.close('all its symbols were delisted');
        conn?.close('all its symbols were delisted');
      } else this.resubscribe(slot);
    }
  }

  stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    if (this.watchdog !== null) clearInterval(this.watchdog);
    if (this.universeTimer !== null) clearInterval(this.universeTimer);
    this.universeTimer = null;
    for (const slot of this.slots) {
      if (slot.timer !== null) clearTimeout(slot.timer);
      slot.next?.close('source stopped');
      slot.conn?.close('source stopped');
    }
    this.slots.length = 0;
    this.current = 'stopped';
    return Promise.resolve();
  }

  state(): SourceState {
    return this.current;
  }

  reason(): string | null {
    return this.problem;
  }

  quality(): SymbolQuality[] {
    const now = this.opts.clock.now();
    return this.slots.flatMap((slot) =>
      slot.symbols.flatMap((symbol): SymbolQuality[] => {
        const f = this.feeds.get(symbol);
        if (f === undefined) return [];
        const state: FeedState = slot.state === 'live' && f.seq.isRefilling() ? 'refilling' : slot.state;
        return [{
          symbol,
          state,
          messagesPerSecond: f.meter.perSecond(now),
          lagP50Ms: f.lag.percentile(50),
          lagP99Ms: f.lag.percentile(99),
          ...f.seq.counters,
          malformedFrames: slot.malformed,
          reconnects: slot.reconnects,
          lastReconnectReason: f.refillProblem ?? slot.lastReason,
        }];
      }),
    );
  }

  private async validateSymbols(): Promise<void> {
    let statuses: Map<string, string>;
    try {
      statuses = await this.rest.symbolStatuses(this.abort.signal);
    } catch (e) {
      // Offline or Binance down: keep going; the connections retry with backoff and status says why.
      this.problem = e instanceof Error ? e.message : String(e);
      return;
    }
    const bad = this.symbols.filter((s) => statuses.get(s) !== 'TRADING');
    if (bad.length > 0) {
      const why = bad.map((s) => (statuses.has(s) ? `${s} (status ${statuses.get(s)})` : `${s} (unknown)`)).join(', ');
      throw new TandemError('unknown_symbol', `not trading on Binance USD-M Futures: ${why}`);
    }
  }

  /** The id a symbol's trades continue after: the stored last one, the start of the current bucket (backfill), or the exchange's latest. */
  private async startId(symbol: string): Promise<number | null> {
    const stored = (await this.opts.lastTradeId?.(symbol)) ?? null;
    const bucketMs = this.opts.tradesFromBucketMs;
    if (bucketMs !== undefined && bucketMs > 0) {
      const from = Math.floor(this.opts.clock.now() / bucketMs) * bucketMs;
      let first: number | null = null;
      try {
        first = await this.rest.firstTradeIdFrom(symbol, from, this.abort.signal);
      } catch {
        // REST unreachable: fall back to the stored id or the first live trade.
      }
      // Stored trades continue by id when the hole up to the bucket is one refill can page (ids
      // are consecutive, so their difference counts the trades); a longer hole is left to the klines.
      if (first !== null) return stored === null || first - 1 - stored > (this.opts.maxRefillTrades ?? 200_000) ? first - 1 : Math.max(stored, first - 1);
    }
    return stored ?? (await this.latestTradeId(symbol));
  }

  /**
   * Where a symbol with nothing stored starts: its latest trade on the exchange now, so that a
   * connection lost before its first live trade is still refilled from that point. Null when
   * REST cannot say; the first live trade is the start then.
   */
  private async latestTradeId(symbol: string): Promise<number | null> {
    try {
      return await this.rest.latestTradeId(symbol, this.abort.signal);
    } catch {
      return null;
    }
  }

  private connect(slot: ConnectionSlot): void {
    slot.state = 'connecting';
    slot.gotFrame = false;
    const conn: StreamConnection = new StreamConnection(
      this.urlOf(slot),
      { onOpen: () => this.onOpen(slot, conn), onFrame: (text, at) => this.onFrame(slot, text, at), onClose: (reason) => this.onClose(slot, conn, reason) },
      () => this.opts.clock.now(),
    );
    this.listening.set(conn, new Set(slot.symbols));
    slot.conn = conn;
  }

  private onOpen(slot: ConnectionSlot, conn: StreamConnection): void {
    if (this.stopping) return;
    if (conn === slot.next) {
      // Rotation: the replacement is up, so the old connection can go; overlap is de-duplicated.
      const old = slot.conn;
      slot.conn = conn;
      slot.next = null;
      old?.close('rotated before the 24-hour connection limit');
      this.scheduleRotation(slot);
      this.resubscribe(slot);
      return;
    }
    if (slot.reconnects > 0) log.info({ event: 'feed_live', symbols: slot.symbols, reconnects: slot.reconnects }, `Binance stream of ${slot.symbols.join(',')} is live again after ${slot.reconnects} reconnects`);
    slot.state = 'live';
    this.problem = null;
    this.scheduleRotation(slot);
    // Symbols placed on the slot while this connection was opening are subscribed now.
    this.resubscribe(slot);
    // Whatever traded while we were away is fetched from REST before live trades go on.
    for (const symbol of slot.symbols) if (this.feeds.get(symbol)!.seq.beginRefill() !== null) void this.refill(symbol);
  }

  private onFrame(slot: ConnectionSlot, text: string, at: number): void {
    if (!slot.gotFrame) {
      slot.gotFrame = true;
      slot.backoff.reset();
    }
    if (slot.state === 'stalled') slot.state = 'live';
    const parsed = parseStreamFrame(text);
    if (!parsed.ok) {
      slot.malformed++;
      return;
    }
    if (parsed.value.kind === 'mark') {
      this.onMark(slot, parsed.value.mark);
      return;
    }
    if (parsed.value.kind !== 'trade') return;
    const { tick, eventTime } = parsed.value.trade;
    const feed = this.feeds.get(tick.symbol);
    if (feed === undefined) {
      // A delisted symbol's last frames may still be on their way: not malformed.
      if (!this.removed.has(tick.symbol)) slot.malformed++;
      return;
    }
    feed.stall.observe(at);
    feed.lag.add(at - eventTime);
    feed.meter.add(1, at);
    const { deliver, refillFrom } = feed.seq.onLive(tick);
    this.deliver(deliver);
    if (refillFrom !== null) void this.refill(tick.symbol);
  }

  private onMark(slot: ConnectionSlot, mark: MarkPrice): void {
    if (!this.feeds.has(mark.symbol)) {
      if (!this.removed.has(mark.symbol)) slot.malformed++;
      return;
    }
    if (!this.stopping) this.marks([mark]);
  }

  private onClose(slot: ConnectionSlot, conn: StreamConnection, reason: string): void {
    if (conn === slot.next) {
      slot.next = null;
      return;
    }
    if (conn !== slot.conn || this.stopping) return;
    slot.conn = null;
    slot.reconnects++;
    slot.lastReason = reason;
    if (conn.openedAt === null) this.problem = `Binance cannot be reached at ${this.opts.wsBaseUrl}: ${reason}; retrying`;
    if (slot.state !== 'stalled') slot.state = 'backing-off';
    if (slot.timer !== null) clearTimeout(slot.timer);
    const wait = slot.backoff.next();
    log.warn(
      { event: 'feed_reconnect', symbols: slot.symbols, reason, reconnects: slot.reconnects, waitMs: Math.round(wait) },
      `Binance stream of ${slot.symbols.join(',')} ended (${reason}); reconnecting in ${Math.round(wait)} ms`,
    );
    slot.timer = setTimeout(() => this.connect(slot), wait);
  }

  private scheduleRotation(slot: ConnectionSlot): void {
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      if (this.stopping || slot.next !== null) return;
      const conn: StreamConnection = new StreamConnection(
        this.urlOf(slot),
        { onOpen: () => this.onOpen(slot, conn), onFrame: (text, at) => this.onFrame(slot, text, at), onClose: (reason) => this.onClose(slot, conn, reason) },
        () => this.opts.clock.now(),
      );
      this.listening.set(conn, new Set(slot.symbols));
      slot.next = conn;
    }, this.opts.rotateAfterMs ?? 23.5 * 3_600_000);
  }

  private checkStalls(): void {
    const now = this.opts.clock.now();
    for (const slot of this.slots) {
      const conn = slot.conn;
      if (conn === null || conn.openedAt === null || slot.state !== 'live') continue;
      const silentFor = now - (conn.lastFrameAt ?? conn.openedAt);
      const threshold = Math.min(...slot.symbols.map((s) => this.feeds.get(s)!.stall.thresholdMs()));
      if (silentFor > threshold) {
        slot.state = 'stalled';
        conn.close(`stalled: socket open but silent for ${silentFor} ms (threshold ${threshold} ms)`);
      }
    }
  }

  /** Pages REST from the symbol's last delivered id until its live trades follow on. */
  private async refill(symbol: string): Promise<void> {
    const feed = this.feeds.get(symbol)!;
    if (feed.refillRunning) return;
    feed.refillRunning = true;
    const limit = this.opts.maxRefillTrades ?? 200_000;
    let fetched = 0;
    try {
      while (feed.seq.isRefilling() && !this.stopping) {
        const page = await this.rest.aggTrades(symbol, feed.seq.nextRefillId(), 1000, this.abort.signal);
        fetched += page.length;
        const { deliver, done } = feed.seq.onRefillPage(page, page.length < 1000);
        this.deliver(deliver);
        if (done) break;
        if (fetched >= limit) {
          feed.refillProblem = `refill of ${symbol} stopped after ${fetched} trades (limit ${limit}); older trades are missing`;
          log.warn({ event: 'refill_incomplete', symbol, fetched, limit }, feed.refillProblem);
          this.deliver(feed.seq.abandonRefill());
        }
      }
    } catch (e) {
      if (this.stopping) return;
      feed.refillProblem = `refill of ${symbol} failed: ${e instanceof Error ? e.message : String(e)}`;
      log.warn({ event: 'refill_failed', symbol, reason: e instanceof Error ? e.message : String(e) }, feed.refillProblem);
      this.deliver(feed.seq.abandonRefill());
    } finally {
      feed.refillRunning = false;
    }
  }

  private deliver(ticks: readonly Tick[]): void {
    if (ticks.length > 0 && !this.stopping) this.sink(ticks);
  }
}
