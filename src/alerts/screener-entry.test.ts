import { describe, expect, it } from 'vitest';
import type { ScreenerItem, ScreenerRanking } from '../model/screener-ranking.js';
import { INITIAL_SCREENER_ENTRY_STATE, pairIdOf, stepScreenerEntry, type ScreenerEntryState } from './screener-entry.js';
import { validateAlertRule } from './validate-rule.js';

const item = (y: string, x: string, pvalue: number): ScreenerItem => ({ y, x, pvalue, beta: 1, alpha: 0, halfLife: 10, corr: 0.9, hurst: 0.3, z: 1, betaStability: 0.1, score: 1, spread: [] });
const ranking = (asOf: number, items: ScreenerItem[], tf = '1m'): ScreenerRanking => ({ asOf, tf, lookback: 100, prices: 'log', symbols: [], pairsTested: items.length, items });
const params = { topN: 2, maxPvalue: 0.01, tf: '1m' };

function run(rankings: ScreenerRanking[], cooldownMs = 0): string[][] {
  let state: ScreenerEntryState = INITIAL_SCREENER_ENTRY_STATE;
  return rankings.map((r, k) => {
    const out = stepScreenerEntry(params, state, r, k * 60_000, cooldownMs);
    state = out.state;
    return out.fired.map((f) => `${f.item.y}/${f.item.x}@${f.rank}`);
  });
}

describe('stepScreenerEntry', () => {
  it('only initialises on the first ranking, then fires once when a pair enters the top N below the level', () => {
    const a = item('AUSDT', 'BUSDT', 0.001);
    const c = item('CUSDT', 'DUSDT', 0.002);
    const e = item('EUSDT', 'FUSDT', 0.003);
    expect(run([ranking(0, [a, e]), ranking(1, [a, c, e]), ranking(2, [c, a]), ranking(3, [c, a])])).toEqual([[], ['CUSDT/DUSDT@1'], [], []]);
  });

  it('does not count pairs beyond the top N or with p at or above the level', () => {
    const a = item('AUSDT', 'BUSDT', 0.001);
    const weak = item('CUSDT', 'DUSDT', 0.01);
    const third = item('EUSDT', 'FUSDT', 0.001);
    expect(run([ranking(0, []), ranking(1, [a, weak, third])])).toEqual([[], ['AUSDT/BUSDT@0']]);
  });

  it('fires again after the pair left and came back, unless within the cooldown', () => {
    const a = item('AUSDT', 'BUSDT', 0.001);
    const seq = [ranking(0, []), ranking(1, [a]), ranking(2, []), ranking(3, [a])];
    expect(run(seq)).toEqual([[], ['AUSDT/BUSDT@0'], [], ['AUSDT/BUSDT@0']]);
    expect(run(seq, 10 * 60_000)).toEqual([[], ['AUSDT/BUSDT@0'], [], []]);
  });

  it('takes a flip of which leg is y for the same pair, and ignores rankings of another timeframe', () => {
    expect(pairIdOf({ y: 'BUSDT', x: 'AUSDT' })).toBe(pairIdOf({ y: 'AUSDT', x: 'BUSDT' }));
    expect(run([ranking(0, [item('AUSDT', 'BUSDT', 0.001)]), ranking(1, [item('BUSDT', 'AUSDT', 0.001)])])).toEqual([[], []]);
    expect(run([ranking(0, []), ranking(1, [item('AUSDT', 'BUSDT', 0.001)], '5m')])).toEqual([[], []]);
  });
});

describe('validateAlertRule screener_entry', () => {
  it('fills tf with 1m and names the field at fault', () => {
    const ok = validateAlertRule({ type: 'screener_entry', params: { topN: 10, maxPvalue: 0.01 } });
    expect(ok.ok && ok.value.condition).toEqual({ type: 'screener_entry', params: { topN: 10, maxPvalue: 0.01, tf: '1m' } });
    const r1 = validateAlertRule({ type: 'screener_entry', params: { topN: 0, maxPvalue: 0.01 } });
    expect(!r1.ok && r1.error.message).toMatch(/^params\.topN must be an integer from 1 to 1000/);
    const r2 = validateAlertRule({ type: 'screener_entry', params: { topN: 5, maxPvalue: 2 } });
    expect(!r2.ok && r2.error.message).toMatch(/^params\.maxPvalue/);
    const r3 = validateAlertRule({ type: 'screener_entry', params: { topN: 5 } });
    expect(!r3.ok && r3.error.message).toBe('params.maxPvalue is required');
    const r4 = validateAlertRule({ type: 'screener_entry', params: { topN: 5, maxPvalue: 0.1, symbol: 'BTCUSDT' } });
    expect(!r4.ok && r4.error.message).toMatch(/unknown field 'symbol'/);
  });
});
