/**
 * `LiveEngine`: the live pipeline wired together. A source publishes ticks into the hub; the
 * hub fans them out to the batched tick writer (the store's `TickWriter`: SQLite's writer
 * thread or PostgreSQL's batched inserts), the bar engine (whose final bars go to a batched bar
 * writer) and the per-symbol rate meters. It works through the store ports only, so any
 * `MarketStores` will do. It owns the lifecycle: start and stop ingestion, and `close()` that
 * stops the source and flushes every buffer before the store closes, so SIGINT/SIGTERM lose
 * nothing that arrived.
 *
 * @example
 *   const engine = await LiveEngine.open({ store: resolveStoreConfig({}, process.env) });
 *   const memory = new LiveEngine({ dbPath: ':memory:' }); // SQLite shorthand
 * @module
 */

import { epochMs } from '../core/brand.js';
import { systemClock, type Clock } from '../core/clock.js';
import { componentLogger } from '../core/logger.js';
import { TandemError } from '../core/tandem-error.js';
import type { WebhookOptions } from '../alerts/webhook-delivery.js';
import type { MarketDataSource, PlaybackProgress, SourceHistory, SymbolQuality } from '../ingest/market-data-source.js';
import { historyBars } from './history-bars.js';
import { BarAggregator } from '../bars/bar-aggregator.js';
import type { Bar } from '../model/bar.js';
import { parseSymbolList } from '../model/market-symbol.js';
import type { Tick } from '../model/tick.js';
import { DEFAULT_TIMEFRAMES, parseTimeframe, type TimeframeSpec } from '../model/timeframe.js';
import type { MarketStores, StoreConfig, StoreInfo, TickWriter } from '../store/market-stores.js';
import { openStores } from '../store/open-stores.js';
import { SqliteMarketStores } from '../store/sqlite/sqlite-market-stores.js';
import type { ServerBus } from '../bus/tick-bus.js';
import { CachedMarketStores } from '../store/redis/cached-market-stores.js';
import type { CacheHealth } from '../store/redis/redis-hot-cache.js';
import { AlertEngine } from './alert-engine.js';
import { BusIngestion, type BusIngestionStatus } from './bus-ingestion.js';
import { BarEngine, type BarListener, type LateBucket } from './bar-engine.js';
import { BatchWriter } from './batch-writer.js';
import { queryBarHistory } from './bar-history.js';
import { PairEngine } from './pair-engine.js';
import { PaperStrategies } from './paper-strategies.js';
import { RateMeter } from '../core/rate-meter.js';
import { availableSources, createSource, DEFAULT_UNIVERSE_QUOTE, isAllSymbols, type SourceContext, type SourceRequest } from './source-factory.js';
import type { MarkPrice } from '../model/mark-price.js';
import { MarkBook } from './mark-book.js';
import { TickHub } from './tick-hub.js';
import { KlineBackfill, TRADES_BUCKET_MS, type BackfillProgress } from './kline-backfill.js';
import { BinanceRestClient } from '../ingest/binance/binance-rest-client.js';
import { DEFAULT_BINANCE_REST_URL } from '../ingest/binance/binance-futures-source.js';

export type IngestionState = 'idle' | 'starting' | 'live' | 'stopping' | 'error';

export interface SymbolStatus {
  readonly symbol: string;
  readonly ticksPerSecond: number;
  readonly lastTickTs: number | null;
  readonly lastPrice: number | null;
  readonly ticksStored: number;
  /** Feed quality, for sources with a feed to watch (Binance); else null. */
  readonly quality: SymbolQuality | null;
  /** Progress of the Binance history backfill of this symbol, or null when none ran. */
  readonly backfill: BackfillProgress | null;
  /** The latest mark price and funding of a perpetual the running source streams, or null. */
  readonly mark: MarkPrice | null;
}

