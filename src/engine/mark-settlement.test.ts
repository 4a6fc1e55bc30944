import { describe, expect, it } from 'vitest';
import type { MarkPrice } from '../model/mark-price.js';
import { settledFunding } from './mark-settlement.js';

const H8 = 8 * 3_600_000;
const T = 1_800_014_400_000 - (1_800_014_400_000 % H8);
const mark = (ts: number, next: number | null, rate: number | null, p = 100): MarkPrice => ({ symbol: 'BTCUSDT', ts, markPrice: p, indexPrice: p, estimatedSettlePrice: p, fundingRate: rate, nextFundingTime: next });

describe('settledFunding', () => {
  it('settles the announced rate at the funding time once the next one has moved on', () => {
    expect(settledFunding(mark(T - 1000, T, 0.0002, 101), mark(T + 1000, T + H8, 0.00005))).toEqual({ symbol: 'BTCUSDT', ts: T, rate: 0.0002, markPrice: 101 });
  });

  it('settles nothing within an interval, on the first update, or for a delivery contract', () => {
    expect(settledFunding(mark(T - 2000, T, 0.0002), mark(T - 1000, T, 0.0003))).toBeNull();
    expect(settledFunding(undefined, mark(T + 1000, T + H8, 0.0001))).toBeNull();
    expect(settledFunding(mark(T - 1000, null, null), mark(T + 1000, null, null))).toBeNull();
  });

  it('waits for an update at or after the funding time (an early announcement of the next time settles nothing yet)', () => {
    expect(settledFunding(mark(T - 2000, T, 0.0002), mark(T - 1000, T + H8, 0.0001))).toBeNull();
  });
});
