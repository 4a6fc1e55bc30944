/**
 * The lag block of an ADF regression's Gram matrix by recurrence, shared by `adf` and the
 * screener's fast Engle-Granger ranking: with Δe lagged 0..lags as columns over rows
 * lags..n−2, S(a+1, b+1) = S(a, b) + Δe_{lags−1−a}·Δe_{lags−1−b} − Δe_{n−2−a}·Δe_{n−2−b}, so
 * only the first row S(0, b) (`sLag0`) is summed in full.
 * @module
 */

/**
 * Writes S(a, b) for 0 ≤ a ≤ b ≤ lags through `set(col(a), col(b), v)`, `d` the differenced
 * series (length n − 1) and `sLag0[b]` = S(0, b).
 */
export function fillLagGram(set: (i: number, j: number, v: number) => void, col: (lag: number) => number, sLag0: Float64Array, d: Float64Array, lags: number, n: number): void {
  for (let b0 = 0; b0 <= lags; b0++) {
    let v = sLag0[b0]!;
    set(col(0), col(b0), v);
    for (let a = 0; a + b0 + 1 <= lags; a++) {
      const b = a + b0;
      v += d[lags - 1 - a]! * d[lags - 1 - b]! - d[n - 2 - a]! * d[n - 2 - b]!;
      set(col(a + 1), col(b + 1), v);
    }
  }
}
