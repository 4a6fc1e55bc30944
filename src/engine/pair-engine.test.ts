import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test/helpers/wait-for.js';
import { alignBars } from '../bars/pair-alignment.js';
import { ManualClock } from '../core/clock.js';
import type { Bar } from '../model/bar.js';
import { parsePairSpec } from '../model/pair-spec.js';
import type { Tick } from '../model/tick.js';
import { parseTimeframe } from '../model/timeframe.js';
import { BarEngine } from './bar-engine.js';
import type { PairUpdate } from './live-pair.js';
import { PairEngine } from './pair-engine.js';
import { computePairSeries } from './pair-series.js';

const tf1s = (() => {
  const r = parseTimeframe('1s');
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
})();
const spec = (() => {
  const r = parsePairSpec({ y: 'YY', x: 'XX', tf: '1s', method: 'ols', window: 5 });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
})();
const bar = (symbol: string, start: number, close: number): Bar => ({ symbol, tf: tf1s.label, start, open: close, high: close, low: close, close, volume: 1, vwap: close, trades: 1 }) as Bar;
const tick = (symbol: string, ts: number, price: number): Tick => ({ symbol, ts, price, qty: 1, tradeId: ts, buyerMaker: false, source: 'simulator' }) as Tick;
const priceX = (i: number): number => 100 + Math.sin(i / 3) * 5 + i * 0.1;
const priceY = (i: number): number => 10 + 0.5 * priceX(i) + Math.cos(i) * 0.3;

describe('PairEngine', () => {
  it('continues stored history with live bars, fills a silent leg on the clock, and equals the batch series', async () => {
    const T0 = 1_000_000;
    const clock = new ManualClock(T0 + 40_000);
    const bars = new BarEngine({ timeframes: [tf1s], clock });
    const history = { YY: Array.from({ length: 40 }, (_, i) => bar('YY', T0 + i * 1000, priceY(i))), XX: Array.from({ length: 40 }, (_, i) => bar('XX', T0 + i * 1000, priceX(i))) };
    const engine = new PairEngine({
      feed: {
        subscribeBars: (s, t, l) => bars.subscribe(s, t, l),
        history: (s, _tf, from, to) => Promise.resolve(history[s as 'YY' | 'XX'].filter((b) => b.start >= from && b.start < to)),
        flush: () => Promise.resolve(),
        now: () => clock.now(),
      },
      settleMs: 0,
    });
    const updates: PairUpdate[] = [];
    const sub = engine.subscribe(spec, (u) => updates.push(u));
    await sub.ready;
    expect(sub.snapshot().points).toHaveLength(40);
    const live: Bar[][] = [[], []];
    for (let i = 40; i < 60; i++) {
      const ts = T0 + i * 1000 + 500;
      // XX is silent in buckets 50-52.
      const ticks = [tick('YY', ts, priceY(i)), ...(i >= 50 && i <= 52 ? [] : [tick('XX', ts, priceX(i))])];
      bars.onTicks(ticks);
      live[0]!.push(bar('YY', T0 + i * 1000, priceY(i)));
      if (!(i >= 50 && i <= 52)) live[1]!.push(bar('XX', T0 + i * 1000, priceX(i)));
    }
    expect(updates.some((u) => u.kind === 'point' && !u.final)).toBe(true);
    clock.set(T0 + 70_000);
    bars.closeDue(clock.now());
    await waitFor('the last bucket settled by the clock', () => sub.snapshot().points.length === 60);
    const points = sub.snapshot().points;
    const expected = computePairSeries(spec, alignBars([...history.YY, ...live[0]!], [...history.XX, ...live[1]!]));
    expect(points.map((p) => p.start)).toEqual(Array.from(expected.start));
    expect(points.filter((p) => p.xFilled).map((p) => (p.start - T0) / 1000)).toEqual([50, 51, 52]);
    const same = (a: number, b: number): boolean => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    points.forEach((p, i) => {
      expect(same(p.z, expected.z[i]!), `z at ${i}`).toBe(true);
      expect(same(p.beta, expected.beta[i]!), `beta at ${i}`).toBe(true);
    });
    expect(Number.isFinite(points.at(-1)!.z)).toBe(true);
    await engine.recomputeTests();
    expect(sub.snapshot().tests?.tests.bars).toBe(60);
    sub.unsubscribe();
    expect(engine.livePairs()).toBe(0);
    await engine.close();
  });
});
