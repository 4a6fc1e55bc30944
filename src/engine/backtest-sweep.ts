/**
 * `runSweep`: a grid of backtests of one stored pair (entry × exit × window × method) on worker
 * threads, with the table of results, the best point by a metric, a heatmap of a metric over
 * two axes, and optionally a walk-forward test: for each of k folds the best point in sample,
 * its result out of sample, and the out-of-sample runs stitched into one report.
 * @module
 */

import { parseSimulationParams, type SimulationParams, type SimulationParamsInput } from '../backtest/backtest-params.js';
import { backtestReport, type BacktestReport } from '../backtest/backtest-report.js';
import type { BacktestMetrics } from '../backtest/performance-metrics.js';
import type { Simulation } from '../backtest/simulate-pair.js';
import { expandGrid, type ExpandedGrid, type SweepGrid, type SweepPoint } from '../backtest/sweep-grid.js';
import { bestIndex, heatmap, HEATMAP_METRICS, RANK_METRICS, SWEEP_AXES, type Heatmap, type HeatmapMetric, type RankMetric, type SweepAxis, type SweepRow } from '../backtest/sweep-metric.js';
import { stitchRuns, walkForwardFolds, type BarRange } from '../backtest/walk-forward.js';
import { err, ok, type Result } from '../core/result.js';
import { TandemError } from '../core/tandem-error.js';
import { parsePairSpec, type HedgeMethod, type PairSpec } from '../model/pair-spec.js';
import { parseRange } from './backtest-request.js';
import type { SweepTask } from './backtest-sweep-protocol.js';
import { runSweepTasks } from './backtest-sweep-pool.js';
import { loadPairBars, type BarSources } from './pair-bar-loader.js';

export interface SweepRequestInput extends Omit<SimulationParamsInput, 'entry' | 'exit'> {
  readonly y: string;
  readonly x: string;
  readonly tf: string;
  readonly from?: number;
  readonly to?: number;
  readonly delta?: number;
  readonly ve?: number;
  /** `raw` (default) or `log`: the scale of every run's hedge regression and spread. */
  readonly prices?: string;
  readonly grid: { readonly entry: readonly number[]; readonly exit: readonly number[]; readonly window: readonly number[]; readonly method?: readonly string[] };
  /** Metric to rank by (default sharpe). */
  readonly metric?: string;
  readonly heatmap?: { readonly metric?: string; readonly rows?: string; readonly cols?: string };
  readonly walkForward?: { readonly folds: number; readonly anchored?: boolean } | null;
  readonly maxCurvePoints?: number;
  /** Book perpetual funding (default: when both legs have stored rates in the range). */
  readonly funding?: boolean;
}

export interface SweepRequest {
  readonly pair: Omit<PairSpec, 'method' | 'window'>;
  readonly from: number | null;
  readonly to: number | null;
  readonly base: SimulationParams;
  readonly grid: SweepGrid;
  readonly expanded: ExpandedGrid;
  readonly metric: RankMetric;
  readonly heatmap: { readonly metric: HeatmapMetric; readonly rows: SweepAxis; readonly cols: SweepAxis };
  readonly walkForward: { readonly folds: number; readonly anchored: boolean } | null;
  readonly maxCurvePoints: number;
  /** true: funding required; false: left out; null: booked when both legs have stored rates. */
  readonly funding: boolean | null;
  /** Runs the sweep will make: points × (1 + folds) + folds. */
  readonly totalRuns: number;
}

export interface WalkForwardFold {
  readonly inSample: { readonly from: number; readonly to: number; readonly bars: number };
  readonly outOfSample: { readonly from: number; readonly to: number; readonly bars: number };
  /** The point chosen in sample, or null when no point had a defined metric there (then flat). */
  readonly chosen: SweepPoint | null;
  readonly inSampleMetric: number | null;
  /** Metrics of the chosen point out of sample (null when nothing was chosen). */
  readonly outOfSampleMetrics: BacktestMetrics | null;
}

export interface WalkForwardResult {
  readonly folds: readonly WalkForwardFold[];
  readonly anchored: boolean;
  readonly metric: RankMetric;
  /** The out-of-sample runs stitched together. */
  readonly report: BacktestReport;
}

