import { describe, expect, it } from 'vitest';
import { RollingCorr, rollingCorr } from './rolling-corr.js';
import { RollingOls, rollingOls } from './rolling-ols.js';
import { maxRelDiff, randomWalk, uniforms } from './test-series.js';

/** Pearson r of two plain arrays, two-pass. */
function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

const pair = (n: number, seed: number, level = 100): { x: Float64Array; y: Float64Array } => {
  const x = randomWalk(n, seed, level);
  const e = uniforms(n, seed + 100);
  return { x, y: x.map((v, i) => 2 + 1.5 * v + (e[i]! - 0.5)) };
};

describe('rollingCorr', () => {
  it('is the two-pass Pearson r of each window, NaN before it fills', () => {
    const { x, y } = pair(300, 1);
    const r = rollingCorr(x, y, 25);
    expect(r[23]).toBeNaN();
    for (const i of [24, 100, 299]) {
      expect(r[i]).toBeCloseTo(pearson([...x.slice(i - 24, i + 1)], [...y.slice(i - 24, i + 1)]), 12);
    }
  });
  it('is NaN where either window is constant', () => {
    const r = rollingCorr([1, 2, 3, 3, 3, 4], [5, 1, 2, 6, 7, 8], 3);
    expect(r[4]).toBeNaN();
    expect(r[5]).not.toBeNaN();
  });
  it('keeps its digits across a jump in level that collapses the variance', () => {
    const x = [0, 1000, 1000.5, 1000.25, 1000.75, 1000.1];
    const y = [3, 7, 1, 2, 9, 4];
    const r = rollingCorr(x, y, 3);
    expect(r[4]).toBeCloseTo(pearson(x.slice(2, 5), y.slice(2, 5)), 12);
  });
});

describe('RollingCorr and RollingOls (incremental twins)', () => {
  it('equal their batch functions to 1e-9, with flat stretches and at a level of 1e6', () => {
    for (const [x, y, w] of [
      [...Object.values(pair(4000, 3)), 60],
      [...Object.values(pair(2000, 4, 1e6)), 30],
      [Float64Array.from([...randomWalk(80, 5), ...new Array<number>(30).fill(3), ...randomWalk(80, 6)]), randomWalk(190, 7), 10],
    ] as [Float64Array, Float64Array, number][]) {
      const batchR = rollingCorr(x, y, w);
      const batchO = rollingOls(x, y, w);
      const rc = new RollingCorr(w);
      const ro = new RollingOls(w);
      const r = new Float64Array(x.length);
      const beta = new Float64Array(x.length);
      const alpha = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) {
        r[i] = rc.update(x[i]!, y[i]!);
        const p = ro.update(x[i]!, y[i]!);
        beta[i] = p?.beta ?? Number.NaN;
        alpha[i] = p?.alpha ?? Number.NaN;
      }
      expect(maxRelDiff(r, batchR)).toBeLessThan(1e-9);
      expect(maxRelDiff(beta, batchO.beta)).toBeLessThan(1e-9);
      expect(maxRelDiff(alpha, batchO.alpha)).toBeLessThan(1e-9);
      expect(rc.ready && ro.ready).toBe(true);
      rc.reset();
      ro.reset();
      expect(rc.ready || ro.ready).toBe(false);
      expect(ro.value).toBeNull();
    }
  });
});

describe('rollingOls', () => {
  it('recovers an exact line in every window', () => {
    const x = randomWalk(200, 8);
    const y = x.map((v) => 3 - 0.5 * v);
    const { beta, alpha } = rollingOls(x, y, 20);
    expect(beta[18]).toBeNaN();
    for (let i = 19; i < 200; i++) {
      expect(beta[i]).toBeCloseTo(-0.5, 9);
      expect(alpha[i]).toBeCloseTo(3, 7);
    }
  });
});
