/**
 * `PaperStrategies`: paper strategies driven by live final bars (docs/backtest.md, "Paper
 * trading").
 *
 * A strategy's state is a pure function of its request, its flattens and the stored aligned
 * bars from `warmupFrom` to the last bar both legs have: on every final (or revised) bar of a
 * leg, and on start, the backtest kernel (`simulateStoredPair`, the function `POST
 * /api/backtest` runs) is re-run over that range and read as a live book (`paperBook`). So the
 * backtest from `warmupFrom` to the last bar reproduces the strategy's trades by construction,
 * and a restart resumes where the stored bars say. The fills the book has and the store has not
 * are published (stored first, unique on (strategy, time, kind), so a restart neither doubles a
 * fill nor loses one); published fills the bars no longer reproduce (a late revision) are
 * divergences (`reconcileFills`).
 *
 * The bars are read up to the earlier of the legs' latest stored bars, so a bucket is traded only
 * once both legs are settled through it; a leg without a bar in a bucket the other has is
 * forward-filled there, by the backtest's own alignment.
 * @module
 */

import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { componentLogger } from '../core/logger.js';
import { TandemError } from '../core/tandem-error.js';
import type { TimeframeSpec } from '../model/timeframe.js';
import type { MarketStores } from '../store/market-stores.js';
import type { StrategyFillRow, StrategyRow } from '../store/strategy-store.js';
import { paperBook, type PaperBook, type PaperFill } from '../strategies/paper-book.js';
import { reconcileFills, type FillDivergence, type PublishedFill } from '../strategies/reconcile-fills.js';
import { touchFills, type TouchReport } from '../strategies/touch-fills.js';
import { warmupBars } from '../strategies/warmup-bars.js';
import type { ExitReason } from '../backtest/signal-rule.js';
import type { BarListener } from './bar-engine.js';
import { simulateStoredPair, type StoredSimulation, type StoredSimulationOptions } from './backtest-run.js';
import type { BacktestRequest } from './backtest-request.js';
import { loadPairBars, type BarSources } from './pair-bar-loader.js';
import { backtestOf, parseStrategyRequest, type StrategyRequest, type StrategyRequestInput } from './strategy-request.js';

const log = componentLogger('strategies');

/** Fills priced per touch request: the last ones (two indexed lookups each). */
export const TOUCH_FILLS = 500;

/** Runs the kernel over a range: on this thread by default, on the job lane in the server. */
export type StoredSimulationRunner = (request: BacktestRequest, opts: StoredSimulationOptions) => Promise<StoredSimulation>;

export interface PaperStrategiesOptions {
  readonly store: MarketStores;
  readonly timeframes: readonly TimeframeSpec[];
  readonly clock: Clock;
  readonly subscribeBars: (symbol: string, tf: TimeframeSpec, listener: BarListener) => () => void;
  /** Commits buffered bars, so a final bar just seen is in the store. */
  readonly flush: () => Promise<void>;
}

/** What a strategy is now: its row, its book (null before its first update) and its fills. */
export interface StrategyView {
  readonly row: StrategyRow;
  readonly request: StrategyRequest;
  readonly book: PaperBook | null;
  readonly fills: readonly PublishedFill[];
  readonly divergences: readonly FillDivergence[];
  readonly error: { readonly code: string; readonly message: string } | null;
}

/** Pushed on every new fill (with `fill`) and every update that moved the last bar. */
export interface StrategyUpdate {
  readonly view: StrategyView;
  readonly fill?: PublishedFill;
}

interface Runner {
  row: StrategyRow;
  readonly request: StrategyRequest;
  book: PaperBook | null;
  fills: PublishedFill[];
  divergences: readonly FillDivergence[];
  error: StrategyView['error'];
  unsubscribe: (() => void) | null;
  chain: Promise<void>;
  queued: boolean;
  readonly listeners: Set<(u: StrategyUpdate) => void>;
}

const viewOf = (r: Runner): StrategyView => ({ row: r.row, request: r.request, book: r.book, fills: r.fills, divergences: r.divergences, error: r.error });

const toPublished = (f: StrategyFillRow): PublishedFill => ({ ...f, reason: f.reason as ExitReason | null });

