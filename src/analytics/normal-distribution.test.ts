import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, normalPpf } from './normal-distribution.js';

/** Reference values from CPython's math.erfc and scipy.stats.norm (both correctly rounded or within 1 ulp). */
const ERFC: [number, number][] = [
  [0.1, 0.8875370839817152],
  [0.46875, 0.507386526782062],
  [0.5, 0.4795001221869535],
  [1, 0.15729920705028513],
  [2, 0.004677734981047265],
  [3, 2.2090496998585438e-5],
  [4, 1.541725790028002e-8],
  [5, 1.5374597944280351e-12],
  [10, 2.088487583762545e-45],
  [26, 5.663192408856143e-296],
  [-1, 1.842700792949715],
  [-3, 1.9999779095030015],
];

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('erfc', () => {
  it.each(ERFC)('erfc(%f) is within 4e-16 relative of the reference', (x, want) => {
    expect(rel(erfc(x), want)).toBeLessThanOrEqual(4e-16);
  });
  it('is 2 − erfc(−x) and 1 − erf(x)', () => {
    for (const x of [0.2, 0.7, 1.3, 2.9, 4.5]) {
      expect(erfc(-x)).toBeCloseTo(2 - erfc(x), 15);
      expect(erf(x)).toBeCloseTo(1 - erfc(x), 15);
    }
  });
  it('underflows to 0 far in the tail and keeps NaN', () => {
    expect(erfc(30)).toBe(0);
    expect(erfc(Number.NaN)).toBeNaN();
  });
});

describe('normalCdf and normalPpf', () => {
  it.each([
    [-30, 4.906713927147908e-198],
    [-8, 6.22096057427174e-16],
    [-1.96, 0.024997895148220435],
    [0, 0.5],
    [0.5, 0.6914624612740131],
    [3, 0.9986501019683699],
  ])('Φ(%f) matches scipy.stats.norm.cdf', (x, want) => {
    // erfc itself is good to 4e-16, but x/√2 is rounded before it, and in the tail that
    // rounding is amplified by ~x²: 3e-15 at x = −8, 3e-14 at x = −30 (scipy rounds differently).
    expect(rel(normalCdf(x), want)).toBeLessThanOrEqual(Math.max(1e-15, 4e-17 * x * x));
  });
  it.each([
    [1e-10, -6.361340902404056],
    [0.001, -3.090232306167813],
    [0.025, -1.9599639845400545],
    [0.3, -0.5244005127080409],
    [0.9, 1.2815515655446004],
    [0.999, 3.090232306167813],
  ])('Φ⁻¹(%f) matches scipy.stats.norm.ppf', (p, want) => {
    expect(rel(normalPpf(p), want)).toBeLessThanOrEqual(1e-14);
  });
  it('Φ⁻¹(0.5) is 0 and the ends are infinite', () => {
    expect(normalPpf(0.5)).toBe(0);
    expect(normalPpf(0)).toBe(-Infinity);
    expect(normalPpf(1)).toBe(Infinity);
  });
});
