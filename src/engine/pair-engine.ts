/**
 * `PairEngine`: the live pairs. A pair `(y, x, tf, method, window, delta, ve)` is kept live
 * while anyone subscribes to it (the WebSocket, later the alerts): one `LivePair` per distinct
 * pair, shared by its subscribers, with one tests worker for all of them. `analyzeRange` is the
 * batch path over stored bars, with the same alignment, the batch twins of the live analytics
 * and the same tests, for `GET /api/pairs/analytics`.
 * @module
 */

import { TandemError } from '../core/tandem-error.js';
import { bucketWidth, downsampleColumns } from '../bars/downsample.js';
import { alignCloseColumns } from '../bars/pair-alignment.js';
import { closeColumnsOf, type CloseColumns } from '../model/bar.js';
import { pairKey, type PairSpec } from '../model/pair-spec.js';
import { LivePair, type LivePairSnapshot, type PairListener } from './live-pair.js';
import type { PairBarFeed } from './pair-bar-feed.js';
import type { PairColumns } from './pair-point.js';
import { computePairSeries } from './pair-series.js';
import { DEFAULT_TEST_LOOKBACK, testBarsNeeded, type PairTestsRequest } from './pair-tests.js';
import { PairTestsThread, type TimedPairTests } from './pair-tests-thread.js';

export interface PairEngineOptions {
  readonly feed: PairBarFeed;
  /** Bars the periodic tests look back over (default 1,000). */
  readonly lookback?: number;
  /** How often a live pair's tests are recomputed when new bars came (default 5 s). */
  readonly testsEveryMs?: number;
  /** Extra wait past the bar engine's grace before a silent leg's bucket counts as empty (default 750 ms in all). */
  readonly settleMs?: number;
}

export interface PairSubscription {
  /** Resolves once the pair's history is loaded (its snapshot is then complete). */
  readonly ready: Promise<void>;
  snapshot(): LivePairSnapshot;
  unsubscribe(): void;
}

export interface PairRangeQuery {
  readonly spec: PairSpec;
  readonly from: number;
  readonly to: number;
  readonly lookback: number;
  /** Most bars per leg (more is `range_too_large`). */
  readonly maxBars: number;
  /** Thin the series to at most this many buckets (the statistics stay on every bar). */
  readonly maxPoints?: number;
}

export interface PairRangeResult {
  /** The series, one row per aligned bar, or per bucket when thinned (each bucket's last bar). */
  readonly columns: PairColumns;
  readonly tests: TimedPairTests;
  readonly barsY: number;
  readonly barsX: number;
  /** With `maxPoints`: the bucket width and each column's lowest and highest per bucket. */
  readonly thinned?: ThinnedPairSeries;
}

export interface ThinnedPairSeries {
  readonly bucketMs: number;
  readonly min: Readonly<Record<EnvelopeColumn, Float64Array>>;
  readonly max: Readonly<Record<EnvelopeColumn, Float64Array>>;
}

/** The columns whose per-bucket range the thinned series carries. */
export const ENVELOPE_COLUMNS = ['y', 'x', 'beta', 'spread', 'z', 'corr'] as const;
export type EnvelopeColumn = (typeof ENVELOPE_COLUMNS)[number];

/**
 * The series thinned to at most `maxPoints` buckets: each bucket's last row for every column,
 * plus the lowest and highest of the envelope columns, so a chart keeps every spike.
 */
export function thinPairColumns(c: PairColumns, tfMs: number, maxPoints: number): { columns: PairColumns; thinned: ThinnedPairSeries } {
  const n = c.start.length;
  const bucketMs = n === 0 ? tfMs : bucketWidth(tfMs, c.start[0]!, c.start[n - 1]!, maxPoints);
  const d = downsampleColumns(c.start, { y: c.y, x: c.x, beta: c.beta, alpha: c.alpha, spread: c.spread, z: c.z, corr: c.corr, olsBeta: c.olsBeta }, bucketMs);
  const pick = (a: Uint8Array): Uint8Array => Uint8Array.from(d.lastRow, (i) => a[i]!);
  const l = d.last as Record<string, Float64Array>;
  const columns: PairColumns = { start: d.ts, y: l['y']!, x: l['x']!, yFilled: pick(c.yFilled), xFilled: pick(c.xFilled), beta: l['beta']!, alpha: l['alpha']!, spread: l['spread']!, z: l['z']!, corr: l['corr']!, olsBeta: l['olsBeta']! };
  const env = (side: Readonly<Record<string, Float64Array>>): Record<EnvelopeColumn, Float64Array> =>
    Object.fromEntries(ENVELOPE_COLUMNS.map((k) => [k, side[k]!])) as Record<EnvelopeColumn, Float64Array>;
  return { columns, thinned: { bucketMs, min: env(d.min), max: env(d.max) } };
}

/** Fewest aligned bars for which the series has one z-score: the spread's warm-up plus a window. */
export function barsNeeded(spec: Pick<PairSpec, 'method' | 'window'>): number {
  return spec.method === 'kalman' ? 2 * spec.window : 2 * spec.window - 1;
}

