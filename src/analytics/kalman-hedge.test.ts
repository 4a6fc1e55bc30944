import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KalmanHedge, kalmanHedge } from './kalman-hedge.js';
import { ols } from './ols.js';
import { maxRelDiff, randomWalk, uniforms } from './test-series.js';

describe('kalmanHedge', () => {
  it('starts from θ = 0 with no process noise on the first step', () => {
    const k = kalmanHedge([2], [3], { ve: 0.5 });
    expect([k.beta[0], k.alpha[0], k.e[0], k.q[0]]).toEqual([0, 0, 3, 0.5]);
  });
  it('equals its incremental twin to 1e-9', () => {
    const x = randomWalk(5000, 11);
    const e = uniforms(5000, 12);
    const y = x.map((v, i) => 1 + 1.2 * v + e[i]! - 0.5);
    const batch = kalmanHedge(x, y, { delta: 1e-3, ve: 0.01 });
    const f = new KalmanHedge({ delta: 1e-3, ve: 0.01 });
    const cols = { beta: new Float64Array(5000), alpha: new Float64Array(5000), e: new Float64Array(5000), q: new Float64Array(5000) };
    for (let t = 0; t < 5000; t++) {
      const p = f.update(x[t]!, y[t]!);
      cols.beta[t] = p.beta;
      cols.alpha[t] = p.alpha;
      cols.e[t] = p.e;
      cols.q[t] = p.q;
    }
    for (const k of ['beta', 'alpha', 'e', 'q'] as const) expect(maxRelDiff(cols[k], batch[k])).toBeLessThan(1e-9);
    f.reset();
    expect(f.ready).toBe(false);
    expect(f.update(2, 3).e).toBe(3);
  });
  it('with a tiny delta, tracks the OLS line of a stable relationship', () => {
    // Chan's filter starts from θ = 0 with P = 0, so it never equals OLS exactly: the prior
    // pulls toward 0 and the random walk forgets. With a stable line, small noise (variance
    // ~1e-7, ve = 1e-6) and a tiny delta both effects fade and the last state approaches the
    // OLS fit. (With ve ≫ the noise a tiny delta leaves the prior in charge, so ve matters too.)
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), fc.integer({ min: 1, max: 1000 }), (b, a, seed) => {
        const n = 400;
        const u = uniforms(2 * n, seed);
        const x = Float64Array.from({ length: n }, (_, i) => 1 + 4 * u[i]!);
        const y = x.map((v, i) => a + b * v + 1e-3 * (u[n + i]! - 0.5));
        const fit = ols(x, y);
        const k = kalmanHedge(x, y, { delta: 1e-5, ve: 1e-6 });
        return Math.abs(k.beta[n - 1]! - fit.slope) < 2e-3 && Math.abs(k.alpha[n - 1]! - fit.intercept) < 5e-3;
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
