import { describe, expect, it } from 'vitest';
import { SCREENER_DEFAULTS, type ScreenerRanking } from '../model/screener-ranking.js';
import { ScreenerSchedule } from './screener-schedule.js';

const ranking = (symbols: string[]): ScreenerRanking => ({ asOf: 60_000, tf: '1m', lookback: 1440, prices: 'log', symbols, pairsTested: 0, items: [] });

describe('ScreenerSchedule', () => {
  it('publishes a ranking of 2 or more symbols, keeps it for the same parameters while fresh', async () => {
    let now = 0;
    let symbols = ['AUSDT'];
    const s = new ScreenerSchedule(() => Promise.resolve(ranking(symbols)), SCREENER_DEFAULTS, { everyS: 60, now: () => now });
    const seen: ScreenerRanking[] = [];
    s.onRanking((r) => seen.push(r));
    expect(await s.runOnce()).toBeNull();
    expect(seen).toHaveLength(0);
    symbols = ['AUSDT', 'BUSDT'];
    await s.runOnce();
    expect(seen).toHaveLength(1);
    expect(s.cached(SCREENER_DEFAULTS)).toBe(seen[0]);
    expect(s.cached({ ...SCREENER_DEFAULTS, lookback: 600 })).toBeNull();
    now = 121_000;
    expect(s.cached(SCREENER_DEFAULTS)).toBeNull();
    await s.stop();
  });

  it('serves no cache when disabled, and survives a failed run', async () => {
    const off = new ScreenerSchedule(() => Promise.resolve(ranking(['AUSDT', 'BUSDT'])), SCREENER_DEFAULTS, { everyS: 0 });
    await off.runOnce();
    expect(off.cached(SCREENER_DEFAULTS)).toBeNull();
    const failing = new ScreenerSchedule(() => Promise.reject(new Error('store away')), SCREENER_DEFAULTS, { everyS: 60 });
    expect(await failing.runOnce()).toBeNull();
  });

  it('runs on its timer', async () => {
    let runs = 0;
    const s = new ScreenerSchedule(() => {
      runs++;
      return Promise.resolve(ranking(['AUSDT', 'BUSDT']));
    }, SCREENER_DEFAULTS, { everyS: 1, firstDelayMs: 1 });
    s.start();
    const t0 = Date.now();
    while (runs < 1 && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 5));
    await s.stop();
    expect(runs).toBeGreaterThanOrEqual(1);
  });
});