export class PaperStrategies {
  private readonly runners = new Map<string, Runner>();
  private readonly fillListeners = new Set<(u: StrategyUpdate) => void>();
  private run: StoredSimulationRunner;
  private started: Promise<void> | null = null;
  private closed = false;
  /** Kernel time of the last updates (ms), for `GET /metrics`-style figures and the docs' numbers. */
  readonly timings: number[] = [];

  constructor(private readonly opts: PaperStrategiesOptions) {
    this.run = (request, o) => simulateStoredPair(this.sources(), request, o);
  }

  /** Runs the kernel elsewhere (the server's job lane). */
  useRunner(run: StoredSimulationRunner): void {
    this.run = run;
  }

  private sources(): BarSources {
    return { stores: this.opts.store, timeframes: this.opts.timeframes, now: this.opts.clock.now() };
  }

  /** Loads the stored strategies and resumes the running ones. Idempotent. */
  start(): Promise<void> {
    this.started ??= (async () => {
      for (const row of await this.opts.store.strategies.listStrategies()) {
        const parsed = parseStrategyRequest(row.request as StrategyRequestInput);
        if (!parsed.ok) {
          log.error({ event: 'strategy_unreadable', id: row.id }, `strategy ${row.id}: its stored request no longer parses: ${parsed.error.message}`);
          continue;
        }
        const fills = (await this.opts.store.strategies.queryFills(row.id)).map(toPublished);
        const r = this.add(row, parsed.value, fills);
        this.schedule(r);
      }
    })();
    return this.started;
  }

  /** Creates a strategy: checks the request, chooses `warmupFrom`, stores it and starts it. */
  async create(input: StrategyRequestInput): Promise<StrategyView> {
    await this.start();
    const parsed = parseStrategyRequest(input);
    if (!parsed.ok) throw new TandemError(parsed.error.code, parsed.error.message);
    const request = parsed.value;
    const tf = request.pair.tf;
    if (!this.opts.timeframes.some((t) => t.ms === tf.ms)) {
      throw new TandemError('invalid_strategy', `tf: paper strategies trade on stored timeframes (${this.opts.timeframes.map((t) => t.label).join(', ')}); got ${tf.label}`);
    }
    const warmupFrom = await this.chooseWarmup(request);
    const row: StrategyRow = { id: randomUUID(), request: input, state: 'running', startedAt: this.opts.clock.now(), warmupFrom, stoppedAt: null, lastBarStart: null, flattens: [] };
    await this.opts.store.strategies.createStrategy(row);
    const r = this.add(row, request, []);
    this.schedule(r);
    await r.chain;
    return viewOf(r);
  }

  list(): StrategyView[] {
    return [...this.runners.values()].map(viewOf);
  }

  get(id: string): StrategyView {
    return viewOf(this.runner(id));
  }

  /**
   * The strategy's last `TOUCH_FILLS` fills priced at the touch (`touchFills`): each leg at the
   * last stored taker trade of its side within `lookbackMs` before the fill.
   */
  async touch(id: string, lookbackMs: number): Promise<TouchReport & { readonly fillsTotal: number }> {
    const r = this.runner(id);
    const { y, x } = r.request.pair;
    const ticks = this.opts.store.ticks;
    const report = await touchFills(r.fills.slice(-TOUCH_FILLS), { y, x }, r.request.params.slippageBps, async (symbol, before, takerBuy) => {
      const t = await ticks.lastTakerTick({ symbol, before, since: before - lookbackMs, buyerMaker: !takerBuy });
      return t?.price ?? null;
    });
    return { ...report, fillsTotal: r.fills.length };
  }

  /** Stops a running strategy; its record and book stay (an open position stays as it is). */
  async stop(id: string): Promise<StrategyView> {
    const r = this.runner(id);
    await this.serial(r, async () => {
      if (r.row.state !== 'running') return;
      r.unsubscribe?.();
      r.unsubscribe = null;
      const patch = { state: 'stopped' as const, stoppedAt: this.opts.clock.now() };
      await this.opts.store.strategies.updateStrategy(id, patch);
      r.row = { ...r.row, ...patch };
    });
    this.emit(r, {});
    return viewOf(r);
  }

