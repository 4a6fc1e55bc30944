/**
 * `BarEngine`: keeps a `BarAggregator` per (symbol, timeframe) live. The default timeframes
 * (1s, 1m, 5m) are built for every symbol that trades and their final bars are handed to
 * `onFinal` for storage; any other timeframe (250ms, 15s, 4h) is built while someone is
 * subscribed to it. After each batch of ticks every touched series publishes one forming
 * update; a bar becomes final when a later tick arrives or when the clock passes its end
 * plus a grace period that lets slightly late trades in.
 * @module
 */

import type { Clock } from '../core/clock.js';
import { componentLogger } from '../core/logger.js';
import { BarAggregator } from '../bars/bar-aggregator.js';
import type { Bar, BarUpdate } from '../model/bar.js';
import type { Tick } from '../model/tick.js';
import { bucketStart, type TimeframeSpec } from '../model/timeframe.js';

const log = componentLogger('bars');

export type BarListener = (update: BarUpdate) => void;

/** A bucket that received a trade after it was final, so its bar must be rebuilt. */
export interface LateBucket {
  readonly symbol: string;
  readonly tf: TimeframeSpec;
  readonly start: number;
  /** Whether the bar is of a stored timeframe. */
  readonly persistent: boolean;
}

export interface BarEngineOptions {
  /** Timeframes built for every symbol and passed to `onFinal`. */
  readonly timeframes: readonly TimeframeSpec[];
  readonly clock: Clock;
  /** How long after a bucket's end a late trade may still join it (default 250 ms). */
  readonly graceMs?: number;
  /** How often the clock closes due bars (default 100 ms). */
  readonly closeEveryMs?: number;
  /** Receives final bars of the default timeframes, in order. */
  readonly onFinal?: (bars: readonly Bar[]) => void;
}

interface Series {
  readonly aggregator: BarAggregator;
  readonly listeners: Set<BarListener>;
  readonly persistent: boolean;
  /** Live ticks held back while the series waits for its seed; null once seeded. */
  seeding: Tick[] | null;
  /**
   * The first bucket start of an on-demand series (its seed's `fromMs`): a trade before it
   * that arrives after the subscription must not open a partial bar of an earlier bucket.
   */
  floor: number;
}

/**
 * The trades an on-demand series missed since `fromMs` (stored or in flight), sync or async.
 * An async seed should take what is in flight before it returns its promise: ticks that arrive
 * after the call are buffered by the series itself.
 */
export type BarSeed = (fromMs: number) => readonly Tick[] | Promise<readonly Tick[]>;

export class BarEngine {
  private readonly series = new Map<string, Series>();
  private readonly bySymbol = new Map<string, Series[]>();
  private timer: NodeJS.Timeout | null = null;
  private late = 0;
  private readonly lateBuckets = new Map<string, LateBucket>();

  constructor(private readonly opts: BarEngineOptions) {}