export interface EngineStatus {
  readonly source: string | null;
  readonly state: IngestionState;
  readonly reason: string | null;
  readonly symbols: readonly SymbolStatus[];
  readonly ticksPerSecond: number;
  readonly rowsStored: { readonly ticks: number; readonly bars: number };
  readonly timeframes: readonly string[];
  readonly serverTime: number;
  /** Sources that can be started. */
  readonly sources: readonly string[];
  /** Progress of a file being replayed, else null. */
  readonly playback: PlaybackProgress | null;
  /** Which store holds the data. */
  readonly store: StoreInfo;
  /** The Redis Streams bus this server reads ticks from, or null (docs/scaling.md). */
  readonly bus: BusIngestionStatus | null;
  /** The Redis hot cache, or null when none is configured. */
  readonly cache: CacheHealth | null;
}

export interface LiveEngineOptions {
  /** The stores, already open; the engine owns them from now on and closes them. */
  readonly stores?: MarketStores;
  /** Shorthand for SQLite stores at this file, or `:memory:` (when `stores` is not given). */
  readonly dbPath?: string;
  readonly clock?: Clock;
  readonly timeframes?: readonly string[];
  /** Seed for the simulator when a request names none. */
  readonly seed?: number;
  /** How often buffered ticks and bars are committed (default 100 ms). */
  readonly flushMs?: number;
  /** Where source settings such as TANDEM_BINANCE_WS_URL are read (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Tuning passed to sources (see `SourceContext`). */
  readonly sources?: Pick<SourceContext, 'binance'>;
  /** Webhook retry settings of alert delivery (default 3 attempts, 500 ms doubling). */
  readonly alerts?: WebhookOptions;
  /**
   * Read ticks from this bus instead of running a source: a share of them is committed to the
   * store by the bus's consumer group, all of them feed the live path (`BusIngestion`).
   */
  readonly bus?: ServerBus;
  /**
   * Binance backfill on start (docs/architecture.md, "Binance ingestion"): 1m klines for
   * `lookbackMs` and aggTrades from the current 5m bucket. Absent or 0: none.
   */
  readonly backfill?: BackfillOptions;
  /** Simulator starts that name no `historyMs` generate this much past as bars (`--history`; default 0). */
  readonly simulatorHistoryMs?: number;
}

export interface BackfillOptions {
  readonly lookbackMs: number;
  /** Klines per request (default 1500). */
  readonly pageSize?: number;
  /** Used weight per minute above which the backfill pauses (default 1200, half of Binance's 2400). */
  readonly weightThreshold?: number;
  /** How long it pauses then (default 2000 ms). */
  readonly weightPauseMs?: number;
}

/** A service the engine depends on, with a probe that resolves when it answers. */
export interface DependencyProbe {
  readonly name: 'store' | 'bus' | 'redis';
  readonly probe: () => Promise<void>;
}

/** On the bus the feeds are the workers': their latest heartbeats carry each symbol's quality. */
function feedQualityOf(bus: BusIngestionStatus | null, source: MarketDataSource | null): readonly SymbolQuality[] {
  if (bus === null) return source?.quality?.() ?? [];
  return [...(bus.workers ?? [])].sort((a, b) => b.ageMs - a.ageMs).flatMap((w) => w.quality);
}

const log = componentLogger('ingest');

/** Stored bars of buckets that began less than this after the live start are rebuilt from the store (clock skew). */
const BUS_SKEW_MS = 1000;

interface SymbolActivity {
  readonly meter: RateMeter;
  lastTickTs: number | null;
  lastPrice: number | null;
}

