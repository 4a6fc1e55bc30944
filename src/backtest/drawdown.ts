/**
 * Drawdown of an equity curve: dd_t = E_t / peak_t − 1 ≤ 0 with peak_t = max(E_0⁻, E_0..E_t),
 * E_0⁻ the starting capital (a loss on the first bar is a drawdown). The maximum drawdown is
 * −min dd_t, a fraction ≥ 0; its duration is the longest run of consecutive bars below the
 * running peak (from the first bar under a peak to the last before it is regained, or to the
 * end of the curve), in bars.
 * @module
 */

export interface Drawdown {
  /** dd_t for every bar, ≤ 0 (empty when not asked for). */
  readonly curve: Float64Array;
  /** −min dd_t (0 when the equity never fell below a peak). */
  readonly max: number;
  /** Longest run of bars below the running peak. */
  readonly longestBars: number;
}

/** The drawdown of `equity`; `withCurve = false` skips the per-bar curve (metrics need only the figures). */
export function drawdown(equity: Float64Array, capital: number, withCurve = true): Drawdown {
  const n = equity.length;
  const curve = new Float64Array(withCurve ? n : 0);
  let peak = capital;
  let min = 0;
  let run = 0;
  let longest = 0;
  for (let t = 0; t < n; t++) {
    const e = equity[t]!;
    if (e >= peak) {
      peak = e;
      run = 0;
      if (withCurve) curve[t] = 0;
      continue;
    }
    const dd = e / peak - 1;
    if (withCurve) curve[t] = dd;
    if (dd < min) min = dd;
    run++;
    if (run > longest) longest = run;
  }
  return { curve, max: -min, longestBars: longest };
}
