/**
 * The metrics a sweep can rank by and draw as a heatmap, and the heatmap matrix itself.
 * Ranking metrics are better when higher; `maxDrawdown` and `trades` can be drawn but not
 * ranked by. A point whose metric is null ranks below every point with a value, and a ruined
 * point below every point that was not.
 * @module
 */

import type { BacktestMetrics } from './performance-metrics.js';
import type { SweepPoint } from './sweep-grid.js';

export const RANK_METRICS = ['sharpe', 'sortino', 'totalReturn', 'netPnl', 'calmar', 'profitFactor', 'expectancy', 'winRate'] as const;
export type RankMetric = (typeof RANK_METRICS)[number];
export const HEATMAP_METRICS = [...RANK_METRICS, 'maxDrawdown', 'trades'] as const;
export type HeatmapMetric = (typeof HEATMAP_METRICS)[number];
export const SWEEP_AXES = ['entry', 'exit', 'window', 'method'] as const;
export type SweepAxis = (typeof SWEEP_AXES)[number];

export interface SweepRow extends SweepPoint {
  readonly metrics: BacktestMetrics;
}

export function metricOf(m: BacktestMetrics, metric: HeatmapMetric): number | null {
  return m[metric];
}

/**
 * Index of the best row by `metric` (first on ties), or −1 when no row has a value. A ruined
 * run ranks below every run that was not, whatever its metric: a point that lost the account
 * is never the sweep's best while another did not.
 */
export function bestIndex(rows: readonly { readonly metrics: BacktestMetrics }[], metric: RankMetric): number {
  let best = -1;
  let value = -Infinity;
  let bestRuined = true;
  rows.forEach((r, i) => {
    const v = r.metrics[metric];
    if (v === null || !Number.isFinite(v)) return;
    const ruined = r.metrics.ruined === true;
    if (best === -1 || (bestRuined && !ruined) || (ruined === bestRuined && v > value)) {
      value = v;
      best = i;
      bestRuined = ruined;
    }
  });
  return best;
}

export interface Heatmap {
  readonly metric: HeatmapMetric;
  readonly rows: { readonly axis: SweepAxis; readonly values: readonly (number | string)[] };
  readonly cols: { readonly axis: SweepAxis; readonly values: readonly (number | string)[] };
  /** The values of the other two axes: those of the best point (a slice through it). */
  readonly fixed: Partial<Record<SweepAxis, number | string>>;
  /** cells[r][c]; null where the point was skipped or the metric is undefined. */
  readonly cells: (number | null)[][];
}

/** The matrix of `metric` over two axes, the others held at `at`'s values. */
export function heatmap(rows: readonly SweepRow[], metric: HeatmapMetric, rowAxis: SweepAxis, colAxis: SweepAxis, at: SweepPoint): Heatmap {
  const axisValues = (axis: SweepAxis): (number | string)[] => [...new Set(rows.map((r) => r[axis]))].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
  const rv = axisValues(rowAxis);
  const cv = axisValues(colAxis);
  const others = SWEEP_AXES.filter((a) => a !== rowAxis && a !== colAxis);
  const fixed: Partial<Record<SweepAxis, number | string>> = {};
  for (const a of others) fixed[a] = at[a];
  const cells = rv.map(() => cv.map((): number | null => null));
  for (const r of rows) {
    if (others.some((a) => r[a] !== at[a])) continue;
    const v = metricOf(r.metrics, metric);
    cells[rv.indexOf(r[rowAxis])]![cv.indexOf(r[colAxis])] = v !== null && Number.isFinite(v) ? v : null;
  }
  return { metric, rows: { axis: rowAxis, values: rv }, cols: { axis: colAxis, values: cv }, fixed, cells };
}
