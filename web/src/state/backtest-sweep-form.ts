/**
 * The sweep's grid form: comma-separated lists of entry, exit and window values, the metric to
 * rank by, and walk-forward. It shares the execution model (pair, timeframe, method, stop,
 * max hold, fill, costs) with the single run's form, so a clicked cell reruns exactly that point.
 * @module
 */

import type { SweepBody } from '../../../src/server/dto/backtest-schemas';
import type { FieldErrors } from './backtest-form';
import { formToBody, type BacktestForm } from './backtest-form';

/** The metrics a sweep ranks by (the schema's `metric`), higher is better. */
export type RankMetric = 'sharpe' | 'sortino' | 'totalReturn' | 'netPnl' | 'calmar' | 'profitFactor' | 'expectancy' | 'winRate';

/**
 * The sweep body as sent. The schema builds its `metric` union from a mapped array, which
 * TypeBox types as `never`, so the field is restated here with its literal values.
 */
export type SweepRequest = Omit<SweepBody, 'metric'> & { readonly metric?: RankMetric };

export interface SweepForm {
  readonly entries: string;
  readonly exits: string;
  readonly windows: string;
  readonly metric: RankMetric;
  readonly walkForward: boolean;
  readonly folds: string;
}

export const DEFAULT_SWEEP_FORM: SweepForm = { entries: '1.5, 2, 2.5', exits: '0, 0.5', windows: '20', metric: 'sharpe', walkForward: false, folds: '3' };

export type SweepField = keyof SweepForm;
export type SweepErrors = Partial<Record<SweepField, string>>;

/** The grid's largest axis the API takes. */
export const MAX_AXIS_VALUES = 100;

export type ListResult = { readonly ok: true; readonly values: readonly number[] } | { readonly ok: false; readonly error: string };

/**
 * A list of numbers typed as `1, 1.5, 2` (commas or spaces), deduplicated and sorted ascending.
 * @example parseNumberList('2, 1.5 2', 'entry') // { ok: true, values: [1.5, 2] }
 */
export function parseNumberList(text: string, name: string, integer = false): ListResult {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, error: `${name}: at least one value` };
  const values: number[] = [];
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isFinite(v)) return { ok: false, error: `${name}: '${p}' is not a number` };
    if (integer && !Number.isInteger(v)) return { ok: false, error: `${name}: '${p}' is not a whole number` };
    values.push(v);
  }
  const unique = [...new Set(values)].sort((a, b) => a - b);
  if (unique.length > MAX_AXIS_VALUES) return { ok: false, error: `${name}: at most ${MAX_AXIS_VALUES} values` };
  return { ok: true, values: unique };
}

export type SweepResult =
  | { readonly ok: true; readonly body: SweepRequest; readonly points: number }
  | { readonly ok: false; readonly errors: SweepErrors; readonly formErrors: FieldErrors };

/** The sweep request of the grid form over the run form's execution model, or what is wrong. */
export function sweepToBody(sweep: SweepForm, form: BacktestForm): SweepResult {
  const errors: SweepErrors = {};
  const entry = parseNumberList(sweep.entries, 'entry');
  const exit = parseNumberList(sweep.exits, 'exit');
  const window = parseNumberList(sweep.windows, 'window', true);
  if (!entry.ok) errors.entries = entry.error;
  else if (entry.values.some((v) => v <= 0)) errors.entries = 'entry: every value > 0';
  if (!exit.ok) errors.exits = exit.error;
  else if (exit.values.some((v) => v < 0)) errors.exits = 'exit: every value ≥ 0';
  if (!window.ok) errors.windows = window.error;
  else if (window.values.some((v) => v < 2)) errors.windows = 'window: every value ≥ 2';
  if (entry.ok && exit.ok && !exit.values.some((e) => entry.values.some((n) => e < n))) errors.exits = 'no grid point has exit < entry';
  const folds = Number(sweep.folds);
  if (sweep.walkForward && !(Number.isInteger(folds) && folds >= 1 && folds <= 50)) errors.folds = 'folds: a whole number, 1-50';
  // The run form's own entry/exit/window do not matter here: the grid replaces them.
  const run = formToBody({ ...form, entry: '2', exit: '0', window: '20' });
  const formErrors = run.ok ? {} : run.errors;
  if (!run.ok || !entry.ok || !exit.ok || !window.ok || Object.keys(errors).length > 0) return { ok: false, errors, formErrors };
  const { entry: _e, exit: _x, window: _w, method, ...common } = run.body;
  const body: SweepRequest = {
    ...common,
    grid: { entry: [...entry.values], exit: [...exit.values], window: [...window.values], method: [method ?? 'ols'] },
    metric: sweep.metric,
    ...(sweep.walkForward ? { walkForward: { folds } } : {}),
  };
  return { ok: true, body, points: entry.values.length * exit.values.length * window.values.length };
}