  /**
   * Asks the strategy to be flat after the next fill: the decision at the close of the last bar
   * traded on becomes `flatten` (the rule disarms until z is back inside the entry band).
   */
  async flatten(id: string): Promise<StrategyView> {
    const r = this.runner(id);
    await this.serial(r, async () => {
      if (r.row.state !== 'running') throw new TandemError('conflict', `strategy ${id} is ${r.row.state}; only a running strategy can be flattened`);
      const at = r.book?.lastBarStart ?? null;
      if (at === null) throw new TandemError('conflict', `strategy ${id} has traded on no bar yet; nothing to flatten`);
      if (r.row.flattens.includes(at)) return;
      const flattens = [...r.row.flattens, at];
      await this.opts.store.strategies.updateStrategy(id, { flattens });
      r.row = { ...r.row, flattens };
    });
    return viewOf(r);
  }

  /** Every strategy's update; `fill` set on each new fill (the alert engine's `strategy_fill`). */
  onFill(listener: (u: StrategyUpdate & { fill: PublishedFill }) => void): () => void {
    const l = (u: StrategyUpdate): void => {
      if (u.fill !== undefined) listener(u as StrategyUpdate & { fill: PublishedFill });
    };
    this.fillListeners.add(l);
    return () => this.fillListeners.delete(l);
  }

  /** One strategy's updates (the `strategy:<id>` channel); null when there is no such strategy. */
  subscribe(id: string, listener: (u: StrategyUpdate) => void): (() => void) | null {
    const r = this.runners.get(id);
    if (r === undefined) return null;
    r.listeners.add(listener);
    return () => r.listeners.delete(listener);
  }

  /** Waits for every queued update (tests, shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const chains = [...this.runners.values()].map((r) => r.chain);
      await Promise.all(chains);
      if ([...this.runners.values()].every((r) => !r.queued)) return;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.runners.values()) {
      r.unsubscribe?.();
      r.unsubscribe = null;
    }
    await this.started?.catch(() => undefined);
    await Promise.all([...this.runners.values()].map((r) => r.chain));
  }

  private runner(id: string): Runner {
    const r = this.runners.get(id);
    if (r === undefined) throw new TandemError('not_found', `no strategy '${id}'`);
    return r;
  }

  private add(row: StrategyRow, request: StrategyRequest, fills: PublishedFill[]): Runner {
    const r: Runner = { row, request, book: null, fills, divergences: [], error: null, unsubscribe: null, chain: Promise.resolve(), queued: false, listeners: new Set() };
    this.runners.set(row.id, r);
    if (row.state === 'running') {
      const { y, x, tf } = request.pair;
      const onBar: BarListener = (u) => {
        if (u.final) this.schedule(r);
      };
      const offY = this.opts.subscribeBars(y, tf, onBar);
      const offX = this.opts.subscribeBars(x, tf, onBar);
      r.unsubscribe = () => {
        offY();
        offX();
      };
    }
    return r;
  }

  /** Runs `fn` after the runner's queued work, in order. */
  private serial(r: Runner, fn: () => Promise<void>): Promise<void> {
    const next = r.chain.then(fn);
    r.chain = next.catch(() => undefined);
    return next;
  }

  /** Queues one update; bars that arrive while one is queued join it (the state is a function of the store). */
  private schedule(r: Runner): void {
    if (r.queued || this.closed) return;
    r.queued = true;
    void this.serial(r, async () => {
      r.queued = false;
      if (this.closed) return;
      try {
        await this.update(r);
        r.error = null;
      } catch (e) {
        if (!(e instanceof TandemError)) log.error({ event: 'strategy_update_failed', id: r.row.id, err: e }, `strategy ${r.row.id}: update failed`);
        r.error = { code: e instanceof TandemError ? e.code : 'internal', message: e instanceof Error ? e.message : String(e) };
      }
    });
  }

