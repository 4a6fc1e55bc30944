import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import type { Tick } from '../../model/tick.js';
import type { SourceHistory } from '../market-data-source.js';
import { FUNDING_INTERVAL_MS, simulatedFundingRate } from './simulated-funding.js';
import { SimulatorSource } from './simulator-source.js';

describe('SimulatorSource', () => {
  let source: SimulatorSource | null = null;
  afterEach(async () => source?.stop());

  it('runs at the rate it is given, not the default 300/s', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const got: Tick[] = [];
    source = new SimulatorSource({ symbols: ['BTCUSDT', 'ETHUSDT'], seed: 3, clock, tradesPerSecond: 5000, intervalMs: 5 });
    await source.start((ticks) => got.push(...ticks));
    // Ten simulated seconds, released as the timer polls the manual clock.
    clock.advance(10_000);
    const deadline = Date.now() + 2000;
    while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    // Poisson arrivals: 50,000 expected, standard deviation about 224.
    expect(got.length).toBeGreaterThan(48_000);
    expect(got.length).toBeLessThan(52_000);
    expect(new Set(got.map((t) => `${t.symbol}:${t.tradeId}`)).size).toBe(got.length);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY, 1e9])('refuses the rate %s with a message naming it', (rate) => {
    expect(() => new SimulatorSource({ symbols: ['BTCUSDT'], seed: 1, clock: new ManualClock(0), tradesPerSecond: rate })).toThrow(/simulator rate .* is not a number of trades per second/);
  });

  describe('with --history', () => {
    const NOW = 1_700_000_123_456;
    const TWO_DAYS = 2 * 86_400_000;
    const historyOf = async (seed: number, now = NOW): Promise<SourceHistory & { live: Tick[] }> => {
      const clock = new ManualClock(now);
      const live: Tick[] = [];
      const s = new SimulatorSource({ symbols: ['BTCUSDT', 'ETHUSDT'], seed, clock, historyMs: TWO_DAYS, intervalMs: 5 });
      await s.start((ticks) => live.push(...ticks));
      const h = s.takeHistory()!;
      expect(s.takeHistory()).toBeNull();
      const deadline = Date.now() + 2000;
      while (live.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await s.stop();
      return { ...h, live };
    };

    it('makes the same past for the same seed and start, and another for another seed', async () => {
      const a = await historyOf(7);
      const b = await historyOf(7);
      const c = await historyOf(8);
      expect(a.ticks.length).toBe(b.ticks.length);
      // Every 997th trade and the last, field by field (comparing all 0.7 M objects takes seconds).
      const sample = (ticks: readonly Tick[]): Tick[] => [...ticks.filter((_, i) => i % 997 === 0), ticks[ticks.length - 1]!];
      expect(sample(a.ticks)).toEqual(sample(b.ticks));
      expect(a.live).toEqual(b.live);
      expect(sample(c.ticks)).not.toEqual(sample(a.ticks));
      // Three pasts of 0.7 M trades: ~3 s alone, more on a busy 2-core machine.
    }, 30_000);

    it('covers two whole days of minutes up to the current 5m bucket at the low history rate, and the bucket itself at the full rate from its start', async () => {
      const h = await historyOf(7);
      const bucket = Math.floor(NOW / 300_000) * 300_000;
      expect(h.to).toBe(bucket);
      expect(h.from).toBe(Math.floor((bucket - TWO_DAYS) / 60_000) * 60_000);
      expect(h.ticks.every((t) => t.ts >= h.from && t.ts < h.to)).toBe(true);
      // 4 trades/s for 2 days: 691,200 expected, standard deviation about 830.
      expect(h.ticks.length).toBeGreaterThan(685_000);
      expect(h.ticks.length).toBeLessThan(697_000);
      // The live trades pick up at the bucket start: its forming bars are whole (300/s; Poisson).
      expect(h.live.every((t) => t.ts >= bucket && t.ts < NOW)).toBe(true);
      expect(h.live.length).toBeGreaterThan(0.9 * 300 * ((NOW - bucket) / 1000));
      // One price path: the first live BTC price is within 1 % of the last past one.
      const lastPast = [...h.ticks].reverse().find((t) => t.symbol === 'BTCUSDT')!;
      const firstLive = h.live.find((t) => t.symbol === 'BTCUSDT')!;
      expect(Math.abs(firstLive.price / lastPast.price - 1)).toBeLessThan(0.01);
    }, 15_000);

    it('settles funding every 8 hours of the past, each rate fixed by seed, symbol and time, valued at the last trade before it', async () => {
      const h = await historyOf(7);
      const funding = h.funding!;
      const times: number[] = [];
      for (let t = Math.ceil(h.from / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS; t < h.to; t += FUNDING_INTERVAL_MS) times.push(t);
      // Two days: 6 settlements (00:00, 08:00, 16:00 UTC) a symbol.
      expect(times).toHaveLength(6);
      expect(times.every((t) => new Date(t).getUTCHours() % 8 === 0 && t % 3_600_000 === 0)).toBe(true);
      for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
        const own = funding.filter((f) => f.symbol === symbol);
        expect(own.map((f) => f.ts)).toEqual(times);
        expect(own.map((f) => f.rate)).toEqual(times.map((t) => simulatedFundingRate(7, symbol, t)));
        expect(new Set(own.map((f) => f.rate)).size).toBeGreaterThan(1);
        for (const f of own) {
          const before = h.ticks.filter((t) => t.symbol === symbol && t.ts <= f.ts).at(-1)!;
          expect(f.markPrice).toBe(before.price);
          expect(Math.abs(f.rate)).toBeLessThanOrEqual(0.00035);
        }
      }
      // Another seed, other rates.
      expect(simulatedFundingRate(8, 'BTCUSDT', times[0]!)).not.toBe(simulatedFundingRate(7, 'BTCUSDT', times[0]!));
    }, 15_000);
  });
});
