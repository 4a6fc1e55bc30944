import { describe, expect, it } from 'vitest';
import { adf } from '../analytics/adf.js';
import { coint } from '../analytics/coint.js';
import { uniforms } from '../analytics/test-series.js';
import { classifyHealth, type HealthWindow } from './pair-health.js';
import { computePairTests, testBarsNeeded } from './pair-tests.js';
import { PairTestsThread } from './pair-tests-thread.js';

/** x a random walk; y = 2 + 1.5x + AR(1) noise with coefficient `phi` (1 = no cointegration). */
function pair(n: number, phi: number, seed = 3): { start: Float64Array; y: Float64Array; x: Float64Array; spread: Float64Array } {
  const u = uniforms(2 * n, seed);
  const start = new Float64Array(n);
  const y = new Float64Array(n);
  const x = new Float64Array(n);
  const spread = new Float64Array(n);
  let px = 100;
  let e = 0;
  for (let i = 0; i < n; i++) {
    px += u[2 * i]! - 0.5;
    e = phi * e + (u[2 * i + 1]! - 0.5);
    start[i] = i * 60_000;
    x[i] = px;
    y[i] = 2 + 1.5 * px + e;
    spread[i] = e;
  }
  return { start, y, x, spread };
}

const win = (pvalue: number | null, beta: number | null, halflife: number | null): HealthWindow => ({ end: 0, bars: 500, pvalue, beta, halflife });

describe('classifyHealth', () => {
  it('is cointegrated with a low p-value, a steady beta and half-life', () => {
    const h = classifyHealth([win(0.001, 1.5, 10), win(0.002, 1.52, 11), win(0.01, 1.48, 9)]);
    expect(h?.state).toBe('cointegrated');
    expect(h?.reason).toMatch(/EG p-value .* < 0.05; hedge ratio within 1\.4% across 3 windows; half-life 10\.0 bars/);
  });

  it('is weakening when the p-value is between 0.05 and 0.2', () => {
    expect(classifyHealth([win(0.08, 1.5, 10), win(0.01, 1.5, 10)])).toMatchObject({ state: 'weakening', reason: expect.stringMatching(/EG p-value 0\.080 is between 0\.05 and 0\.2/) });
  });

  it('is weakening when the hedge ratio drifts more than 10% across the windows', () => {
    expect(classifyHealth([win(0.01, 1.8, 10), win(0.01, 1.5, 10)])).toMatchObject({ state: 'weakening', betaDrift: expect.closeTo(0.2, 12), reason: expect.stringMatching(/hedge ratio moved 20\.0%/) });
  });

  it('is weakening when the half-life more than doubles', () => {
    expect(classifyHealth([win(0.01, 1.5, 30), win(0.01, 1.5, 10), win(0.01, 1.5, 12)])?.reason).toMatch(/half-life rose to 30\.0 bars from a median of 11\.0/);
  });

  it('is broken with a p-value of 0.2 or more, an undefined test, or no mean reversion', () => {
    expect(classifyHealth([win(0.2, 1.5, 10)])).toMatchObject({ state: 'broken', reason: expect.stringMatching(/EG p-value 0\.200 ≥ 0\.2/) });
    expect(classifyHealth([win(null, null, null)])?.state).toBe('broken');
    expect(classifyHealth([win(0.01, 1.5, null)])?.reason).toMatch(/does not mean-revert/);
  });

  it('walks cointegrated → weakening → broken on a scripted break', () => {
    const history = [
      [win(0.001, 1.5, 8), win(0.001, 1.5, 8)],
      [win(0.03, 1.7, 9), win(0.001, 1.5, 8)],
      [win(0.12, 1.9, 20), win(0.03, 1.7, 9)],
      [win(0.5, 2.4, null), win(0.12, 1.9, 20)],
    ];
    expect(history.map((w) => classifyHealth(w)?.state)).toEqual(['cointegrated', 'weakening', 'weakening', 'broken']);
  });
});

describe('computePairTests', () => {
  it('runs adf and coint exactly as the analytics do on the last lookback bars', () => {
    const p = pair(3000, 0.8);
    const t = computePairTests({ ...p, tfMs: 60_000, lookback: 1000, prices: 'raw' });
    const a = adf(p.spread.subarray(2000));
    const c = coint(p.y.subarray(2000), p.x.subarray(2000));
    expect(t.bars).toBe(1000);
    expect(t.adf?.stat).toBe(a.adf_stat);
    expect(t.coint?.pvalue).toBe(c.pvalue);
    expect(t.hedge?.beta).toBeCloseTo(1.5, 1);
    expect(t.halflife?.ms).toBeCloseTo(t.halflife!.bars! * 60_000, 6);
    expect(t.health?.state).toBe('cointegrated');
    expect(t.health?.windows).toHaveLength(5);
    expect(testBarsNeeded(1000)).toBe(1800);
  });

  it('says the pair is broken when the spread is a random walk', () => {
    const t = computePairTests({ ...pair(2000, 1, 8), tfMs: 1000, lookback: 1000, prices: 'raw' });
    expect(t.health?.state).toBe('broken');
  });

  it('explains missing statistics instead of failing', () => {
    const t = computePairTests({ ...pair(10, 0.5), tfMs: 1000, lookback: 1000, prices: 'raw' });
    expect(t.adf).toBeNull();
    expect(t.notes.join()).toMatch(/need at least 20 aligned bars, have 10/);
  });
});

describe('PairTestsThread', () => {
  it('computes the same tests on a worker thread', async () => {
    const thread = new PairTestsThread();
    try {
      const p = pair(1500, 0.8);
      const local = computePairTests({ ...p, tfMs: 1000, lookback: 1000, prices: 'raw' });
      const remote = await thread.run({ ...pair(1500, 0.8), tfMs: 1000, lookback: 1000, prices: 'raw' });
      expect(remote.tests).toEqual(local);
      expect(remote.ms).toBeGreaterThan(0);
    } finally {
      await thread.close();
    }
  });
});
