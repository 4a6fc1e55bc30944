import { describe, expect, it } from 'vitest';
import { CumulativeVwap, cumulativeVwap } from './vwap.js';
import { maxRelDiff, randomWalk, uniforms } from './test-series.js';

describe('cumulativeVwap', () => {
  it('is Σpq/Σq of the trades so far', () => {
    expect([...cumulativeVwap([10, 20, 30], [1, 3, 0.5])]).toEqual([10, 17.5, 85 / 4.5]);
  });
  it('equals its incremental twin to 1e-9', () => {
    const p = randomWalk(10_000, 3);
    const q = uniforms(10_000, 4).map((v) => v + 0.01);
    const batch = cumulativeVwap(p, q);
    const v = new CumulativeVwap();
    expect(v.value).toBeNaN();
    const inc = p.map((pi, i) => v.update(pi, q[i]!));
    expect(maxRelDiff(inc, batch)).toBeLessThan(1e-9);
    v.reset();
    expect(v.ready).toBe(false);
  });
});
