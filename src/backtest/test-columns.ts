/**
 * Small hand-made pair series for the backtest's tests: rows of
 * [openY, closeY, openX, closeX, beta, z] on one-minute bars starting at 0.
 * @module
 */

import type { PairSignalColumns } from './pair-bar-columns.js';

export const MINUTE = 60_000;

export function columnsOf(rows: readonly (readonly [number, number, number, number, number, number])[]): PairSignalColumns {
  const n = rows.length;
  const col = (k: number): Float64Array => Float64Array.from(rows, (r) => r[k]!);
  return { start: Float64Array.from({ length: n }, (_, i) => i * MINUTE), openY: col(0), closeY: col(1), openX: col(2), closeX: col(3), beta: col(4), z: col(5), prices: 'raw' };
}