/**
 * The batch analysis of a pair over its legs' bars (each read with `limit` `maxBars + 1`):
 * checks, alignment, series and the tests, which `runTests` computes (the live engine's tests
 * thread, or in place on a job worker). `PairEngine.analyzeRange` and the job lane share it.
 */
export async function analyzePairBars(q: PairRangeQuery, yBars: CloseColumns, xBars: CloseColumns, runTests: (req: PairTestsRequest) => Promise<TimedPairTests>): Promise<PairRangeResult> {
  const { spec } = q;
  for (const [symbol, bars] of [[spec.y, yBars], [spec.x, xBars]] as const) {
    if (bars.start.length > q.maxBars) throw new TandemError('range_too_large', `the range holds over ${q.maxBars} bars of ${symbol} at ${spec.tf.label}; ask for a shorter range or a longer timeframe`);
  }
  const need = barsNeeded(spec);
  const why = spec.method === 'kalman' ? `${spec.window} bars of filter warm-up and a ${spec.window}-bar z-score window` : `a ${spec.window}-bar ${spec.method} window and a ${spec.window}-bar z-score window`;
  for (const [symbol, bars] of [[spec.y, yBars], [spec.x, xBars]] as const) {
    if (bars.start.length < need) throw new TandemError('insufficient_data', `need ${need} bars of ${symbol} at ${spec.tf.label}, have ${bars.start.length} (${why})`);
  }
  const points = alignCloseColumns(yBars, xBars);
  if (points.start.length < need) {
    throw new TandemError('insufficient_data', `need ${need} aligned bars of ${spec.y}/${spec.x} at ${spec.tf.label}, have ${points.start.length} (bars before both legs traded are skipped)`);
  }
  const columns = computePairSeries(spec, points);
  const k = Math.min(points.start.length, testBarsNeeded(q.lookback));
  const tail = (a: Float64Array): Float64Array => a.slice(a.length - k);
  const tests = await runTests({ start: tail(columns.start), y: tail(columns.y), x: tail(columns.x), spread: tail(columns.spread), tfMs: spec.tf.ms, lookback: q.lookback, prices: spec.prices });
  if (q.maxPoints === undefined) return { columns, tests, barsY: yBars.start.length, barsX: xBars.start.length };
  const thin = thinPairColumns(columns, spec.tf.ms, q.maxPoints);
  return { columns: thin.columns, thinned: thin.thinned, tests, barsY: yBars.start.length, barsX: xBars.start.length };
}

export class PairEngine {
  private readonly pairs = new Map<string, LivePair>();
  private readonly tests = new PairTestsThread();
  readonly lookback: number;

  constructor(private readonly opts: PairEngineOptions) {
    this.lookback = opts.lookback ?? DEFAULT_TEST_LOOKBACK;
  }

  /** Keeps `spec` live while subscribed; `listener` gets every final and provisional point and each tests run. */
  subscribe(spec: PairSpec, listener: PairListener): PairSubscription {
    const key = pairKey(spec);
    let pair = this.pairs.get(key);
    if (pair === undefined) {
      pair = new LivePair(spec, {
        feed: this.opts.feed,
        tests: this.tests,
        lookback: this.lookback,
        retain: Math.max(2000, testBarsNeeded(this.lookback)),
        testsEveryMs: this.opts.testsEveryMs ?? 5000,
        settleMs: this.opts.settleMs ?? 750,
      });
      this.pairs.set(key, pair);
    }
    const live = pair;
    live.listeners.add(listener);
    return {
      ready: live.ready,
      snapshot: () => live.snapshot(),
      unsubscribe: () => {
        live.listeners.delete(listener);
        if (live.listeners.size === 0 && this.pairs.get(key) === live) {
          live.stop();
          this.pairs.delete(key);
        }
      },
    };
  }

  /** Live pairs now. */
  livePairs(): number {
    return this.pairs.size;
  }

  /** Recomputes every live pair's tests now (tests use it instead of waiting for the timer). */
  async recomputeTests(): Promise<void> {
    await Promise.all([...this.pairs.values()].map((p) => p.recomputeTests()));
  }

  /**
   * The batch path: aligned series, analytics and tests of `spec` over stored bars with
   * `from ≤ start < to`. Throws `insufficient_data` naming the leg and the count when there are
   * too few bars for one z-score, and `range_too_large` beyond `maxBars` a leg.
   */
  async analyzeRange(q: PairRangeQuery): Promise<PairRangeResult> {
    const { spec } = q;
    const [yBars, xBars] = await Promise.all([
      this.opts.feed.history(spec.y, spec.tf, q.from, q.to, q.maxBars + 1),
      this.opts.feed.history(spec.x, spec.tf, q.from, q.to, q.maxBars + 1),
    ]);
    return analyzePairBars(q, closeColumnsOf(yBars), closeColumnsOf(xBars), (req) => this.tests.run(req));
  }

  async close(): Promise<void> {
    for (const p of this.pairs.values()) p.stop();
    this.pairs.clear();
    await this.tests.close();
  }
}
