/**
 * The sweep's heatmap and results table, from a sweep result's rows (every grid point with its
 * full metrics): any metric over entry (rows) × exit (columns) for one window and method, so
 * the metric and the window can change without rerunning the sweep. Cells where exit ≥ entry
 * were skipped by the server and stay empty.
 * @module
 */

import type { HedgeMethod } from '../../../src/model/pair-spec';
import type { BacktestMetricsDto, SweepResultDto, SweepRowDto } from '../../../src/server/dto/backtest-schemas';
import type { HeatMetric } from '../state/backtest-tab-state';
import { DASH, formatCount, formatPercent, formatSignedPrice } from './format';

export const HEAT_METRICS: readonly { readonly id: HeatMetric; readonly label: string }[] = [
  { id: 'sharpe', label: 'Sharpe' },
  { id: 'sortino', label: 'Sortino' },
  { id: 'totalReturn', label: 'Total return' },
  { id: 'netPnl', label: 'Net PnL' },
  { id: 'calmar', label: 'Calmar' },
  { id: 'profitFactor', label: 'Profit factor' },
  { id: 'expectancy', label: 'Expectancy' },
  { id: 'winRate', label: 'Win rate' },
  { id: 'maxDrawdown', label: 'Max drawdown' },
  { id: 'trades', label: 'Trades' },
];

/** One grid point of the sweep: what a click on its cell runs. */
export interface SweepPoint {
  readonly method: HedgeMethod;
  readonly window: number;
  readonly entry: number;
  readonly exit: number;
}

export interface SweepHeatmap {
  readonly metric: HeatMetric;
  readonly method: HedgeMethod;
  readonly window: number;
  /** Every window of the grid, ascending, for the picker. */
  readonly windows: readonly number[];
  /** Row values (entry), ascending, and column values (exit), ascending. */
  readonly entries: readonly number[];
  readonly exits: readonly number[];
  /** `cells[row][col]`: the metric, or null where skipped or undefined. */
  readonly cells: readonly (readonly (number | null)[])[];
  /**
   * `ran[row][col]`: whether the server ran this grid point. A run whose metric is undefined
   * (a Sharpe with no trades, say) still has a run to load; a skipped point (exit ≥ entry) has none.
   */
  readonly ran: readonly (readonly boolean[])[];
  /** Range of the defined cells (both 0 when there are none). */
  readonly min: number;
  readonly max: number;
  /** Whether a larger value is better (false for drawdown, whose fraction grows as it worsens). */
  readonly higherIsBetter: boolean;
}

/** The value of `metric` in a row's metrics, null when undefined. */
export function metricValue(m: BacktestMetricsDto, metric: HeatMetric): number | null {
  const v = m[metric];
  return v === null || !Number.isFinite(v) ? null : v;
}

/** A metric's value as the heatmap and table show it. */
export function formatMetric(metric: HeatMetric, v: number | null): string {
  if (v === null) return DASH;
  switch (metric) {
    case 'totalReturn':
      return formatPercent(v);
    case 'winRate':
      return `${(v * 100).toFixed(1)}%`;
    case 'maxDrawdown':
      return `${(Math.abs(v) * 100).toFixed(2)}%`;
    case 'netPnl':
    case 'expectancy':
      return formatSignedPrice(v, 2);
    case 'trades':
      return formatCount(v);
    default:
      return v.toFixed(2);
  }
}

const ascending = (xs: readonly number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

/**
 * The heatmap of `metric` for `window` (null: the best point's window, else the first) and the
 * best point's method; null when the sweep has no rows.
 */
export function sweepHeatmap(result: SweepResultDto, metric: HeatMetric, window: number | null): SweepHeatmap | null {
  const first = result.rows[0];
  if (first === undefined) return null;
  const method = result.best?.method ?? first.method;
  const windows = ascending(result.rows.map((r) => r.window));
  const w = window !== null && windows.includes(window) ? window : (result.best?.window ?? first.window);
  const rows = result.rows.filter((r) => r.method === method && r.window === w);
  // Axes from the whole grid, so that the skipped (exit ≥ entry) corner shows as empty cells.
  const entries = ascending(result.rows.map((r) => r.entry));
  const exits = ascending(result.rows.map((r) => r.exit));
  const cells = entries.map(() => exits.map((): number | null => null));
  const ran = entries.map(() => exits.map(() => false));
  let min = Infinity;
  let max = -Infinity;
  for (const r of rows) {
    const row = entries.indexOf(r.entry);
    const col = exits.indexOf(r.exit);
    const ranRow = ran[row];
    if (ranRow !== undefined) ranRow[col] = true;
    const v = metricValue(r.metrics, metric);
    const cellRow = cells[row];
    if (cellRow === undefined || v === null) continue;
    cellRow[col] = v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (min > max) min = max = 0;
  return { metric, method, window: w, windows, entries, exits, cells, ran, min, max, higherIsBetter: metric !== 'maxDrawdown' };
}

/** The grid point of a heatmap cell, or null outside the grid. */
export function cellPoint(map: SweepHeatmap, row: number, col: number): SweepPoint | null {
  const entry = map.entries[row];
  const exit = map.exits[col];
  if (entry === undefined || exit === undefined || !(exit < entry)) return null;
  return { method: map.method, window: map.window, entry, exit };
}

export interface SweepTableRow {
  readonly key: string;
  readonly point: SweepPoint;
  readonly value: string;
  readonly sharpe: string;
  readonly totalReturn: string;
  readonly maxDrawdown: string;
  readonly trades: string;
  readonly winRate: string;
  readonly best: boolean;
  /** The run lost the account (it ranks last and is marked). */
  readonly ruined: boolean;
}

/** The results table: points ranked by `metric` (best first, undefined last, ruined runs after all others), at most `limit`. */
export function sweepTable(result: SweepResultDto, metric: HeatMetric, limit = 200): SweepTableRow[] {
  const sign = metric === 'maxDrawdown' ? -1 : 1;
  const ranked = result.rows
    .map((r, i) => ({ r, i, v: metricValue(r.metrics, metric) }))
    // Ruined runs last (the server's ranking: bestIndex), then nulls last, then by the metric.
    .sort((a, b) => Number(a.r.metrics.ruined) - Number(b.r.metrics.ruined) || (a.v === null || b.v === null ? (a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1) : sign * (b.v - a.v) || a.i - b.i));
  const isBest = (r: SweepRowDto): boolean => result.best !== null && r.method === result.best.method && r.window === result.best.window && r.entry === result.best.entry && r.exit === result.best.exit;
  return ranked.slice(0, limit).map(({ r, v }) => ({
    key: `${r.method}/${r.window}/${r.entry}/${r.exit}`,
    point: { method: r.method, window: r.window, entry: r.entry, exit: r.exit },
    value: formatMetric(metric, v),
    sharpe: formatMetric('sharpe', r.metrics.sharpe),
    totalReturn: formatMetric('totalReturn', r.metrics.totalReturn),
    maxDrawdown: formatMetric('maxDrawdown', r.metrics.maxDrawdown),
    trades: formatCount(r.metrics.trades),
    winRate: formatMetric('winRate', r.metrics.winRate),
    best: isBest(r),
    ruined: r.metrics.ruined,
  }));
}

/** The progress bar's fraction and label of a job: `12 / 40 runs`. */
export function sweepProgress(done: number, total: number): { readonly fraction: number; readonly label: string } {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  return { fraction, label: `${formatCount(done)} / ${formatCount(total)} runs` };
}