  /** Recomputes the book over [warmupFrom, the settled end], publishes new fills. */
  private async update(r: Runner): Promise<void> {
    const { y, x, tf } = r.request.pair;
    const running = r.row.state === 'running';
    let end: number | null;
    if (running) {
      await this.opts.flush();
      const [ly, lx] = await Promise.all([this.opts.store.bars.latestStart(y, tf.label), this.opts.store.bars.latestStart(x, tf.label)]);
      end = ly === null || lx === null ? null : Math.min(ly, lx);
    } else {
      end = r.row.lastBarStart;
    }
    if (end === null || end < r.row.warmupFrom) return;
    const t0 = performance.now();
    const { bars, sim } = await this.run(backtestOf(r.request, r.row.warmupFrom, end + tf.ms), { minBars: 1, flattens: r.row.flattens });
    const book = paperBook(sim, bars, r.request.params, tf.ms);
    this.timings.push(performance.now() - t0);
    if (this.timings.length > 1000) this.timings.splice(0, this.timings.length - 1000);
    const moved = book.lastBarStart !== r.book?.lastBarStart;
    r.book = book;
    const { fresh, divergences } = reconcileFills(r.fills, book.fills);
    r.divergences = divergences;
    if (!running) return;
    const now = this.opts.clock.now();
    const inserted = await this.opts.store.strategies.insertFills(fresh.map((f) => ({ strategyId: r.row.id, ...f, publishedAt: now })));
    const published = inserted.map(toPublished);
    r.fills = [...r.fills, ...published];
    const state = book.ruined ? ('ruined' as const) : r.row.state;
    if (book.lastBarStart !== r.row.lastBarStart || state !== r.row.state) {
      const patch = { lastBarStart: book.lastBarStart, state, ...(state === 'ruined' ? { stoppedAt: now } : {}) };
      await this.opts.store.strategies.updateStrategy(r.row.id, patch);
      r.row = { ...r.row, ...patch };
      if (state === 'ruined') r.unsubscribe?.();
    }
    for (const fill of published) this.emit(r, { fill });
    if (published.length === 0 && moved) this.emit(r, {});
  }

  private emit(r: Runner, extra: { fill?: PublishedFill }): void {
    const u: StrategyUpdate = { view: viewOf(r), ...extra };
    for (const l of r.listeners) l(u);
    if (u.fill !== undefined) for (const l of this.fillListeners) l(u);
  }

  /**
   * The start of the first bar the strategy computes from: `warmupBars` aligned bars before the
   * latest bar both legs have stored, so z is first defined on that bar and the first possible
   * fill is on the first bar after the start (no trade in the past). With fewer stored bars, the
   * first aligned one (the strategy then warms up on live bars).
   */
  private async chooseWarmup(request: StrategyRequest): Promise<number> {
    const { y, x, tf, method, window } = request.pair;
    const [ly, lx] = await Promise.all([this.opts.store.bars.latestStart(y, tf.label), this.opts.store.bars.latestStart(x, tf.label)]);
    if (ly === null) throw new TandemError('unknown_symbol', `y: no stored ${tf.label} bars of ${y}; record or import it first`);
    if (lx === null) throw new TandemError('unknown_symbol', `x: no stored ${tf.label} bars of ${x}; record or import it first`);
    const end = Math.min(ly, lx);
    const need = warmupBars(method, window) + 1;
    const [ey, ex] = await Promise.all([this.opts.store.bars.earliestStart(y, tf.label), this.opts.store.bars.earliestStart(x, tf.label)]);
    const earliest = Math.max(ey ?? end, ex ?? end);
    let span = 2 * need * tf.ms;
    for (;;) {
      const from = Math.max(earliest, end - span);
      let start: Float64Array | null = null;
      try {
        start = (await loadPairBars(this.sources(), { y, x, tf, from, to: end + tf.ms, minBars: 0, funding: false })).start;
      } catch (e) {
        if (!(e instanceof TandemError) || e.code !== 'empty_range' || from <= earliest) throw e;
      }
      if (start !== null && (start.length >= need || from <= earliest)) {
        if (start.length === 0) throw new TandemError('too_few_bars', `no aligned ${tf.label} bars of ${y}/${x} yet`);
        return start[Math.max(0, start.length - need)]!;
      }
      span *= 4;
    }
  }
}

/** Exposed for the DTO: the fill as a plain object. */
export type { PaperFill };