export class LiveEngine {
  readonly store: MarketStores;
  readonly hub = new TickHub();
  readonly bars: BarEngine;
  /** Live pair analytics, kept while subscribed (docs/architecture.md, "Pair engine"). */
  readonly pairs: PairEngine;
  /** Alert rules evaluated on the live bars and pairs (docs/api.md, "Alerts"). */
  readonly alerts: AlertEngine;
  /** Paper strategies on the live final bars (docs/backtest.md, "Paper trading"); `strategies.start()` resumes the stored ones. */
  readonly strategies: PaperStrategies;
  /** The latest mark price and funding of each streamed perpetual (the `marks` channel, the status). */
  readonly marks: MarkBook;
  readonly clock: Clock;
  readonly timeframes: readonly TimeframeSpec[];
  private readonly tickWriter: BatchWriter<Tick>;
  private readonly barWriter: BatchWriter<Bar>;
  private readonly activity = new Map<string, SymbolActivity>();
  private readonly totalMeter = new RateMeter();
  private source: MarketDataSource | null = null;
  private backfill: KlineBackfill | null = null;
  private state: IngestionState = 'idle';
  private reason: string | null = null;
  private barCountCache = { value: 0, at: -Infinity };
  private revisedBars = 0;
  private closed = false;
  private readonly revisionTimer: NodeJS.Timeout;
  private readonly liveTickWriter: TickWriter;
  private revising: Promise<void> = Promise.resolve();
  private readonly busIngestion: BusIngestion | null;
  /** Bars partial on this server (buckets begun before its live start on the bus), to rebuild. */
  private partialBuckets: LateBucket[] = [];
  /**
   * On the bus, the live ticks of the last seconds: another server may not have committed them
   * yet, so a new on-demand series seeds from these as well as from the store.
   */
  private recentLive: Tick[] = [];
  private recentTrimAt = 20_000;
  /** The latest mark price of each symbol of the running source. */

  constructor(private readonly opts: LiveEngineOptions) {
    this.clock = opts.clock ?? systemClock;
    this.timeframes = (opts.timeframes ?? DEFAULT_TIMEFRAMES).map((tf) => {
      const r = parseTimeframe(tf);
      if (!r.ok) throw new TandemError('invalid_timeframe', r.error.message);
      return r.value;
    });
    if (opts.stores === undefined && opts.dbPath === undefined) throw new TandemError('invalid_request', 'LiveEngine needs stores or a dbPath');
    this.store = opts.stores ?? SqliteMarketStores.open(opts.dbPath!);
    this.marks = new MarkBook(this.store.funding, opts.bus === undefined ? 'source' : 'bus');
    const flushMs = opts.flushMs ?? 100;
    const liveTickWriter = this.store.openTickWriter();
    this.liveTickWriter = liveTickWriter;
    this.tickWriter = new BatchWriter<Tick>({ write: async (batch) => void (await liveTickWriter.append(batch)), flushMs });
    this.barWriter = new BatchWriter<Bar>({ write: (batch) => this.store.bars.upsertBars(batch), flushMs });
    // Bars close by the source's market time when it has one (a replay), else by the clock.
    const barClock: Clock = { now: () => epochMs(this.source?.marketTime?.() ?? this.clock.now()) };
    this.bars = new BarEngine({ timeframes: this.timeframes, clock: barClock, onFinal: (finals) => this.barWriter.push(this.completeBars(finals)) });
    const cached = this.store instanceof CachedMarketStores ? this.store : null;
    if (opts.bus === undefined) {
      this.busIngestion = null;
      this.hub.subscribe((ticks) => this.tickWriter.push(ticks));
    } else {
      // The group commits to the durable store itself (a cache would only forget its coverage).
      this.busIngestion = new BusIngestion(opts.bus, cached?.inner.ticks ?? this.store.ticks, (ticks) => this.hub.publish(ticks), (marks) => this.marks.push(marks));
      this.hub.subscribe((ticks) => this.keepRecent(ticks));
    }
    if (cached !== null) this.hub.subscribe((ticks) => cached.cache.pushTicks(ticks));
    this.hub.subscribe((ticks) => this.bars.onTicks(ticks));
    this.hub.subscribe((ticks) => this.track(ticks));
    this.bars.start();
    this.pairs = new PairEngine({
      feed: {
        subscribeBars: (symbol, tf, listener) => this.subscribeBars(symbol, tf, listener),
        history: (symbol, tf, from, to, limit) => queryBarHistory(this.store, this.timeframes, { symbol, tf, from, to, limit }, this.clock.now()),
        flush: () => this.flush(),
        now: () => barClock.now(),
      },
    });
    this.strategies = new PaperStrategies({
      store: this.store,
      timeframes: this.timeframes,
      clock: this.clock,
      subscribeBars: (symbol, tf, listener) => this.subscribeBars(symbol, tf, listener),
      flush: () => this.flush(),
    });
    this.alerts = new AlertEngine({
      store: this.store.alerts,
      clock: this.clock,
      feeds: {
        subscribeBars: (symbol, tf, listener) => this.subscribeBars(symbol, tf, listener),
        subscribePair: (spec, listener) => this.pairs.subscribe(spec, listener),
        symbolStatus: async () => (await this.status()).symbols,
        subscribeStrategyFills: (listener) => this.strategies.onFill(listener),
      },
      ...(opts.alerts === undefined ? {} : { webhook: opts.alerts }),
    });
    this.revisionTimer = setInterval(() => void this.reviseLateBars(), 250);
    this.revisionTimer.unref();
  }

