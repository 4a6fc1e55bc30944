import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TandemError } from '../core/tandem-error.js';
import { ols } from './ols.js';

describe('ols', () => {
  it('recovers an exact line: slope, intercept, r2 = 1, zero residuals', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.uniqueArray(fc.integer({ min: -10_000, max: 10_000 }), { minLength: 3, maxLength: 60 }),
        (a, b, xi) => {
          const x = xi.map((v) => v / 10);
          const y = x.map((v) => a + b * v);
          const f = ols(x, y);
          const scale = Math.abs(a) + Math.abs(b) * 1000 + 1;
          return Math.abs(f.slope - b) <= 1e-9 * (Math.abs(b) + 1) && Math.abs(f.intercept - a) <= 1e-9 * scale && f.resid_std <= 1e-9 * scale;
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });
  it('keeps its digits when |x̄| ≫ std(x)', () => {
    const x = [1e9, 1e9 + 1, 1e9 + 2, 1e9 + 3];
    const f = ols(x, [1, 3, 5, 7.5]);
    expect(f.slope).toBeCloseTo(2.15, 12);
  });
  it('rejects n < 3 and constant x with the contract codes', () => {
    expect(() => ols([1, 2], [1, 2])).toThrow(expect.objectContaining({ code: 'insufficient_data' }) as TandemError);
    expect(() => ols([1, 1, 1], [1, 2, 3])).toThrow(expect.objectContaining({ code: 'degenerate_input' }) as TandemError);
  });
});
