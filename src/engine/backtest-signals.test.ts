import { describe, expect, it } from 'vitest';
import { alignBars } from '../bars/pair-alignment.js';
import { pairBarColumns } from '../backtest/pair-bar-columns.js';
import { simulatePair } from '../backtest/simulate-pair.js';
import { parseSimulationParams } from '../backtest/backtest-params.js';
import { HEDGE_METHODS } from '../model/pair-spec.js';
import { parseTimeframe, type TimeframeSpec } from '../model/timeframe.js';
import { backtestSignals } from './backtest-signals.js';
import { computePairSeries } from './pair-series.js';

const tf = (parseTimeframe('1m') as { ok: true; value: TimeframeSpec }).value;

/** A cointegrated pair with a few missing bars on each side, deterministic. */
function bars(n: number, seed: number): { y: { start: number; open: number; close: number }[]; x: { start: number; open: number; close: number }[] } {
  let s = seed;
  const rnd = (): number => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
  const y: { start: number; open: number; close: number }[] = [];
  const x: { start: number; open: number; close: number }[] = [];
  let f = 100;
  let u = 0;
  for (let i = 0; i < n; i++) {
    const open = f;
    f *= 1 + rnd() * 0.002;
    u = 0.9 * u + rnd() * 0.3;
    if (i % 17 !== 5) x.push({ start: i * 60_000, open, close: f });
    if (i % 23 !== 7) y.push({ start: i * 60_000, open: 1.5 * open + 10, close: 1.5 * f + 10 + u });
  }
  return { y, x };
}

const BASE = (() => {
  const r = parseSimulationParams({ entry: 1.5, exit: 0.3, feeBps: 5, slippageBps: 1 });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
})();

describe('backtestSignals', () => {
  it.each(HEDGE_METHODS)('gives the live engine\'s β and z for %s (computePairSeries)', (method) => {
    const { y, x } = bars(600, 3);
    const points = alignBars(y, x);
    const spec = { method, window: 40, delta: 1e-4, ve: 1e-3, tf, prices: 'raw' as const };
    const ours = backtestSignals(spec, pairBarColumns(points, y, x));
    const live = computePairSeries(spec, points);
    expect(Array.from(ours.beta)).toEqual(Array.from(live.beta));
    expect(Array.from(ours.z)).toEqual(Array.from(live.z));
  });

  it.each(HEDGE_METHODS)('has no look-ahead with %s: changing later prices changes no earlier β, z or trade', (method) => {
    const { y, x } = bars(800, 11);
    const spec = { method, window: 30, delta: 1e-4, ve: 1e-3, tf, prices: 'raw' as const };
    const cut = 500;
    const a = backtestSignals(spec, pairBarColumns(alignBars(y, x), y, x));
    const y2 = y.map((b) => (b.start >= cut * 60_000 ? { ...b, open: b.open * 1.3, close: b.close * 0.7 } : b));
    const b = backtestSignals(spec, pairBarColumns(alignBars(y2, x), y2, x));
    const before = (c: Float64Array): number[] => Array.from(c.subarray(0, cut - 30));
    expect(before(b.beta)).toEqual(before(a.beta));
    expect(before(b.z)).toEqual(before(a.z));
    // Trades decided before the change are the same up to their signal bars (entry fills at signal + 1).
    const ta = simulatePair(a, BASE, 60_000).trades.filter((t) => t.exitIndex < cut - 31);
    const tb = simulatePair(b, BASE, 60_000).trades.filter((t) => t.exitIndex < cut - 31);
    expect(tb).toEqual(ta);
    expect(ta.length).toBeGreaterThan(0);
  });

  it('fills every trade at the bar after its signal, at that bar\'s open or close', () => {
    const { y, x } = bars(800, 5);
    const c = backtestSignals({ method: 'ols', window: 30, delta: 1e-4, ve: 1e-3, tf, prices: 'raw' as const }, pairBarColumns(alignBars(y, x), y, x));
    for (const fill of ['next_open', 'next_close'] as const) {
      const trades = simulatePair(c, { ...BASE, fill }, 60_000).trades;
      expect(trades.length).toBeGreaterThan(3);
      for (const t of trades) {
        expect(t.entryIndex).toBe(t.signalIndex + 1);
        expect(t.entryY).toBe(fill === 'next_open' ? c.openY[t.entryIndex] : c.closeY[t.entryIndex]);
        expect(t.entryX).toBe(fill === 'next_open' ? c.openX[t.entryIndex] : c.closeX[t.entryIndex]);
      }
    }
  });
});