  /** Opens the stores `store` names (migrating them) and an engine on them. */
  static async open(opts: Omit<LiveEngineOptions, 'stores' | 'dbPath'> & { readonly store: StoreConfig }): Promise<LiveEngine> {
    const { store, ...rest } = opts;
    return new LiveEngine({ ...rest, stores: await openStores(store) });
  }

  /** Starts reading the bus (with `bus`) and warming the hot cache (with cached stores). */
  async start(): Promise<void> {
    if (this.store instanceof CachedMarketStores) await this.store.cache.start();
    if (this.busIngestion !== null) {
      await this.busIngestion.start();
      this.changeState('live', null, 'bus');
    }
  }

  /** Starts a source (stopping the running one first). Rejects bad requests with a `TandemError`. */
  async startIngestion(req: SourceRequest): Promise<void> {
    if (this.busIngestion !== null) throw new TandemError('conflict', 'this server reads ticks from the bus; run `tandem ingest --bus redis` to ingest');
    // `symbols: ['ALL']` is the USD-M perpetual universe, resolved by the source from exchangeInfo.
    const universe = req.universe ?? (isAllSymbols(req.symbols) ? { quote: DEFAULT_UNIVERSE_QUOTE } : undefined);
    const symbols = universe === undefined ? parseSymbolList(req.symbols) : { ok: true as const, value: [] as string[] };
    if (!symbols.ok) throw new TandemError(symbols.error.code, symbols.error.message);
    const env = this.opts.env ?? process.env;
    const lookbackMs = this.opts.backfill?.lookbackMs ?? 0;
    const backfilling = lookbackMs > 0 && req.source === 'binance';
    const historyMs = req.historyMs ?? this.opts.simulatorHistoryMs;
    const source = createSource(
      { ...req, symbols: symbols.value, ...(historyMs === undefined ? {} : { historyMs }), ...(universe === undefined ? {} : { universe }) },
      {
        clock: this.clock,
        defaultSeed: this.opts.seed ?? 42,
        lastBinanceTradeId: (symbol) => this.store.ticks.lastTradeId(symbol, 'binance'),
        env,
        ...this.opts.sources,
        // A universe's listings get the same backfill as the symbols it started with.
        ...(backfilling ? { binance: { ...this.opts.sources?.binance, tradesFromBucketMs: TRADES_BUCKET_MS, onListed: (listed: readonly string[]) => this.backfill?.add(listed) } } : {}),
      },
    );
    await this.stopIngestion();
    this.source = source;
    this.changeState('starting', null, source.kind);
    // A universe's symbols are known once the source has read exchangeInfo; a list's at once.
    if (backfilling && universe === undefined) this.startBackfill(symbols.value, lookbackMs, env);
    try {
      await source.start(
        (ticks) => this.hub.publish(ticks),
        (marks) => this.marks.push(marks),
      );
      if (backfilling && universe !== undefined) this.startBackfill(source.symbols, lookbackMs, env);
      const history = source.takeHistory?.() ?? null;
      if (history !== null) await this.storeHistory(history);
      this.changeState('live', null, source.kind);
    } catch (e) {
      this.changeState('error', e instanceof Error ? e.message : String(e), source.kind);
      throw e;
    }
  }

