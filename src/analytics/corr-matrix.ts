/**
 * Correlation matrix of several series: the `corr_matrix` op (docs/compute.md).
 * @module
 */

import { invalid, requireLength } from './preconditions.js';

export type CorrBasis = 'log_returns' | 'levels';

export interface CorrMatrixResult {
  readonly names: string[];
  /** matrix[i][j] = Pearson correlation of series i and j; NaN where either is constant. */
  readonly matrix: number[][];
  /** Rows used after dropping those with a missing value. */
  readonly nobs: number;
}

/**
 * Pearson correlation matrix, as pandas `DataFrame.corr()` on either the levels or the log
 * returns ln pₜ − ln p_{t−1} (= `np.log(df).diff()`); rows with a missing value (NaN) in any
 * series — and so the first row of returns — are dropped first (`dropna()`). Each pair uses
 * pandas' one-pass Welford co-moments (`nancorr`), so results match to the last digits.
 *
 * @throws TandemError `invalid_input` for unequal lengths or a non-positive level with log
 *   returns, `insufficient_data` when fewer than 2 complete rows remain.
 */
export function corrMatrix(series: ReadonlyMap<string, ArrayLike<number>>, basis: CorrBasis = 'log_returns'): CorrMatrixResult {
  const names = [...series.keys()];
  const cols = names.map((k) => series.get(k)!);
  if (cols.length === 0) invalid('corr_matrix', 'needs at least one series');
  const n = cols[0]!.length;
  cols.forEach((c, j) => {
    if (c.length !== n) invalid('corr_matrix', `series '${names[j]}' has length ${c.length}, expected ${n}`);
  });
  let data = cols.map((c) => Float64Array.from(c));
  if (basis === 'log_returns') {
    data = data.map((c, j) => {
      const r = new Float64Array(n).fill(Number.NaN);
      for (let i = 0; i < n; i++) {
        if (c[i]! <= 0) invalid('corr_matrix', `series '${names[j]}'[${i}] is ${c[i]}; log returns need prices > 0`);
      }
      for (let i = 1; i < n; i++) r[i] = Math.log(c[i]!) - Math.log(c[i - 1]!);
      return r;
    });
  }
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (data.every((c) => !Number.isNaN(c[i]!))) keep.push(i);
  requireLength('corr_matrix', keep.length, 2, 'complete rows');
  const k = data.length;
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(Number.NaN));
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      const x = data[a]!;
      const y = data[b]!;
      let nobs = 0;
      let mx = 0;
      let my = 0;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      for (const i of keep) {
        const vx = x[i]!;
        const vy = y[i]!;
        nobs++;
        const dx = vx - mx;
        const dy = vy - my;
        mx += dx / nobs;
        my += dy / nobs;
        sxx += (vx - mx) * dx;
        syy += (vy - my) * dy;
        sxy += (vx - mx) * dy;
      }
      const div = Math.sqrt(sxx * syy);
      const r = div !== 0 ? sxy / div : Number.NaN;
      matrix[a]![b] = r;
      matrix[b]![a] = r;
    }
  }
  return { names, matrix, nobs: keep.length };
}
