/**
 * Theil-Sen slope with Sen's confidence interval: the `theilsen` op of COMPUTE.md.
 * @module
 */

import { normalPpf } from './normal-distribution.js';
import { degenerate, invalid, requireLength, requireSameLength, type Series } from './preconditions.js';
import { selectSlopes } from './slope-selection.js';

export interface TheilSenResult {
  readonly slope: number;
  readonly intercept: number;
  readonly low_slope: number;
  readonly high_slope: number;
}

/** Round half to even, as `numpy.round`. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Tie statistics of a sorted array: Σ k(k−1)(2k+5) and Σ k(k−1)/2 over groups of k equal values. */
function ties(sorted: Float64Array): { term: number; pairs: number } {
  let term = 0;
  let pairs = 0;
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    if (i === sorted.length || sorted[i] !== sorted[start]) {
      const k = i - start;
      term += k * (k - 1) * (2 * k + 5);
      pairs += (k * (k - 1)) / 2;
      start = i;
    }
  }
  return { term, pairs };
}

/** Median of a sorted array (mean of the middle two for an even length). */
const sortedMedian = (a: Float64Array): number => (a.length % 2 === 1 ? a[a.length >> 1]! : (a[(a.length >> 1) - 1]! + a[a.length >> 1]!) / 2);

/**
 * Theil-Sen estimator, equal to `scipy.stats.theilslopes(y, x, alpha, method='separate')`:
 *
 * - slopes (yᵢ−yⱼ)/(xᵢ−xⱼ) over all pairs with xᵢ > xⱼ, N of them; slope = their median;
 * - intercept = median(y) − slope·median(x) ("separate");
 * - CI: z = Φ⁻¹(a/2) with a = min(alpha, 1−alpha); σ² = [n(n−1)(2n+5) − Σ_x k(k−1)(2k+5)
 *   − Σ_y k(k−1)(2k+5)]/18 over tie groups; Ru = min(round((N − zσ)/2), N−1),
 *   Rl = max(round((N + zσ)/2) − 1, 0) (round half to even); low/high = sorted slopes[Rl], [Ru].
 *
 * The order statistics come from `selectSlopes` (expected O(n log n), no n² array).
 * References: Theil (1950); Sen (1968), "Estimates of the regression coefficient based on
 * Kendall's tau", JASA 63; scipy `stats._stats_mstats_common.theilslopes`.
 *
 * @throws TandemError `insufficient_data` when n < 2, `degenerate_input` when all x are equal.
 * @example theilSen([0, 1, 2, 3, 4], [0, 1, 2, 3, 40]).slope // 1
 */
export function theilSen(x: Series, y: Series, alpha = 0.95): TheilSenResult {
  requireSameLength('theilsen', x, y);
  const n = x.length;
  requireLength('theilsen', n, 2);
  if (!(alpha > 0 && alpha < 1)) invalid('theilsen', `alpha must be in (0, 1) (got ${alpha})`);
  const a = alpha > 0.5 ? 1 - alpha : alpha;
  const z = normalPpf(a / 2);
  const xs = Float64Array.from(x).sort();
  const ys = Float64Array.from(y).sort();
  const tx = ties(xs);
  const sigma = Math.sqrt((n * (n - 1) * (2 * n + 5) - tx.term - ties(ys).term) / 18);
  // N is known before the selection: all pairs less those with equal x.
  const N = (n * (n - 1)) / 2 - tx.pairs;
  if (N === 0) degenerate('theilsen', 'all x values are equal, so no slope is defined');
  const ru = Math.min(roundHalfEven((N - z * sigma) / 2), N - 1);
  const rl = Math.max(roundHalfEven((N + z * sigma) / 2) - 1, 0);
  const mid = N >> 1;
  const ranks = N % 2 === 1 ? [mid, rl, ru] : [mid - 1, mid, rl, ru];
  const { values } = selectSlopes(x, y, ranks);
  const slope = N % 2 === 1 ? values[0]! : (values[0]! + values[1]!) / 2;
  const [low, high] = values.slice(-2) as [number, number];
  return { slope, intercept: sortedMedian(ys) - slope * sortedMedian(xs), low_slope: low, high_slope: high };
}