  start(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => this.closeDue(this.opts.clock.now()), this.opts.closeEveryMs ?? 100);
    this.timer.unref();
  }

  /** Stops the clock; the forming bars stay forming (they are not complete). */
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Ticks that arrived after their bucket was final and so are in no bar. */
  lateTicks(): number {
    return this.late;
  }

  onTicks(ticks: readonly Tick[]): void {
    const touched = new Set<Series>();
    const finals: Bar[] = [];
    for (const tick of ticks) {
      for (const s of this.seriesOf(tick.symbol)) {
        if (s.seeding !== null) s.seeding.push(tick);
        else this.addTick(s, tick, finals, touched);
      }
    }
    this.publishForming(touched);
    if (finals.length > 0) this.opts.onFinal?.(finals);
  }

  private addTick(s: Series, tick: Tick, finals: Bar[], touched: Set<Series>): void {
    // A straggler of the bucket before an on-demand series began: that bar is history (the
    // stored one), so it is rebuilt and published as a revision rather than begun here with
    // only the stragglers in it. It is not a late trade of the feed, so it is not counted.
    if (tick.ts < s.floor) {
      this.markLate(s, tick);
      return;
    }
    const outcome = s.aggregator.add(tick);
    if (outcome.kind === 'late') {
      this.late++;
      this.markLate(s, tick);
      return;
    }
    if (outcome.finalized !== null) this.emitFinal(s, outcome.finalized, finals);
    touched.add(s);
  }

  private markLate(s: Series, tick: Tick): void {
    const start = bucketStart(tick.ts, s.aggregator.tf.ms);
    this.lateBuckets.set(`${key(tick.symbol, s.aggregator.tf.label)}|${start}`, { symbol: tick.symbol, tf: s.aggregator.tf, start, persistent: s.persistent });
  }

  private publishForming(touched: Set<Series>): void {
    for (const s of touched) {
      const bar = s.aggregator.current();
      if (bar !== null) for (const l of s.listeners) l({ bar, final: false });
    }
  }

  /** Finalizes every bar whose bucket ended more than the grace period before `now`. */
  closeDue(now: number): void {
    const cutoff = now - (this.opts.graceMs ?? 250);
    const finals: Bar[] = [];
    for (const s of this.series.values()) {
      const bar = s.aggregator.closeBefore(cutoff);
      if (bar !== null) this.emitFinal(s, bar, finals);
    }
    if (finals.length > 0) this.opts.onFinal?.(finals);
  }

  /**
   * Calls `listener` with every update of `symbol` at `tf` from now on; returns the function
   * that unsubscribes. A timeframe outside the defaults is built only while subscribed.
   */
  subscribe(symbol: string, tf: TimeframeSpec, listener: BarListener, seed?: BarSeed): () => void {
    const isNew = !this.series.has(key(symbol, tf.label));
    const s = this.ensureSeries(symbol, tf, false);
    if (isNew && !s.persistent && seed !== undefined) this.seedSeries(s, seed);
    s.listeners.add(listener);
    return () => {
      s.listeners.delete(listener);
      if (!s.persistent && s.listeners.size === 0) this.dropSeries(symbol, tf);
    };
  }

  /** Buckets that received late trades since the last call, for the owner to rebuild. */
  takeLateBuckets(): LateBucket[] {
    const out = [...this.lateBuckets.values()];
    this.lateBuckets.clear();
    return out;
  }

  /** Publishes a rebuilt final bar to the subscribers of its series as a revision. */
  publishRevision(bar: Bar): void {
    const s = this.series.get(key(bar.symbol, bar.tf));
    if (s !== undefined) for (const l of s.listeners) l({ bar, final: true, revised: true });
  }

  /** The forming bar of `symbol` at `tf`, or null. */
  forming(symbol: string, tf: string): Bar | null {
    return this.series.get(key(symbol, tf))?.aggregator.current() ?? null;
  }

  /**
   * Fills a new on-demand series with the trades of the bucket in progress that it missed, so
   * its first bar is whole rather than partial. While an async seed is read, the series holds
   * the live ticks back; then it takes the seed and those, each trade once (by trade id), in
   * that order. A trade of an earlier bucket that arrives after the subscription (in its
   * grace period) opens no bar here: the owner rebuilds that bar as a revision. A seed that
   * fails leaves the series to start from the live ticks alone.
   */
  private seedSeries(s: Series, seed: BarSeed): void {
    let seeded: readonly Tick[] | Promise<readonly Tick[]>;
    s.floor = bucketStart(this.opts.clock.now(), s.aggregator.tf.ms);
    try {
      seeded = seed(s.floor);
    } catch (e) {
      log.error({ err: e, symbol: s.aggregator.symbol, tf: s.aggregator.tf.label }, `bar seed of ${s.aggregator.symbol} ${s.aggregator.tf.label} failed`);
      return;
    }
    if (!(seeded instanceof Promise)) {
      for (const tick of seeded) s.aggregator.add(tick);
      return;
    }
    s.seeding = [];
    seeded.then(
      (ticks) => this.finishSeeding(s, ticks),
      (e: unknown) => {
        log.error({ err: e, symbol: s.aggregator.symbol, tf: s.aggregator.tf.label }, `bar seed of ${s.aggregator.symbol} ${s.aggregator.tf.label} failed`);
        this.finishSeeding(s, []);
      },
    );
  }

  private finishSeeding(s: Series, seed: readonly Tick[]): void {
    const live = s.seeding ?? [];
    s.seeding = null;
    // Dropped while the seed was read: nothing listens any more.
    if (this.series.get(key(s.aggregator.symbol, s.aggregator.tf.label)) !== s) return;
    const seen = new Set<number>();
    const finals: Bar[] = [];
    const touched = new Set<Series>();
    for (const tick of [...seed, ...live]) {
      if (seen.has(tick.tradeId)) continue;
      seen.add(tick.tradeId);
      this.addTick(s, tick, finals, touched);
    }
    this.publishForming(touched);
    if (finals.length > 0) this.opts.onFinal?.(finals);
  }

  private emitFinal(s: Series, bar: Bar, finals: Bar[]): void {
    if (s.persistent) finals.push(bar);
    for (const l of s.listeners) l({ bar, final: true });
  }

  private seriesOf(symbol: string): readonly Series[] {
    if (!this.bySymbol.has(symbol)) for (const tf of this.opts.timeframes) this.ensureSeries(symbol, tf, true);
    return this.bySymbol.get(symbol)!;
  }

  private ensureSeries(symbol: string, tf: TimeframeSpec, persistent: boolean): Series {
    const k = key(symbol, tf.label);
    const existing = this.series.get(k);
    if (existing !== undefined) return existing;
    if (!persistent && !this.bySymbol.has(symbol)) this.seriesOf(symbol);
    const found = this.series.get(k);
    if (found !== undefined) return found;
    const s: Series = { aggregator: new BarAggregator(symbol, tf), listeners: new Set(), persistent, seeding: null, floor: -Infinity };
    this.series.set(k, s);
    const list = this.bySymbol.get(symbol) ?? [];
    list.push(s);
    this.bySymbol.set(symbol, list);
    return s;
  }

  private dropSeries(symbol: string, tf: TimeframeSpec): void {
    const k = key(symbol, tf.label);
    const s = this.series.get(k);
    if (s === undefined) return;
    this.series.delete(k);
    this.bySymbol.set(symbol, (this.bySymbol.get(symbol) ?? []).filter((x) => x !== s));
  }
}

const key = (symbol: string, tf: string): string => `${symbol}|${tf}`;
