/**
 * `LivePair`: one subscribed pair kept live. It subscribes to the bars of both legs, fills its
 * state from stored history first (so the z-score is warm and a chart has a past), then turns
 * each final bar of either leg into aligned points (`PairAligner`) and each point into
 * analytics (`PairState`), pushes a provisional point for the forming bucket, and every few
 * seconds hands its retained series to the tests worker.
 *
 * A bucket in which one leg did not trade is emitted once the other leg's next bar shows up
 * (its forming bar is in a later bucket) or once the clock is `grace + slack` past its end;
 * a bar revised after its bucket was emitted (a late trade) does not change the live series.
 * @module
 */

import { PairAligner, type AlignedPoint, type PairSide } from '../bars/pair-alignment.js';
import type { BarUpdate } from '../model/bar.js';
import type { PairSpec } from '../model/pair-spec.js';
import { bucketStart } from '../model/timeframe.js';
import type { PairBarFeed } from './pair-bar-feed.js';
import type { PairPoint } from './pair-point.js';
import { PairState } from './pair-state.js';
import { testBarsNeeded } from './pair-tests.js';
import type { PairTestsThread, TimedPairTests } from './pair-tests-thread.js';

export type PairUpdate =
  | { readonly kind: 'point'; readonly point: PairPoint; readonly final: boolean }
  | { readonly kind: 'tests'; readonly tests: TimedPairTests }
  | { readonly kind: 'error'; readonly message: string };

export type PairListener = (update: PairUpdate) => void;

export interface LivePairOptions {
  readonly feed: PairBarFeed;
  readonly tests: PairTestsThread;
  /** Bars the periodic tests look back over. */
  readonly lookback: number;
  /** Points kept in memory (and loaded from history at the start). */
  readonly retain: number;
  /** How often the tests are recomputed when new bars came (ms). */
  readonly testsEveryMs: number;
  /** How long after a bucket's end (beyond the bar engine's grace) a silent leg counts as empty. */
  readonly settleMs: number;
}

export interface LivePairSnapshot {
  readonly points: readonly PairPoint[];
  readonly provisional: PairPoint | null;
  readonly tests: TimedPairTests | null;
}

type FeedEvent = { readonly side: PairSide; readonly update: BarUpdate };

export class LivePair {
  readonly listeners = new Set<PairListener>();
  /** Resolves once history is loaded and live bars flow into the state. */
  readonly ready: Promise<void>;
  private readonly state: PairState;
  private readonly aligner = new PairAligner();
  private points: PairPoint[] = [];
  private provisionalPoint: PairPoint | null = null;
  private lastTests: TimedPairTests | null = null;
  private buffered: FeedEvent[] | null = [];
  private readonly latest = { y: Number.NaN, x: Number.NaN };
  private readonly formingStart: { y: number | null; x: number | null } = { y: null, x: null };
  private readonly unsubscribes: (() => void)[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private dirty = false;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    readonly spec: PairSpec,
    private readonly opts: LivePairOptions,
  ) {
    this.state = new PairState(spec);
    for (const side of ['y', 'x'] as const) {
      this.unsubscribes.push(opts.feed.subscribeBars(spec[side], spec.tf, (update) => this.onBar({ side, update })));
    }
    this.ready = this.preload();
  }

  snapshot(): LivePairSnapshot {
    return { points: this.points, provisional: this.provisionalPoint, tests: this.lastTests };
  }

