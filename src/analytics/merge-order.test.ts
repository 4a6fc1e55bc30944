import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countInversions, stableArgsort } from './merge-order.js';

describe('countInversions', () => {
  it('counts the pairs a < b with keys[b] < keys[a] strictly (brute force reference)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 200 }), (xs) => {
        let want = 0;
        for (let a = 0; a < xs.length; a++) for (let b = a + 1; b < xs.length; b++) if (xs[b]! < xs[a]!) want++;
        const k = Float64Array.from(xs);
        return countInversions(k, new Float64Array(k.length), new Float64Array(k.length)) === want;
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});

describe('stableArgsort', () => {
  it('sorts ascending and keeps equal keys in index order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 150 }), (xs) => {
        const idx = [...stableArgsort(Float64Array.from(xs))];
        const want = xs.map((v, i) => [v, i] as const).sort((p, q) => p[0] - q[0] || p[1] - q[1]).map((p) => p[1]);
        return JSON.stringify(idx) === JSON.stringify(want);
      }),
      { numRuns: 300, seed: 6 },
    );
  });
  it('handles the empty input', () => {
    expect(stableArgsort(new Float64Array(0)).length).toBe(0);
  });
});