  /**
   * Moves ingestion to `to`, logging the change as an `ingestion_state` event (with the
   * reason of an error), so the log tells when and why the feed came and went.
   */
  private changeState(to: IngestionState, reason: string | null | undefined, source: string | null): void {
    const from = this.state;
    this.state = to;
    // Stopping keeps the last error's reason for status (undefined), without logging it again.
    if (reason !== undefined) this.reason = reason;
    if (from === to && reason == null) return;
    const fields = { event: 'ingestion_state', source, from, to, reason: reason ?? null };
    if (to === 'error') log.error(fields, `ingestion ${from} → error: ${reason ?? 'unknown reason'}`);
    else log.info(fields, `ingestion ${from} → ${to}${source === null ? '' : ` (${source})`}`);
  }

  /** Stores a source's generated past as bars of source `simulated` (they fill only what no ticks cover) and its funding rates. */
  private async storeHistory(history: SourceHistory): Promise<void> {
    const bars = historyBars(history, this.timeframes);
    for (let k = 0; k < bars.length; k += 5000) await this.store.bars.upsertBars(bars.slice(k, k + 5000), 'simulated');
    if (history.funding !== undefined && history.funding.length > 0) await this.store.funding.upsertFunding(history.funding);
  }

  /** The running (or last) kline backfill, or null. */
  backfillRun(): KlineBackfill | null {
    return this.backfill;
  }

  private startBackfill(symbols: readonly string[], lookbackMs: number, env: Readonly<Record<string, string | undefined>>): void {
    const b = this.opts.backfill!;
    const client = new BinanceRestClient({
      baseUrl: env['TANDEM_BINANCE_REST_URL'] ?? DEFAULT_BINANCE_REST_URL,
      weightThreshold: b.weightThreshold ?? 1200,
      ...(b.weightPauseMs === undefined ? {} : { weightPauseMs: b.weightPauseMs }),
    });
    this.backfill = new KlineBackfill({
      symbols,
      lookbackMs,
      bars: this.store.bars,
      funding: this.store.funding,
      client,
      clock: this.clock,
      timeframes: this.timeframes,
      ...(b.pageSize === undefined ? {} : { pageSize: b.pageSize }),
    });
    this.backfill.start();
  }

  /** Stops the running source and commits what it delivered. */
  async stopIngestion(): Promise<void> {
    await this.backfill?.stop();
    const source = this.source;
    if (source === null) return;
    this.changeState('stopping', undefined, source.kind);
    await source.stop();
    this.source = null;
    this.marks.clear();
    this.changeState('idle', undefined, source.kind);
    await this.flush();
  }

  /**
   * Subscribes to the bars of `symbol` at `tf`. An on-demand timeframe starts from the trades
   * of its bucket in progress (stored, in flight, or buffered), so its first bar is whole: the
   * trades not yet written are taken now, the stored ones read from the store, and the bar
   * engine holds back live ticks until they arrive.
   */
  subscribeBars(symbol: string, tf: TimeframeSpec, listener: BarListener): () => void {
    return this.bars.subscribe(symbol, tf, listener, async (fromMs) => {
      const unwritten = [...this.tickWriter.unwritten(), ...this.recentLive].filter((t) => t.symbol === symbol && t.ts >= fromMs);
      const stored: Tick[] = [];
      for await (const batch of this.store.ticks.streamTicks({ symbol, from: fromMs })) stored.push(...batch);
      // A batch committed but not yet acknowledged is in both lists.
      const seen = new Set(stored.map((t) => t.tradeId));
      const fresh: Tick[] = [];
      for (const t of unwritten) {
        if (seen.has(t.tradeId)) continue;
        seen.add(t.tradeId);
        fresh.push(t);
      }
      return [...stored, ...fresh];
    });
  }

