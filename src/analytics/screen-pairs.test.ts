import { describe, expect, it } from 'vitest';
import { readGolden } from '../../test/helpers/golden.js';
import { mergeShards, pairCount, prepareUniverse, screenPairs, screenShard, type ScreenOptions, type ScreenedPair } from './screen-pairs.js';
import { sparkline } from './screen-item.js';

interface GoldenItem {
  y: string;
  x: string;
  beta: number;
  alpha: number;
  pvalue: number;
  halfLife: number | null;
  corr: number;
  hurst: number | null;
  z: number | null;
  betaStability: number | null;
  score: number;
  spread: number[];
}
interface Golden {
  symbols: string[];
  closes: number[][];
  quoteVolume: number[];
  planted: string;
  rankings: Record<'log' | 'raw', GoldenItem[]>;
}

// Made by test/golden/screener/make_screener.py with statsmodels 0.13 `coint`, OLS, pandas corr.
const g = readGolden<Golden>('screener/screener.json');
const universe = { symbols: g.symbols, closes: g.closes.map((c) => Float64Array.from(c)), quoteVolume: g.quoteVolume };
const options = (o: Partial<ScreenOptions> = {}): ScreenOptions => ({ prices: 'log', minCorr: 0, minQuoteVolume: 0, limit: 50, sparklinePoints: 60, ...o });

/** |a − b| ≤ 1e-9·|b| + atol (a hair for values at 0). */
function near(a: number | null, b: number | null, what: string, atol = 1e-13): void {
  if (b === null) {
    expect(a, what).toBeNull();
    return;
  }
  expect(a, what).not.toBeNull();
  expect(Math.abs(a! - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-9 * Math.abs(b) + atol);
}

function expectItem(got: ScreenedPair, want: GoldenItem): void {
  const at = `${want.y}/${want.x}`;
  expect(`${got.y}/${got.x}`).toBe(at);
  for (const k of ['beta', 'alpha', 'pvalue', 'halfLife', 'corr', 'hurst', 'z', 'betaStability', 'score'] as const) near(got[k], want[k], `${at} ${k}`);
  expect(got.spread).toHaveLength(want.spread.length);
  // The spread is a small difference of prices near 4 (log) or 100 (raw): its digits are absolute.
  got.spread.forEach((v, i) => near(v, want.spread[i]!, `${at} spread[${i}]`, 1e-11));
}

describe('screenPairs', () => {
  for (const prices of ['log', 'raw'] as const) {
    it(`ranks every pair as statsmodels coint does, each figure to 1e-9 (${prices} prices)`, () => {
      const r = screenPairs(universe, options({ prices }));
      expect(r.pairsTested).toBe(15);
      const want = g.rankings[prices];
      expect(r.items).toHaveLength(want.length);
      r.items.forEach((item, i) => expectItem(item, want[i]!));
    });
  }

  it('puts the planted pair on top, in the orientation with the lower p-value', () => {
    const top = screenPairs(universe, options()).items[0]!;
    expect(`${top.y}/${top.x}`).toBe(g.planted);
    expect(top.pvalue).toBeLessThan(1e-5);
  });

  it('gives the same ranking split over shards as in one piece', () => {
    const o = options({ limit: 5 });
    const p = prepareUniverse(universe, o);
    const total = pairCount(p);
    const merged = mergeShards([screenShard(universe, p, o, 0, 4), screenShard(universe, p, o, 4, 11), screenShard(universe, p, o, 11, total)], 5);
    expect(merged).toEqual(screenPairs(universe, o));
  });

  it('tests only pairs whose correlation reaches minCorr, and only liquid symbols', () => {
    expect(screenPairs(universe, options({ minCorr: 1 })).pairsTested).toBe(0);
    // Quote volumes are 1e5·(1..6): at 3.5e5 only the last three symbols are eligible.
    const r = screenPairs(universe, options({ minQuoteVolume: 3.5e5 }));
    expect(r.pairsTested).toBe(3);
    for (const i of r.items) expect(['AAAUSDT', 'BBBUSDT', 'CCCUSDT']).not.toContain(i.y);
  });

  it('keeps at most limit items', () => {
    expect(screenPairs(universe, options({ limit: 3 })).items.map((i) => `${i.y}/${i.x}`)).toEqual(g.rankings.log.slice(0, 3).map((i) => `${i.y}/${i.x}`));
  });
});

describe('sparkline', () => {
  it('keeps short series whole and ends long ones on the newest value', () => {
    expect(sparkline([1, 2, 3], 60)).toEqual([1, 2, 3]);
    const s = Array.from({ length: 1440 }, (_, i) => i);
    const out = sparkline(s, 60);
    expect(out).toHaveLength(60);
    expect(out[59]).toBe(1439);
    expect(out[0]).toBe(24);
  });
});
