import { describe, expect, it } from 'vitest';
import { closeTo, readGolden } from '../../test/helpers/golden.js';
import type { Bar } from '../model/bar.js';
import { parseTimeframe, type TimeframeSpec } from '../model/timeframe.js';
import { BarAggregator } from './bar-aggregator.js';
import { resampleOhlcv } from './resample-ohlcv.js';

interface GoldenBars {
  ms: number;
  ts: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
  vwap: number[];
  count: number[];
}
interface Golden {
  ticks: { ts: number[]; price: number[]; qty: number[] };
  bars: Record<string, GoldenBars>;
}

// Made by test/golden/bars/make_bars_golden.py with pandas resample(label='left', closed='left').
const golden = readGolden<Golden>('bars/bars_golden.json');
const ticks = golden.ticks.ts.map((ts, i) => ({ ts, price: golden.ticks.price[i]!, qty: golden.ticks.qty[i]! }));

function tf(label: string): TimeframeSpec {
  const r = parseTimeframe(label);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function aggregateAll(spec: TimeframeSpec): Bar[] {
  const agg = new BarAggregator('BTCUSDT', spec);
  const out: Bar[] = [];
  for (const t of ticks) {
    const r = agg.add(t as never);
    if (r.kind === 'added' && r.finalized) out.push(r.finalized);
  }
  const last = agg.closeBefore(Infinity);
  if (last) out.push(last);
  return out;
}

// Sums of the same terms in the same order are exact; pandas sums groups with Kahan
// compensation, so volume and vwap may differ in the last bits: 1e-12 relative.
const TOL = 1e-12;

describe('BarAggregator', () => {
  for (const label of Object.keys(golden.bars)) {
    it(`builds the same ${label} bars as pandas resample`, () => {
      const g = golden.bars[label]!;
      const bars = aggregateAll(tf(label));
      expect(bars.map((b) => b.start)).toEqual(g.ts);
      bars.forEach((b, i) => {
        expect([b.open, b.high, b.low, b.close, b.trades]).toEqual([g.open[i], g.high[i], g.low[i], g.close[i], g.count[i]]);
        expect(closeTo(b.volume, g.volume[i]!, TOL)).toBe(true);
        expect(closeTo(b.vwap, g.vwap[i]!, TOL)).toBe(true);
      });
    });
  }

  it('agrees bar for bar with the batch resampleOhlcv', () => {
    const cols = resampleOhlcv(golden.ticks.ts, golden.ticks.price, golden.ticks.qty, 1000);
    const bars = aggregateAll(tf('1s'));
    expect(bars.length).toBe(cols.ts.length);
    bars.forEach((b, i) => {
      expect([b.start, b.open, b.high, b.low, b.close, b.volume, b.vwap, b.trades]).toEqual([
        cols.ts[i], cols.open[i], cols.high[i], cols.low[i], cols.close[i], cols.volume[i], cols.vwap[i], cols.count[i],
      ]);
    });
  });

  it('keeps the forming bar open until a later bucket or the clock closes it', () => {
    const agg = new BarAggregator('X', tf('1s'));
    expect(agg.add({ ts: 1000 as never, price: 10 as never, qty: 1 as never })).toEqual({ kind: 'added', finalized: null });
    agg.add({ ts: 1999 as never, price: 12 as never, qty: 3 as never });
    expect(agg.current()).toMatchObject({ start: 1000, open: 10, high: 12, low: 10, close: 12, volume: 4, vwap: 11.5, trades: 2 });
    expect(agg.closeBefore(1999)).toBeNull();
    expect(agg.closeBefore(2000)).toMatchObject({ start: 1000, close: 12 });
    expect(agg.current()).toBeNull();
  });

  it('reports a tick for an already final bucket as late and leaves bars unchanged', () => {
    const agg = new BarAggregator('X', tf('1s'));
    agg.add({ ts: 1500 as never, price: 10 as never, qty: 1 as never });
    const r = agg.add({ ts: 2500 as never, price: 11 as never, qty: 1 as never });
    expect(r.kind === 'added' && r.finalized?.start).toBe(1000);
    expect(agg.add({ ts: 1999 as never, price: 99 as never, qty: 1 as never })).toEqual({ kind: 'late' });
    expect(agg.current()).toMatchObject({ start: 2000, high: 11, trades: 1 });
  });
});

describe('resampleOhlcv', () => {
  it('returns empty columns for no ticks', () => {
    expect(resampleOhlcv([], [], [], 1000).ts.length).toBe(0);
  });

  it.each([
    [[2, 1], [1, 1], [1, 1], /ts decreases at index 1/],
    [[1.5], [1], [1], /ts\[0\] is not an integer/],
    [[1], [1], [0], /qty\[0\] must be > 0/],
    [[1], [Number.NaN], [1], /price\[0\] is not a finite number/],
    [[1, 2], [1], [1, 1], /equal lengths/],
  ])('rejects bad input with a message naming it (%j)', (ts, p, q, message) => {
    expect(() => resampleOhlcv(ts, p, q, 1000)).toThrow(message);
  });
});
