import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectSlopes } from './slope-selection.js';
import { theilSen } from './theil-sen.js';
import { uniforms } from './test-series.js';

/** Every slope with xᵢ > xⱼ, sorted: the brute-force reference. */
function allSlopesSorted(x: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) for (let j = 0; j < x.length; j++) if (x[i]! > x[j]!) out.push((y[i]! - y[j]!) / (x[i]! - x[j]!));
  return Float64Array.from(out).sort();
}

describe('selectSlopes (randomized interval shrinking)', () => {
  // n = 1000 gives 499,500 pairs, above the brute-force cut-off, so the selection path runs.
  it.each([
    ['continuous data', 1],
    ['integer data with many tied slopes and tied x', 2],
  ])('returns exactly the sorted slopes at every asked rank (%s)', (_, kind) => {
    const n = 1000;
    const u = uniforms(2 * n, 5);
    const x = Float64Array.from({ length: n }, (_, i) => (kind === 1 ? u[i]! * 100 : Math.floor(u[i]! * 300)));
    const y = Float64Array.from({ length: n }, (_, i) => (kind === 1 ? 0.3 * x[i]! + u[n + i]! : Math.floor(0.3 * x[i]! + 20 * u[n + i]!)));
    const sorted = allSlopesSorted(x, y);
    const N = sorted.length;
    const ranks = [0, 1, Math.floor(N / 4), (N >> 1) - 1, N >> 1, N - 2, N - 1, 12_345];
    const sel = selectSlopes(x, y, ranks);
    expect(sel.count).toBe(N);
    expect(sel.values).toEqual(ranks.map((k) => sorted[k]));
  });
  it('gives NaN for ranks out of range', () => {
    expect(selectSlopes([0, 1, 2], [0, 1, 2], [3, -1]).values).toEqual([Number.NaN, Number.NaN]);
  });
});

describe('theilSen', () => {
  it('takes the "separate" intercept median(y) − slope·median(x)', () => {
    // scipy.stats.theilslopes gives slope 1, low −2, high 3.5; intercept 0 with 'separate'
    // (median(y) − slope·median(x) = 2.5 − 2.5) but −1 with 'joint' (median(y − slope·x)).
    const r = theilSen([0, 1, 2, 3, 4, 5], [5, 0, 1, 2, 3, 9]);
    expect(r).toEqual({ slope: 1, intercept: 0, low_slope: -2, high_slope: 3.5 });
  });
  it('ignores up to 29% outliers on an exact line', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 120 }),
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: 1, max: 10_000 }),
        (n, a, b, seed) => {
          const outliers = Math.floor(0.29 * n);
          const inliers = n - outliers;
          // The median of the N slopes is b once more than half the pairs are inlier pairs.
          fc.pre(inliers * (inliers - 1) > (n * (n - 1)) / 2);
          const u = uniforms(2 * n, seed);
          const x = Array.from({ length: n }, (_, i) => i * 3 + 1);
          const y = x.map((v) => a + b * v);
          for (let k = 0; k < outliers; k++) {
            const i = Math.floor(u[k]! * n);
            y[i] = y[i]! + (u[n + k]! - 0.5) * 1e6;
          }
          return theilSen(x, y).slope === b;
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });
});