  /** Commits buffered ticks and final bars now. */
  /**
   * Holds the live bars' writes (they run on this thread's connection) while another
   * connection takes the store's write lock, so the event loop never waits on it; call the
   * returned function to let them go. See `BatchWriter.hold`.
   */
  holdBarWrites(): Promise<() => void> {
    return this.barWriter.hold();
  }

  async flush(): Promise<void> {
    await Promise.all([this.tickWriter.flush(), this.barWriter.flush()]);
  }

  async status(): Promise<EngineStatus> {
    const now = this.clock.now();
    const summaries = await this.store.ticks.symbolSummaries();
    const stored = new Map(summaries.map((s) => [s.symbol, s]));
    // Symbols with stored bars only (OHLC imports) are listed too, so they can be charted.
    const names = [...new Set([...(this.source?.symbols ?? []), ...this.activity.keys(), ...stored.keys(), ...(await this.store.bars.symbols())])];
    const bus = await this.busStatus();
    const quality = new Map(feedQualityOf(bus, this.source).map((q) => [q.symbol, q]));
    const streamed = new Set(this.source?.symbols ?? []);
    const symbols = names.map((symbol): SymbolStatus => {
      const a = this.activity.get(symbol);
      const s = stored.get(symbol);
      return {
        symbol,
        ticksPerSecond: a?.meter.perSecond(now) ?? 0,
        lastTickTs: a?.lastTickTs ?? s?.lastTs ?? null,
        lastPrice: a?.lastPrice ?? null,
        ticksStored: s?.ticks ?? 0,
        quality: quality.get(symbol) ?? null,
        backfill: this.backfill?.progress(symbol) ?? null,
        mark: this.marks.current(symbol, streamed, now),
      };
    });
    return {
      source: this.source?.kind ?? null,
      // A replay that has played its whole file is no longer ingesting: the source can be started again.
      state: this.state === 'live' && this.source?.playback?.().state === 'done' ? 'idle' : this.state,
      reason: this.reason ?? this.source?.reason?.() ?? null,
      symbols,
      ticksPerSecond: this.totalMeter.perSecond(now),
      rowsStored: { ticks: summaries.reduce((n, s) => n + s.ticks, 0), bars: await this.barCount(now) },
      timeframes: this.timeframes.map((t) => t.label),
      serverTime: now,
      sources: availableSources(),
      playback: this.source?.playback?.() ?? null,
      store: this.store.info,
      bus,
      cache: this.store instanceof CachedMarketStores ? this.store.cache.health() : null,
    };
  }

  /** The bus as status shows it (read from Redis at most once a second), or null without a bus. */
  busStatus(): Promise<BusIngestionStatus | null> {
    return this.busIngestion === null ? Promise.resolve(null) : this.busIngestion.status();
  }

  /** Per-symbol feed quality: the running source's, or on the bus the workers' latest heartbeats. */
  async feedQuality(): Promise<readonly SymbolQuality[]> {
    return feedQualityOf(await this.busStatus(), this.source);
  }

  /** Ticks and final bars pushed to the writers and not yet committed (`GET /metrics`). */
  writeBacklog(): { readonly ticks: number; readonly bars: number } {
    return { ticks: this.tickWriter.backlog(), bars: this.barWriter.backlog() };
  }

  /**
   * The services this engine needs, each with a probe that resolves when it answers a trivial
   * request: `store` always (`SELECT 1`), `bus` with `--bus redis` and `redis` with the hot
   * cache (PING). `GET /api/health/ready` runs them.
   */
  dependencyProbes(): readonly DependencyProbe[] {
    const probes: DependencyProbe[] = [{ name: 'store', probe: () => this.store.ping() }];
    const bus = this.busIngestion;
    if (bus !== null) probes.push({ name: 'bus', probe: () => bus.ping() });
    const store = this.store;
    if (store instanceof CachedMarketStores) probes.push({ name: 'redis', probe: () => store.cache.ping() });
    return probes;
  }