export interface SweepResult {
  readonly y: string;
  readonly x: string;
  readonly tf: string;
  readonly bars: number;
  readonly from: number;
  readonly to: number;
  readonly points: number;
  readonly skipped: number;
  readonly metric: RankMetric;
  readonly rows: readonly SweepRow[];
  readonly best: SweepRow | null;
  readonly heatmap: Heatmap | null;
  readonly walkForward: WalkForwardResult | null;
  readonly elapsedMs: number;
}

const bad = <T>(message: string): Result<T> => err({ code: 'invalid_backtest', message });
const oneOf = <T extends string>(list: readonly T[], v: string | undefined, fallback: T): T | null => (v === undefined ? fallback : ((list as readonly string[]).includes(v) ? (v as T) : null));

export function parseSweepRequest(input: SweepRequestInput): Result<SweepRequest> {
  const w0 = input.grid.window[0] ?? 20;
  const pair = parsePairSpec({ ...input, window: w0, method: 'ols' });
  if (!pair.ok) return bad(pair.error.message);
  const range = parseRange(input.from, input.to);
  if (!range.ok) return range;
  // The grid's rules are checked point by point (expandGrid); here only the execution model and stop.
  const base = parseSimulationParams({ ...input, entry: Number.MIN_VALUE, exit: 0 });
  if (!base.ok) return base;
  const grid: SweepGrid = { entry: input.grid.entry, exit: input.grid.exit, window: input.grid.window, method: (input.grid.method ?? ['ols']) as HedgeMethod[] };
  const expanded = expandGrid(grid, base.value.stop);
  if (!expanded.ok) return expanded;
  const metric = oneOf(RANK_METRICS, input.metric, 'sharpe');
  if (metric === null) return bad(`metric must be one of ${RANK_METRICS.join(', ')} (got '${input.metric}')`);
  const hm = oneOf(HEATMAP_METRICS, input.heatmap?.metric, metric);
  if (hm === null) return bad(`heatmap.metric must be one of ${HEATMAP_METRICS.join(', ')} (got '${input.heatmap?.metric}')`);
  const rows = oneOf(SWEEP_AXES, input.heatmap?.rows, 'entry');
  const cols = oneOf(SWEEP_AXES, input.heatmap?.cols, 'exit');
  if (rows === null || cols === null) return bad(`heatmap.rows and heatmap.cols must be among ${SWEEP_AXES.join(', ')}`);
  if (rows === cols) return bad(`heatmap.rows and heatmap.cols must differ (both '${rows}')`);
  const wf = input.walkForward ?? null;
  if (wf !== null && (!Number.isInteger(wf.folds) || wf.folds < 1 || wf.folds > 50)) return bad(`walkForward.folds must be an integer from 1 to 50 (got ${wf.folds})`);
  const maxCurvePoints = input.maxCurvePoints ?? 5000;
  if (!Number.isInteger(maxCurvePoints) || maxCurvePoints < 2) return bad(`maxCurvePoints must be an integer ≥ 2 (got ${maxCurvePoints})`);
  if (input.funding !== undefined && typeof input.funding !== 'boolean') return bad(`funding must be true or false (got ${String(input.funding)})`);
  const k = wf?.folds ?? 0;
  const { method: _m, window: _w, ...pairRest } = pair.value;
  return ok({
    pair: pairRest,
    ...range.value,
    base: base.value,
    grid,
    expanded: expanded.value,
    metric,
    heatmap: { metric: hm, rows, cols },
    walkForward: wf === null ? null : { folds: wf.folds, anchored: wf.anchored ?? false },
    maxCurvePoints,
    funding: input.funding ?? null,
    totalRuns: expanded.value.points * (1 + k) + k,
  });
}

export interface SweepRunOptions {
  readonly workers?: number;
  /** Called with the number of runs finished so far. */
  readonly onProgress?: (done: number) => void;
  readonly signal?: AbortSignal;
}

