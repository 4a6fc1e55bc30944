import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import type { Tick } from '../../model/tick.js';
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
});
