/**
 * `SweepGrid`: the parameter grid of a sweep, entry × exit × window × method, and its points.
 * Points are grouped by (method, window), the part that needs its own hedge ratio and z-score;
 * every (entry, exit) of a group reuses them. Combinations with exit ≥ entry are not points
 * (the rule needs exit < entry) and are counted as skipped.
 * @module
 */

import { err, ok, type Result } from '../core/result.js';
import { HEDGE_METHODS, MAX_PAIR_WINDOW, MIN_PAIR_WINDOW, type HedgeMethod } from '../model/pair-spec.js';

export interface SweepGrid {
  readonly entry: readonly number[];
  readonly exit: readonly number[];
  readonly window: readonly number[];
  readonly method: readonly HedgeMethod[];
}

export interface SweepPoint {
  readonly method: HedgeMethod;
  readonly window: number;
  readonly entry: number;
  readonly exit: number;
}

/** The (entry, exit) pairs run on one (method, window). */
export interface SweepGroup {
  readonly method: HedgeMethod;
  readonly window: number;
  readonly rules: readonly { readonly entry: number; readonly exit: number }[];
}

export interface ExpandedGrid {
  readonly groups: readonly SweepGroup[];
  readonly points: number;
  /** Combinations dropped because exit ≥ entry. */
  readonly skipped: number;
}

/** Most points one sweep may have. */
export const MAX_SWEEP_POINTS = 10_000;

const bad = (message: string): Result<ExpandedGrid> => err({ code: 'invalid_backtest', message });

/** Checks the grid and groups its points; each failure names the field. */
export function expandGrid(grid: SweepGrid, stop: number | null = null): Result<ExpandedGrid> {
  for (const key of ['entry', 'exit', 'window', 'method'] as const) {
    if (grid[key].length === 0) return bad(`grid.${key} needs at least one value`);
    if (new Set<unknown>(grid[key]).size !== grid[key].length) return bad(`grid.${key} has a repeated value`);
  }
  for (const e of grid.entry) if (!(Number.isFinite(e) && e > 0)) return bad(`grid.entry values must be numbers > 0 (got ${e})`);
  for (const e of grid.exit) if (!(Number.isFinite(e) && e >= 0)) return bad(`grid.exit values must be numbers ≥ 0 (got ${e})`);
  for (const w of grid.window) {
    if (!Number.isInteger(w) || w < MIN_PAIR_WINDOW || w > MAX_PAIR_WINDOW) return bad(`grid.window values must be integers from ${MIN_PAIR_WINDOW} to ${MAX_PAIR_WINDOW} (got ${w})`);
  }
  for (const m of grid.method) if (!(HEDGE_METHODS as readonly string[]).includes(m)) return bad(`grid.method '${m}' is not one of ${HEDGE_METHODS.join(', ')}`);
  if (stop !== null) for (const e of grid.entry) if (!(stop > e)) return bad(`stop must be > every grid.entry (got stop ${stop}, entry ${e})`);
  const rules: { entry: number; exit: number }[] = [];
  let skipped = 0;
  for (const entry of grid.entry) {
    for (const exit of grid.exit) {
      if (exit < entry) rules.push({ entry, exit });
      else skipped++;
    }
  }
  if (rules.length === 0) return bad('grid has no point with exit < entry');
  const points = rules.length * grid.window.length * grid.method.length;
  if (points > MAX_SWEEP_POINTS) return bad(`grid has ${points} points; at most ${MAX_SWEEP_POINTS}`);
  const groups: SweepGroup[] = [];
  for (const method of grid.method) for (const window of grid.window) groups.push({ method, window, rules });
  return ok({ groups, points, skipped: skipped * grid.window.length * grid.method.length });
}
