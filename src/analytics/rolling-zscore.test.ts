import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingZScore, rollingZScore } from './rolling-zscore.js';
import { maxRelDiff, randomWalk } from './test-series.js';

describe('rollingZScore', () => {
  it('is NaN until the window is full', () => {
    const { mean, std, z } = rollingZScore([1, 2, 3, 5], 3);
    expect([mean[1], std[1], z[1]]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(mean[2]).toBe(2);
    expect(std[2]).toBe(1);
    expect(z[2]).toBe(1);
  });
  it('has std exactly 0 and z NaN on a window of equal values', () => {
    const s = [1, 2, 4, 4, 4, 4, 5];
    const { mean, std, z } = rollingZScore(s, 3);
    expect([mean[4], std[4], z[4]]).toEqual([4, 0, Number.NaN]);
    expect(std[6]).toBeGreaterThan(0);
  });
  it('is all NaN when the window is longer than the series', () => {
    expect([...rollingZScore([1, 2, 3], 5).z].every(Number.isNaN)).toBe(true);
  });
  it('keeps its digits at a level of 1e9 (exact two-pass reference)', () => {
    const s = randomWalk(500, 3, 1e9);
    const w = 40;
    const { std, z } = rollingZScore(s, w);
    for (const i of [39, 200, 499]) {
      let m = 0;
      for (let j = i - w + 1; j <= i; j++) m += s[j]! - 1e9;
      m /= w;
      let ss = 0;
      for (let j = i - w + 1; j <= i; j++) ss += (s[j]! - 1e9 - m) ** 2;
      const sd = Math.sqrt(ss / (w - 1));
      expect(std[i]! / sd - 1).toBeLessThan(1e-9);
      expect(Math.abs(z[i]! - (s[i]! - 1e9 - m) / sd)).toBeLessThan(1e-8);
    }
  });
});

describe('RollingZScore (incremental twin)', () => {
  it('equals the batch function to 1e-9, through flat stretches and a large level', () => {
    for (const [s, w] of [
      [randomWalk(5000, 7), 50],
      [Float64Array.from([...randomWalk(100, 2), ...new Array<number>(40).fill(7), ...randomWalk(100, 5)]), 20],
      [randomWalk(2000, 9, 1e9), 64],
    ] as const) {
      const batch = rollingZScore(s, w);
      const inc = new RollingZScore(w);
      const mean = new Float64Array(s.length);
      const std = new Float64Array(s.length);
      const z = new Float64Array(s.length);
      s.forEach((v, i) => {
        const p = inc.update(v);
        mean[i] = p?.mean ?? Number.NaN;
        std[i] = p?.std ?? Number.NaN;
        z[i] = p?.z ?? Number.NaN;
        expect(inc.ready).toBe(i >= w - 1);
      });
      expect(maxRelDiff(mean, batch.mean)).toBeLessThan(1e-9);
      expect(maxRelDiff(std, batch.std)).toBeLessThan(1e-9);
      expect(maxRelDiff(z, batch.z)).toBeLessThan(1e-9);
    }
  });
  it('starts over after reset()', () => {
    const r = new RollingZScore(3);
    [1, 2, 3].forEach((v) => r.update(v));
    r.reset();
    expect(r.ready).toBe(false);
    expect(r.update(10)).toBeNull();
    expect(r.value).toBeNull();
  });
});

describe('rolling z-score properties', () => {
  it('is invariant to positive affine maps a·s + b', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: -1_000_000, max: 1_000_000 }).map((v) => v / 1000),
          { minLength: 5, maxLength: 80 },
        ),
        fc.integer({ min: 2, max: 10 }),
        fc.double({ min: 1e-2, max: 1e2, noNaN: true }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        (xs, w, a, b) => {
          const { z: z1, std } = rollingZScore(xs, w);
          const z2 = rollingZScore(
            xs.map((v) => a * v + b),
            w,
          ).z;
          for (let i = 0; i < xs.length; i++) {
            const u = z1[i]!;
            const v = z2[i]!;
            if (Number.isNaN(u) !== Number.isNaN(v)) return false;
            if (Number.isNaN(u)) continue;
            // The map's rounding is relative to the level |b| + a·|s|; z loses digits in
            // proportion to level/spread, so the bound scales with that conditioning.
            const level = Math.abs(b) + a * 1000;
            const cond = level / (a * std[i]!);
            if (Math.abs(u - v) > 1e-13 * cond * Math.max(1, Math.abs(u)) + 1e-12) return false;
          }
          return true;
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});
