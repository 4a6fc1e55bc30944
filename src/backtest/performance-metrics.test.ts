import { describe, expect, it } from 'vitest';
import { cagr, sharpeRatio, sortinoRatio, YEAR_MS } from './annualisation.js';
import { drawdown } from './drawdown.js';
import { computeMetrics } from './performance-metrics.js';
import type { TradeRecord } from './trade-record.js';

const trade = (netPnl: number, barsHeld: number): TradeRecord =>
  ({ netPnl, barsHeld, grossPnl: netPnl, fees: 0, slippage: 0 }) as unknown as TradeRecord;

describe('drawdown', () => {
  it('measures the deepest fall from the running peak and the longest stretch under a peak', () => {
    // Peaks 100 → 120; 90/100 − 1 = −0.1; 96/120 − 1 = −0.2; under water on bars 1–2 (2) and 4–6 (3).
    const d = drawdown(Float64Array.from([100, 90, 95, 120, 110, 96, 119]), 100);
    expect(d.max).toBeCloseTo(0.2, 12);
    expect(d.longestBars).toBe(3);
    expect(Array.from(d.curve).map((v) => +v.toFixed(6))).toEqual([0, -0.1, -0.05, 0, -0.083333, -0.2, -0.008333]);
  });

  it('counts a loss on the first bar against the starting capital', () => {
    expect(drawdown(Float64Array.from([99]), 100).max).toBeCloseTo(0.01, 12);
  });
});

describe('annualisation', () => {
  it('scales the per-bar Sharpe by √(bars a year)', () => {
    // r = [0.01, −0.01, 0.02]: mean 0.00666…, sd (ddof 1) 0.0152752…; ·√4 → 0.872871…
    expect(sharpeRatio(Float64Array.from([0.01, -0.01, 0.02]), 4)).toBeCloseTo((0.02 / 3 / Math.sqrt(0.00023333333333333333)) * 2, 12);
  });

  it('uses the root mean square of the negative returns over all bars for Sortino', () => {
    // DD = √(0.01²/3); mean 0.02/3; ·√4.
    expect(sortinoRatio(Float64Array.from([0.01, -0.01, 0.02]), 4)).toBeCloseTo((0.02 / 3 / Math.sqrt(0.0001 / 3)) * 2, 12);
  });

  it('is null without dispersion or without a losing bar', () => {
    expect(sharpeRatio(Float64Array.from([0, 0, 0]), 4)).toBeNull();
    expect(sortinoRatio(Float64Array.from([0.01, 0.02]), 4)).toBeNull();
  });

  it('compounds to a yearly rate over spans of 30 days or more', () => {
    expect(cagr(100, 121, 2 * YEAR_MS)).toBeCloseTo(0.1, 12);
    expect(cagr(100, 110, 29 * 86_400_000)).toBeNull();
    expect(cagr(100, -5, YEAR_MS)).toBe(-1);
  });
});

describe('computeMetrics', () => {
  it('derives the trade figures from net PnL', () => {
    const trades = [trade(30, 2), trade(-10, 4), trade(20, 3), trade(-5, 1)];
    const m = computeMetrics({ equity: Float64Array.from([1000, 1030, 1020, 1040, 1035]), trades, grossPnl: 35, netPnl: 35, fees: 0, slippage: 0, exposedBars: 4, skippedEntries: 0 }, 1000, 60_000, 0);
    // wins 2 of 4; profit factor (30 + 20)/(10 + 5) = 3.333…; expectancy 35/4; holding (2+4+3+1)/4 = 2.5 bars.
    expect(m.winRate).toBe(0.5);
    expect(m.profitFactor).toBeCloseTo(50 / 15, 12);
    expect(m.expectancy).toBe(8.75);
    expect(m.avgHoldingBars).toBe(2.5);
    expect(m.maxHoldingBars).toBe(4);
    expect(m.maxHoldingMs).toBe(240_000);
    expect(m.bestTrade).toBe(30);
    expect(m.worstTrade).toBe(-10);
    expect(m.exposure).toBe(0.8);
    expect(m.totalReturn).toBeCloseTo(0.035, 12);
  });

  it('ends at the end of the last bar, also when the bars have a gap', () => {
    const run = { equity: Float64Array.from([1000, 1001, 1002]), trades: [], grossPnl: 2, netPnl: 2, fees: 0, slippage: 0, exposedBars: 0, skippedEntries: 0 };
    expect(computeMetrics(run, 1000, 60_000, 0).endTime).toBe(180_000);
    // Bars at 0, 1 and 10 minutes (an 8-minute gap): the run ends at 11 minutes, not 3.
    expect(computeMetrics(run, 1000, 60_000, 0, 600_000).endTime).toBe(660_000);
    expect(computeMetrics({ ...run, equity: new Float64Array(0) }, 1000, 60_000, 5).endTime).toBe(5);
  });

  it('gives Calmar = CAGR / max drawdown over a long enough span', () => {
    // 365 daily bars from 1000 to 1100 with one 5 % dip: CAGR 10 %, Calmar 0.1 / 0.05 = 2.
    const eq = new Float64Array(365).fill(1000);
    eq[100] = 950;
    eq[364] = 1100;
    const m = computeMetrics({ equity: eq, trades: [], grossPnl: 100, netPnl: 100, fees: 0, slippage: 0, exposedBars: 0, skippedEntries: 0 }, 1000, 86_400_000, 0);
    expect(m.cagr).toBeCloseTo(0.1, 12);
    expect(m.maxDrawdown).toBeCloseTo(0.05, 12);
    expect(m.calmar).toBeCloseTo(2, 12);
    expect(m.winRate).toBeNull();
    expect(m.barsPerYear).toBe(365);
  });
});

describe('equityRatios', () => {
  it('equals sharpeRatio and sortinoRatio of the materialised returns', async () => {
    const { equityRatios } = await import('./annualisation.js');
    let s = 3;
    const eq = Float64Array.from({ length: 500 }, () => 1000 * (1 + ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 0.1));
    const r = Float64Array.from(eq, (e, i) => e / (i === 0 ? 1000 : eq[i - 1]!) - 1);
    const got = equityRatios(eq, 1000, 525_600);
    expect(got.sharpe).toBeCloseTo(sharpeRatio(r, 525_600)!, 9);
    expect(got.sortino).toBeCloseTo(sortinoRatio(r, 525_600)!, 9);
  });
});
