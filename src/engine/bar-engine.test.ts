import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import type { Bar, BarUpdate } from '../model/bar.js';
import type { Tick } from '../model/tick.js';
import { parseTimeframe, type TimeframeSpec } from '../model/timeframe.js';
import { BarEngine } from './bar-engine.js';

const tf = (label: string): TimeframeSpec => {
  const r = parseTimeframe(label);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const tick = (symbol: string, ts: number, price: number): Tick => ({ symbol, ts, price, qty: 1, tradeId: ts, buyerMaker: false, source: 'simulator' }) as Tick;

describe('BarEngine', () => {
  it('builds the default timeframes for every symbol and hands their final bars to onFinal', () => {
    const finals: Bar[] = [];
    const engine = new BarEngine({ timeframes: [tf('1s'), tf('1m')], clock: new ManualClock(), onFinal: (b) => finals.push(...b) });
    engine.onTicks([tick('A', 100, 1), tick('B', 200, 5), tick('A', 1100, 2)]);
    expect(finals.map((b) => [b.symbol, b.tf, b.start])).toEqual([['A', '1s', 0]]);
    expect(engine.forming('A', '1m')).toMatchObject({ open: 1, close: 2, trades: 2 });
    expect(engine.forming('B', '1s')).toMatchObject({ open: 5 });
  });

  it('finalizes a bar on the clock once its bucket end plus the grace period has passed', () => {
    const finals: Bar[] = [];
    const engine = new BarEngine({ timeframes: [tf('1s')], clock: new ManualClock(), graceMs: 250, onFinal: (b) => finals.push(...b) });
    engine.onTicks([tick('A', 500, 1)]);
    engine.closeDue(1249);
    expect(finals).toEqual([]);
    engine.closeDue(1250);
    expect(finals.map((b) => b.start)).toEqual([0]);
    expect(engine.forming('A', '1s')).toBeNull();
  });

  it('publishes one forming update per batch and each final bar to subscribers', () => {
    const engine = new BarEngine({ timeframes: [tf('1s')], clock: new ManualClock() });
    const updates: BarUpdate[] = [];
    engine.subscribe('A', tf('1s'), (u) => updates.push(u));
    engine.onTicks([tick('A', 100, 1), tick('A', 200, 2), tick('A', 300, 3)]);
    expect(updates.map((u) => [u.bar.start, u.bar.close, u.final])).toEqual([[0, 3, false]]);
    engine.onTicks([tick('A', 1200, 4)]);
    expect(updates.map((u) => [u.bar.start, u.bar.close, u.final])).toEqual([[0, 3, false], [0, 3, true], [1000, 4, false]]);
  });

  it('builds a custom timeframe only while subscribed, and never stores it', () => {
    const finals: Bar[] = [];
    const engine = new BarEngine({ timeframes: [tf('1s')], clock: new ManualClock(), onFinal: (b) => finals.push(...b) });
    const updates: BarUpdate[] = [];
    const off = engine.subscribe('A', tf('250ms'), (u) => updates.push(u));
    engine.onTicks([tick('A', 100, 1), tick('A', 300, 2)]);
    expect(updates.filter((u) => u.final).map((u) => u.bar.start)).toEqual([0]);
    expect(finals.every((b) => b.tf === '1s')).toBe(true);
    off();
    expect(engine.forming('A', '250ms')).toBeNull();
    expect(engine.forming('A', '1s')).not.toBeNull();
  });

  it('counts a trade that arrives after its bucket is final as late', () => {
    const engine = new BarEngine({ timeframes: [tf('1s')], clock: new ManualClock() });
    engine.onTicks([tick('A', 100, 1), tick('A', 1100, 2), tick('A', 900, 3)]);
    expect(engine.lateTicks()).toBe(1);
  });

  it('holds live ticks back while an async seed is read, then takes each trade once, so the first bar is whole', async () => {
    const clock = new ManualClock();
    clock.set(2500);
    const engine = new BarEngine({ timeframes: [tf('1s')], clock });
    engine.onTicks([tick('A', 2000, 1), tick('A', 2100, 2)]);
    let release: (ticks: Tick[]) => void = () => undefined;
    const seeded = new Promise<Tick[]>((resolve) => (release = resolve));
    const updates: BarUpdate[] = [];
    let asked = -1;
    engine.subscribe('A', tf('3s'), (u) => updates.push(u), (fromMs) => {
      asked = fromMs;
      return seeded;
    });
    expect(asked).toBe(0);
    // Arrives while the seed is read; the store also has it by then (written meanwhile).
    engine.onTicks([tick('A', 2200, 3)]);
    expect(updates).toEqual([]);
    release([tick('A', 500, 9), tick('A', 2000, 1), tick('A', 2100, 2), tick('A', 2200, 3)]);
    await seeded;
    await Promise.resolve();
    expect(updates.map((u) => [u.bar.start, u.bar.open, u.bar.close, u.bar.trades, u.final])).toEqual([[0, 9, 3, 4, false]]);
    engine.onTicks([tick('A', 3100, 4)]);
    expect(updates.filter((u) => u.final).map((u) => [u.bar.start, u.bar.trades])).toEqual([[0, 4]]);
  });

  it('starts a series from the live ticks alone when its seed fails', async () => {
    const engine = new BarEngine({ timeframes: [tf('1s')], clock: new ManualClock() });
    const updates: BarUpdate[] = [];
    const failing = Promise.reject(new Error('store down'));
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      engine.subscribe('A', tf('3s'), (u) => updates.push(u), () => failing);
      engine.onTicks([tick('A', 100, 1)]);
      await failing.catch(() => undefined);
      await Promise.resolve();
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
    expect(updates.map((u) => [u.bar.start, u.bar.trades])).toEqual([[0, 1]]);
  });

  it('does not open a partial bar of the bucket before the subscription with stragglers that arrive after it', async () => {
    const clock = new ManualClock();
    clock.set(3005);
    const engine = new BarEngine({ timeframes: [tf('1s')], clock });
    const updates: BarUpdate[] = [];
    const seeded = Promise.resolve<Tick[]>([]);
    engine.subscribe('A', tf('3s'), (u) => updates.push(u), () => seeded);
    // Published after the subscription: a trade of the previous 3s bucket (the feed is 15 ms behind), then ours.
    engine.onTicks([tick('A', 2990, 1), tick('A', 3001, 2), tick('A', 3500, 3)]);
    await seeded;
    await Promise.resolve();
    engine.onTicks([tick('A', 6001, 4)]);
    expect(updates.filter((u) => u.final).map((u) => [u.bar.start, u.bar.trades])).toEqual([[3000, 2]]);
    expect(engine.takeLateBuckets().map((b) => [b.tf.label, b.start])).toEqual([['3s', 0]]);
    // Not a late trade of the feed: the 1s series took it in time.
    expect(engine.lateTicks()).toBe(0);
  });
});