  /** Stops ingestion, flushes every buffer and closes the database. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.stopIngestion();
    await this.busIngestion?.stop();
    await this.strategies.close();
    await this.alerts.close();
    await this.pairs.close();
    clearInterval(this.revisionTimer);
    await this.revising;
    this.bars.stop();
    await Promise.all([this.tickWriter.close(), this.barWriter.close()]);
    await this.liveTickWriter.close();
    await this.store.close();
  }

  /**
   * Rebuilds every bar that received a late trade (a gap refill, a slow feed) from the stored
   * ticks of its bucket, stores it if its timeframe is stored, and publishes it as revised, so
   * charts and analytics converge on the truth.
   */
  reviseLateBars(): Promise<void> {
    const late = [...this.bars.takeLateBuckets(), ...this.partialBuckets];
    this.partialBuckets = [];
    if (late.length === 0) return this.revising;
    this.revising = this.revising.then(async () => {
      await this.tickWriter.flush();
      // On the bus another server may commit these ticks: wait until the store has what we saw.
      if (this.busIngestion !== null && !(await this.busIngestion.awaitCommitted(late.map((b) => b.symbol)))) {
        this.partialBuckets.push(...late);
        return;
      }
      const revised: Bar[] = [];
      for (const b of late) {
        const agg = new BarAggregator(b.symbol, b.tf);
        for await (const batch of this.store.ticks.streamTicks({ symbol: b.symbol, from: b.start, to: b.start + b.tf.ms })) for (const t of batch) agg.add(t);
        const bar = agg.closeBefore(Infinity);
        if (bar === null) continue;
        if (b.persistent) revised.push(bar);
        this.bars.publishRevision(bar);
      }
      if (revised.length > 0) this.barWriter.push(revised);
      this.revisedBars += late.length;
    });
    return this.revising;
  }

  /** Keeps the bus's live ticks of the last 10 s (by trade time); trims when the list has doubled since the last trim. */
  private keepRecent(ticks: readonly Tick[]): void {
    for (const t of ticks) this.recentLive.push(t);
    if (this.recentLive.length < this.recentTrimAt) return;
    const cutoff = this.clock.now() - 10_000;
    this.recentLive = this.recentLive.filter((t) => t.ts >= cutoff);
    this.recentTrimAt = Math.max(20_000, 2 * this.recentLive.length);
  }

  /**
   * Final bars to store. On the bus, a bucket that began before this server's live start
   * (plus clock skew) misses trades here: it is rebuilt from the store instead.
   */
  private completeBars(finals: readonly Bar[]): readonly Bar[] {
    const since = this.busIngestion?.liveSince;
    if (since === undefined || since === null) return this.busIngestion === null ? finals : [];
    const out: Bar[] = [];
    for (const b of finals) {
      if (b.start >= since + BUS_SKEW_MS) out.push(b);
      else {
        const tf = this.timeframes.find((t) => t.label === b.tf);
        if (tf !== undefined) this.partialBuckets.push({ symbol: b.symbol, tf, start: b.start, persistent: true });
      }
    }
    return out;
  }

  /** Bars rebuilt because trades arrived after they were final. */
  revisedBarCount(): number {
    return this.revisedBars;
  }

  private track(ticks: readonly Tick[]): void {
    const now = this.clock.now();
    this.totalMeter.add(ticks.length, now);
    for (const t of ticks) {
      let a = this.activity.get(t.symbol);
      if (a === undefined) {
        a = { meter: new RateMeter(), lastTickTs: null, lastPrice: null };
        this.activity.set(t.symbol, a);
      }
      a.meter.add(1, now);
      a.lastTickTs = t.ts;
      a.lastPrice = t.price;
    }
  }

  /** COUNT(*) over bars is a scan, so status reads it at most every 5 s. */
  private async barCount(now: number): Promise<number> {
    if (now - this.barCountCache.at > 5000) this.barCountCache = { value: await this.store.bars.barCount(), at: now };
    return this.barCountCache.value;
  }
}
