import { describe, expect, it } from 'vitest';
import { epochMs } from '../core/brand.js';
import { uniforms } from '../analytics/test-series.js';
import { alignBars, type AlignedPoint } from '../bars/pair-alignment.js';
import { HEDGE_METHODS, parsePairSpec, type PairSpec } from '../model/pair-spec.js';
import type { PairColumns } from './pair-point.js';
import { computePairSeries } from './pair-series.js';
import { PairState } from './pair-state.js';

/** A cointegrated pair with gaps on both sides: x a random walk near 100, y = 3 + 1.7x + AR(1). */
function cointegratedPoints(n: number, seed: number): AlignedPoint[] {
  const u = uniforms(4 * n, seed);
  const yBars: { start: number; close: number }[] = [];
  const xBars: { start: number; close: number }[] = [];
  let x = 100;
  let e = 0;
  for (let i = 0; i < n; i++) {
    x += u[4 * i]! - 0.5;
    e = 0.9 * e + (u[4 * i + 1]! - 0.5);
    if (u[4 * i + 2]! > 0.1) xBars.push({ start: i * 1000, close: x });
    if (u[4 * i + 3]! > 0.1) yBars.push({ start: i * 1000, close: 3 + 1.7 * x + e });
  }
  return alignBars(yBars, xBars);
}

const spec = (method: string, window = 20, prices = 'raw'): PairSpec => {
  const r = parsePairSpec({ y: 'AAA', x: 'BBB', tf: '1s', method, window, prices });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const FIELDS = ['beta', 'alpha', 'spread', 'z', 'corr', 'olsBeta'] as const;

function maxDiff(live: ReturnType<PairState['update']>[], batch: PairColumns, field: (typeof FIELDS)[number]): number {
  let m = 0;
  live.forEach((p, i) => {
    const a = p[field];
    const b = batch[field][i]!;
    if (Number.isNaN(a) && Number.isNaN(b)) return;
    m = Math.max(m, Number.isNaN(a) !== Number.isNaN(b) ? Infinity : Math.abs(a - b) / Math.max(1, Math.abs(b)));
  });
  return m;
}

describe('PairState', () => {
  for (const method of HEDGE_METHODS) {
    it(`on log prices (${method}) is the raw-price analysis of the logged prices, live and batch alike`, () => {
      const points = cointegratedPoints(800, 5);
      const w = method === 'theilsen' ? 30 : 40;
      const s = spec(method, w, 'log');
      const state = new PairState(s);
      const live = points.map((p) => state.update(p));
      const batch = computePairSeries(s, points);
      for (const f of FIELDS) expect(maxDiff(live, batch, f), f).toBeLessThan(1e-9);
      const logged = points.map((p) => ({ ...p, y: Math.log(p.y), x: Math.log(p.x) }));
      const onLogs = computePairSeries(spec(method, w, 'raw'), logged);
      for (const f of ['beta', 'alpha', 'spread', 'z', 'olsBeta'] as const) expect(maxDiff(live, onLogs, f), f).toBeLessThan(1e-12);
      // The points keep their prices, and the hedge ratio is an elasticity, not y = 3 + 1.7x's units.
      expect(live[500]!.y).toBe(points[500]!.y);
      const raw = computePairSeries(spec(method, w, 'raw'), points);
      expect(Math.abs(batch.beta[700]! - raw.beta[700]!)).toBeGreaterThan(0.01);
      // The forming bar's point uses the same scale.
      const next = { ...points[points.length - 1]!, start: epochMs(points[points.length - 1]!.start + 1000) };
      const prov = state.provisional(next);
      expect(Number.isFinite(prov.spread)).toBe(true);
      expect(Math.abs(prov.spread)).toBeLessThan(1);
    });
  }

  for (const method of HEDGE_METHODS) {
    it(`gives the batch computePairSeries values bar by bar (${method}, 1e-9)`, () => {
      const points = cointegratedPoints(1500, 11);
      const s = spec(method, method === 'theilsen' ? 30 : 40);
      const state = new PairState(s);
      const live = points.map((p) => state.update(p));
      const batch = computePairSeries(s, points);
      for (const f of FIELDS) expect(maxDiff(live, batch, f), f).toBeLessThan(1e-9);
      // Warm-up as documented, then defined values.
      const w = s.window;
      const firstZ = method === 'kalman' ? 2 * w - 1 : 2 * w - 2;
      expect(Number.isNaN(live[firstZ - 1]!.z)).toBe(true);
      expect(Number.isFinite(live[firstZ]!.z)).toBe(true);
      expect(Number.isNaN(live[w - 1]!.corr)).toBe(true);
      expect(Number.isFinite(live[w]!.corr)).toBe(true);
    });
  }

  it('estimates the true hedge ratio of a cointegrated pair', () => {
    const points = cointegratedPoints(1500, 5);
    const s = spec('ols', 200);
    const state = new PairState(s);
    const last = points.map((p) => state.update(p)).at(-1)!;
    expect(last.beta).toBeGreaterThan(1.4);
    expect(last.beta).toBeLessThan(2.0);
  });

  it('gives a provisional z over the last window − 1 spreads and the forming one, without moving the state', () => {
    const points = cointegratedPoints(200, 3);
    const s = spec('ols', 20);
    const state = new PairState(s);
    const live = points.slice(0, 150).map((p) => state.update(p));
    const forming = { ...points[150]!, y: points[150]!.y + 5 };
    const prov = state.provisional(forming);
    const last = live.at(-1)!;
    expect(prov.beta).toBe(last.beta);
    expect(prov.spread).toBeCloseTo(forming.y - last.beta * forming.x - last.alpha, 12);
    const window = [...live.slice(-19).map((p) => p.spread), prov.spread];
    const mean = window.reduce((a, b) => a + b, 0) / 20;
    const sd = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / 19);
    expect(prov.z).toBeCloseTo((prov.spread - mean) / sd, 9);
    // The state did not move: the next final bar gives the batch value.
    const next = state.update(points[150]!);
    expect(next.z).toBeCloseTo(computePairSeries(s, points.slice(0, 151)).z[150]!, 9);
  });
});