export async function runSweep(src: BarSources, req: SweepRequest, opts: SweepRunOptions = {}): Promise<SweepResult> {
  const t0 = performance.now();
  const maxWindow = Math.max(...req.grid.window);
  const bars = await loadPairBars(src, { y: req.pair.y, x: req.pair.x, tf: req.pair.tf, from: req.from, to: req.to, minBars: maxWindow + 2, funding: req.funding });
  const n = bars.start.length;
  const tfMs = req.pair.tf.ms;
  const k = req.walkForward?.folds ?? 0;
  if (k > 0 && Math.floor(n / (k + 1)) < 2) throw new TandemError('too_few_bars', `walkForward.folds: ${n} bars cannot make ${k + 1} blocks of 2 bars or more`);
  const folds = k > 0 ? walkForwardFolds(n, k, req.walkForward!.anchored) : [];
  const init = { bars, tf: req.pair.tf, base: req.base, delta: req.pair.delta, ve: req.pair.ve, prices: req.pair.prices };
  let done = 0;
  const onRuns = (r: number): void => {
    done += r;
    opts.onProgress?.(done);
  };
  const pool = { ...(opts.workers === undefined ? {} : { workers: opts.workers }), ...(opts.signal === undefined ? {} : { signal: opts.signal }), onRuns };
  const full: BarRange = { from: 0, to: n };
  const tasks: SweepTask[] = req.expanded.groups.map((g, id) => ({ id, method: g.method, window: g.window, rules: g.rules, ranges: [full, ...folds.map((f) => f.inSample)], detail: false }));
  const results = await runSweepTasks(init, tasks, pool);

  const rows: SweepRow[] = [];
  const inSample: { point: SweepPoint; metrics: BacktestMetrics[] }[] = [];
  req.expanded.groups.forEach((g, gi) => {
    g.rules.forEach((r, ri) => {
      const point = { method: g.method, window: g.window, entry: r.entry, exit: r.exit };
      const m = results[gi]!.metrics[ri]!;
      rows.push({ ...point, metrics: m[0]! });
      inSample.push({ point, metrics: m.slice(1) });
    });
  });
  const bi = bestIndex(rows, req.metric);
  const best = bi >= 0 ? rows[bi]! : null;
  const hm = heatmap(rows, req.heatmap.metric, req.heatmap.rows, req.heatmap.cols, best ?? rows[0]!);

  let walkForward: WalkForwardResult | null = null;
  if (k > 0) {
    const chosen = folds.map((_, f) => {
      const i = bestIndex(inSample.map((s) => ({ metrics: s.metrics[f]! })), req.metric);
      return i >= 0 ? { point: inSample[i]!.point, value: inSample[i]!.metrics[f]![req.metric] } : null;
    });
    const oosTasks: SweepTask[] = [];
    chosen.forEach((c, f) => {
      if (c !== null) oosTasks.push({ id: f, method: c.point.method, window: c.point.window, rules: [{ entry: c.point.entry, exit: c.point.exit }], ranges: [folds[f]!.outOfSample], detail: true });
    });
    const oos = await runSweepTasks(init, oosTasks, pool);
    const byFold = new Map(oos.map((r) => [r.id, r]));
    const runs: Simulation[] = folds.map((f, i) => byFold.get(i)?.runs?.[0]?.[0] ?? flatRun(f.outOfSample, req.base.capital));
    opts.onProgress?.((done += k - oosTasks.length));
    const stitched = stitchRuns(runs);
    const oosFrom = folds[0]!.outOfSample.from;
    const span = (r: BarRange): { from: number; to: number; bars: number } => ({ from: bars.start[r.from]!, to: bars.start[r.to - 1]! + tfMs, bars: r.to - r.from });
    walkForward = {
      folds: folds.map((f, i) => ({
        inSample: span(f.inSample),
        outOfSample: span(f.outOfSample),
        chosen: chosen[i]?.point ?? null,
        inSampleMetric: chosen[i]?.value ?? null,
        outOfSampleMetrics: byFold.get(i)?.metrics[0]?.[0] ?? null,
      })),
      anchored: req.walkForward!.anchored,
      metric: req.metric,
      report: backtestReport(stitched, bars.start.subarray(oosFrom), req.base.capital, tfMs, req.maxCurvePoints),
    };
  }
  return {
    y: req.pair.y,
    x: req.pair.x,
    tf: req.pair.tf.label,
    bars: n,
    from: bars.start[0]!,
    to: bars.start[n - 1]! + tfMs,
    points: req.expanded.points,
    skipped: req.expanded.skipped,
    metric: req.metric,
    rows,
    best,
    heatmap: hm,
    walkForward,
    elapsedMs: performance.now() - t0,
  };
}

/** A fold that chose nothing stays flat. */
function flatRun(r: BarRange, capital: number): Simulation {
  return { from: r.from, to: r.to, equity: new Float64Array(r.to - r.from).fill(capital), trades: [], grossPnl: 0, netPnl: 0, fees: 0, slippage: 0, funding: 0, exposedBars: 0, skippedEntries: 0, ruin: null };
}