  /** Recomputes the tests now; with a run in flight, waits for it and runs again if bars came meanwhile. */
  recomputeTests(): Promise<void> {
    if (this.running !== null) return this.running.then(() => (this.dirty ? this.recomputeTests() : undefined));
    const need = Math.min(this.points.length, testBarsNeeded(this.opts.lookback));
    if (need === 0) return Promise.resolve();
    const pts = this.points.slice(-need);
    const col = (f: (p: PairPoint) => number): Float64Array => Float64Array.from(pts, f);
    this.dirty = false;
    this.running = this.opts.tests
      .run({ start: col((p) => p.start), y: col((p) => p.y), x: col((p) => p.x), spread: col((p) => p.spread), tfMs: this.spec.tf.ms, lookback: this.opts.lookback, prices: this.spec.prices })
      .then(
        (tests) => {
          if (this.stopped) return;
          this.lastTests = tests;
          this.emit({ kind: 'tests', tests });
        },
        (e: unknown) => {
          if (!this.stopped) this.emit({ kind: 'error', message: `pair tests: ${e instanceof Error ? e.message : String(e)}` });
        },
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    for (const off of this.unsubscribes) off();
    for (const t of this.timers) clearInterval(t);
    this.listeners.clear();
  }

  private async preload(): Promise<void> {
    const { feed, retain } = this.opts;
    const tf = this.spec.tf;
    try {
      await feed.flush();
      const to = bucketStart(feed.now(), tf.ms) + tf.ms;
      const from = Math.max(0, to - (retain + 1) * tf.ms);
      const [yBars, xBars] = await Promise.all([feed.history(this.spec.y, tf, from, to, retain + 2), feed.history(this.spec.x, tf, from, to, retain + 2)]);
      for (const b of yBars) this.accept(this.aligner.pushFinal('y', b));
      for (const b of xBars) this.accept(this.aligner.pushFinal('x', b));
    } catch (e) {
      this.emit({ kind: 'error', message: `pair history: ${e instanceof Error ? e.message : String(e)}` });
    }
    if (this.stopped) return;
    const pending = this.buffered ?? [];
    this.buffered = null;
    for (const ev of pending) this.onBar(ev);
    this.timers.push(setInterval(() => this.settleByClock(), 250));
    this.timers.push(
      setInterval(() => {
        if (this.dirty) void this.recomputeTests();
      }, this.opts.testsEveryMs),
    );
    for (const t of this.timers) t.unref();
    if (this.points.length > 0) void this.recomputeTests();
  }

  private onBar(ev: FeedEvent): void {
    if (this.buffered !== null) {
      this.buffered.push(ev);
      return;
    }
    const { side, update } = ev;
    const bar = update.bar;
    if (update.revised) return;
    this.latest[side] = bar.close;
    if (update.final) {
      if (this.formingStart[side] === bar.start) this.formingStart[side] = null;
      this.accept(this.aligner.pushFinal(side, bar));
    } else {
      this.formingStart[side] = bar.start;
      this.accept(this.aligner.markForming(side, bar.start));
      this.pushProvisional();
    }
  }

  private settleByClock(): void {
    const tf = this.spec.tf.ms;
    this.accept(this.aligner.closeBefore(this.opts.feed.now() - this.opts.settleMs - tf));
  }

  private accept(aligned: readonly AlignedPoint[]): void {
    for (const a of aligned) {
      const point = this.state.update(a);
      this.points.push(point);
      this.dirty = true;
      if (this.provisionalPoint !== null && this.provisionalPoint.start <= point.start) this.provisionalPoint = null;
      this.emit({ kind: 'point', point, final: true });
    }
    const cap = this.opts.retain;
    if (this.points.length > 2 * cap) this.points = this.points.slice(-cap);
  }

  /** The forming bucket's point: the newest forming bar, the other leg at its latest price. */
  private pushProvisional(): void {
    const fy = this.formingStart.y;
    const fx = this.formingStart.x;
    const start = Math.max(fy ?? -Infinity, fx ?? -Infinity);
    if (!(start > this.aligner.lastEmittedStart()) || this.state.bars === 0) return;
    if (Number.isNaN(this.latest.y) || Number.isNaN(this.latest.x)) return;
    const a: AlignedPoint = { start: start as AlignedPoint['start'], y: this.latest.y, x: this.latest.x, yFilled: fy !== start, xFilled: fx !== start };
    this.provisionalPoint = this.state.provisional(a);
    this.emit({ kind: 'point', point: this.provisionalPoint, final: false });
  }

  private emit(update: PairUpdate): void {
    for (const l of this.listeners) l(update);
  }
}
