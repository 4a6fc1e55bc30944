/**
 * `PairBarColumns`: the prices a pair backtest trades at, one row per aligned point of
 * `alignBars` (the live engine's alignment): each leg's close, and its open for fills at the
 * next bar's open. A side forward-filled at a point had no bar there; its open and close are
 * both its last close, the only price it could have been traded at.
 * `PairSignalColumns` adds what the strategy reads: the hedge ratio and the spread's z-score
 * of each bar, both known at that bar's close.
 * @module
 */

import { assert } from '../core/assert.js';
import type { AlignedPoint } from '../bars/pair-alignment.js';
import type { PairFunding } from './funding-columns.js';
import type { PriceScale } from '../model/pair-spec.js';

export interface PairBarColumns {
  /** Bucket start, epoch ms. */
  readonly start: Float64Array;
  readonly openY: Float64Array;
  readonly openX: Float64Array;
  readonly closeY: Float64Array;
  readonly closeX: Float64Array;
  /** The legs' funding settlements over the bars' span; absent when funding is not simulated. */
  readonly funding?: PairFunding;
}

export interface PairSignalColumns extends PairBarColumns {
  /** Hedge ratio known at each bar's close (NaN while warming up). */
  readonly beta: Float64Array;
  /** Rolling z-score of the spread at each bar's close (NaN while warming up). */
  readonly z: Float64Array;
  /**
   * The scale `beta` was estimated on: `raw`, units of x per unit of y; `log`, an elasticity,
   * which `beta` sizing turns into units at the signal bar's closes (`hedgeUnits`).
   */
  readonly prices: PriceScale;
}

/** Units of x per unit of y hedged at bar t: β on raw prices; β·P_y/P_x (an equal-elasticity, i.e. value-weighted, hedge) on log prices. */
export function hedgeUnits(c: PairSignalColumns, t: number): number {
  const b = c.beta[t]!;
  return c.prices === 'log' ? (b * c.closeY[t]!) / c.closeX[t]! : b;
}

/** The part of a bar read here. */
export interface OpenCloseBar {
  readonly start: number;
  readonly open: number;
  readonly close: number;
}

/** Opens the aligned points' own bars, or the filled close where a side had no bar. */
function opensOf(points: readonly AlignedPoint[], bars: readonly OpenCloseBar[], side: 'y' | 'x'): Float64Array {
  const out = new Float64Array(points.length);
  let j = 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const filled = side === 'y' ? p.yFilled : p.xFilled;
    if (filled) {
      out[i] = side === 'y' ? p.y : p.x;
      continue;
    }
    while (j < bars.length && bars[j]!.start < p.start) j++;
    const bar = bars[j];
    assert(bar !== undefined && bar.start === p.start, `pairBarColumns: no ${side} bar at ${p.start} for an unfilled point`);
    out[i] = bar.open;
  }
  return out;
}

/** Columns of `points` (from `alignBars(yBars, xBars)`), with each side's opens from its bars. */
export function pairBarColumns(points: readonly AlignedPoint[], yBars: readonly OpenCloseBar[], xBars: readonly OpenCloseBar[]): PairBarColumns {
  const n = points.length;
  const start = new Float64Array(n);
  const closeY = new Float64Array(n);
  const closeX = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    start[i] = points[i]!.start;
    closeY[i] = points[i]!.y;
    closeX[i] = points[i]!.x;
  }
  return { start, openY: opensOf(points, yBars, 'y'), openX: opensOf(points, xBars, 'x'), closeY, closeX };
}
