import { describe, expect, it } from 'vitest';
import { epochMs, price, qty } from '../../core/brand.js';
import type { Tick } from '../../model/tick.js';
import { FUNDING_INTERVAL_MS, simulatedFundingRate } from './simulated-funding.js';
import { nextFundingTime, SimulatedMarks } from './simulated-marks.js';

const tick = (symbol: string, ts: number, p: number): Tick => ({ symbol, ts: epochMs(ts), price: price(p), qty: qty(1), tradeId: ts, buyerMaker: false, source: 'simulator' });

describe('SimulatedMarks', () => {
  const t0 = 1_800_000_000_000 + 123;

  it('makes one update a second per traded symbol, at its last price, with the coming settlement\'s simulated rate', () => {
    const marks = new SimulatedMarks(42, ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    marks.observe([tick('BTCUSDT', t0 - 10, 97_000), tick('ETHUSDT', t0 - 5, 3_400), tick('BTCUSDT', t0 - 1, 97_010)]);
    const first = marks.due(t0);
    expect(first.map((m) => m.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    const next = nextFundingTime(t0);
    expect(first[0]).toMatchObject({ symbol: 'BTCUSDT', ts: t0, markPrice: 97_010, nextFundingTime: next, fundingRate: simulatedFundingRate(42, 'BTCUSDT', next) });
    expect(Math.abs(first[0]!.indexPrice / 97_010 - 1)).toBeLessThanOrEqual(0.0002);
    expect(marks.due(t0 + 500)).toEqual([]);
    expect(marks.due(t0 + 1000)).toHaveLength(2);
  });

  it('settles at the next multiple of 8 h, strictly after now', () => {
    expect(nextFundingTime(0)).toBe(FUNDING_INTERVAL_MS);
    expect(nextFundingTime(FUNDING_INTERVAL_MS - 1)).toBe(FUNDING_INTERVAL_MS);
    expect(nextFundingTime(FUNDING_INTERVAL_MS)).toBe(2 * FUNDING_INTERVAL_MS);
  });
});
