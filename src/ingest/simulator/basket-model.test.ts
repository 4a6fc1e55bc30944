import { describe, expect, it } from 'vitest';
import type { Tick } from '../../model/tick.js';
import { BasketModel, KNOWN_ASSETS } from './basket-model.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'];
const T0 = 1_795_000_000_000;

function run(seed: number, seconds: number, stepMs: number, opts: { regimeShiftEverySeconds?: number } = {}): Tick[] {
  const model = new BasketModel({ symbols: SYMBOLS, seed, startMs: T0, ...opts });
  const out: Tick[] = [];
  for (let t = T0 + stepMs; t <= T0 + seconds * 1000; t += stepMs) out.push(...model.advanceTo(t));
  return out;
}

describe('BasketModel', () => {
  it('emits the same ticks for the same seed, however time is chunked', () => {
    const a = run(7, 30, 50);
    const b = run(7, 30, 1000);
    const c = run(7, 30, 30_000);
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('emits different ticks for different seeds', () => {
    expect(run(8, 5, 100)).not.toEqual(run(7, 5, 100));
  });

  it('arrives at a few hundred trades per second across the basket', () => {
    const ticks = run(1, 60, 1000);
    expect(ticks.length / 60).toBeGreaterThan(270);
    expect(ticks.length / 60).toBeLessThan(330);
    const btc = ticks.filter((t) => t.symbol === 'BTCUSDT').length / ticks.length;
    expect(btc).toBeGreaterThan(0.35);
    expect(btc).toBeLessThan(0.45);
  });

  it('trades near realistic levels, on tick size and lot step, with both aggressor sides', () => {
    const ticks = run(3, 20, 1000);
    for (const symbol of SYMBOLS) {
      const spec = KNOWN_ASSETS[symbol]!;
      const own = ticks.filter((t) => t.symbol === symbol);
      expect(own.length).toBeGreaterThan(0);
      for (const t of own) {
        expect(Math.abs(t.price / spec.price0 - 1)).toBeLessThan(0.05);
        expect(Math.abs(t.price / spec.tickSize - Math.round(t.price / spec.tickSize))).toBeLessThan(1e-6);
        expect(t.qty).toBeGreaterThanOrEqual(spec.lotStep);
      }
      expect(new Set(own.map((t) => t.buyerMaker)).size).toBe(2);
    }
  });

  it('gives every trade of a symbol a unique, increasing id and non-decreasing time', () => {
    const ticks = run(5, 30, 100);
    for (const symbol of SYMBOLS) {
      const own = ticks.filter((t) => t.symbol === symbol);
      for (let i = 1; i < own.length; i++) {
        expect(own[i]!.tradeId).toBeGreaterThan(own[i - 1]!.tradeId);
        expect(own[i]!.ts).toBeGreaterThanOrEqual(own[i - 1]!.ts);
      }
    }
  });

  it('shifts a hedge-ratio loading now and then without a price jump', () => {
    const model = new BasketModel({ symbols: SYMBOLS, seed: 11, startMs: T0, regimeShiftEverySeconds: 5 });
    const before = model.loadings();
    const ticks = model.advanceTo(T0 + 60_000);
    const after = model.loadings();
    expect(after['BTCUSDT']).toBe(before['BTCUSDT']);
    expect(SYMBOLS.some((s) => after[s] !== before[s])).toBe(true);
    const eth = ticks.filter((t) => t.symbol === 'ETHUSDT');
    for (let i = 1; i < eth.length; i++) expect(Math.abs(eth[i]!.price / eth[i - 1]!.price - 1)).toBeLessThan(0.01);
  });
});
