import { describe, expect, it } from 'vitest';
import { adf, adfFactor } from './adf.js';
import { prefixCoefficient, prefixSsr } from './nested-least-squares.js';
import { randomWalk } from './test-series.js';

describe('adf', () => {
  it('reads every lag from one factor: cross-products + Cholesky equals Householder QR', () => {
    const s = randomWalk(3000, 21, 1e4);
    for (const kTrend of [0, 1, 2]) {
      const lags = 20;
      const qr = adfFactor(s, lags, kTrend, 'qr')!;
      const cp = adfFactor(s, lags, kTrend, 'cross-products')!;
      for (let k = kTrend + 1; k <= kTrend + 1 + lags; k++) {
        expect(prefixSsr(cp, k) / prefixSsr(qr, k) - 1).toBeLessThan(1e-10);
        const a = prefixCoefficient(qr, k, kTrend);
        const b = prefixCoefficient(cp, k, kTrend);
        expect(Math.abs(b.beta / b.se / (a.beta / a.se) - 1)).toBeLessThan(1e-9);
      }
    }
  });
  it('without autolag fits maxlag lags and reports no icbest', () => {
    const r = adf(randomWalk(200, 3), { autolag: null, maxlag: 4 });
    expect(r.used_lag).toBe(4);
    expect(r.nobs).toBe(195);
    expect(r.icbest).toBeNull();
  });
  it('rejects a constant series and a maxlag beyond ⌊n/2⌋ − k_trend − 1', () => {
    expect(() => adf([2, 2, 2, 2])).toThrow(expect.objectContaining({ code: 'degenerate_input' }) as Error);
    expect(() => adf(randomWalk(20, 1), { maxlag: 9 })).toThrow(expect.objectContaining({ code: 'insufficient_data' }) as Error);
  });
});
