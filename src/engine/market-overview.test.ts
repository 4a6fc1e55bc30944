import { afterEach, describe, expect, it } from 'vitest';
import { epochMs, price, qty } from '../core/brand.js';
import type { Tick } from '../model/tick.js';
import { parseTimeframe, type TimeframeSpec } from '../model/timeframe.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { IMBALANCE_MAX_SPAN_MS, IMBALANCE_MAX_TICKS, symbolOverview } from './market-overview.js';

const tf = (label: string): TimeframeSpec => {
  const r = parseTimeframe(label);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** `n` ticks spread evenly over [from, to), several sharing each millisecond when dense, buyer-maker every third. */
function ticks(n: number, from: number, to: number): Tick[] {
  return Array.from({ length: n }, (_, i) => ({
    symbol: 'BTCUSDT',
    ts: epochMs(from + Math.floor((i * (to - from)) / n)),
    price: price(100 + (i % 7)),
    qty: qty(1 + (i % 5)),
    tradeId: i + 1,
    buyerMaker: i % 3 === 0,
    source: 'simulator' as const,
  }));
}

/** The imbalance figures by brute force over the ticks of [from, to). */
function bruteFlow(all: readonly Tick[], from: number, to: number): { buy: number; sell: number } {
  let buy = 0;
  let sell = 0;
  for (const t of all) {
    if (t.ts < from || t.ts >= to) continue;
    if (t.buyerMaker) sell += t.qty;
    else buy += t.qty;
  }
  return { buy, sell };
}

describe('symbolOverview: taker imbalance', () => {
  let store: SqliteStore | null = null;
  afterEach(() => store?.close());
  const now = 1_700_000_000_000;

  it('covers the whole 15-minute span when it holds few ticks, exactly', async () => {
    store = SqliteStore.open(':memory:');
    const all = ticks(3000, now - 20 * 60_000, now);
    store.ticks.appendTicksSync(all);
    const o = await symbolOverview({ stores: store, storedTimeframes: [tf('1s'), tf('1m')], now }, 'BTCUSDT', tf('1m'), 60);
    expect(o.imbalanceSpanMs).toBe(IMBALANCE_MAX_SPAN_MS);
    const truth = bruteFlow(all, now - IMBALANCE_MAX_SPAN_MS, now);
    expect(o.buyVolume).toBeCloseTo(truth.buy, 9);
    expect(o.sellVolume).toBeCloseTo(truth.sell, 9);
  });

  it('shrinks the span to the most recent ticks when trading is dense, and is exact over the span it reports', async () => {
    store = SqliteStore.open(':memory:');
    // 60,000 ticks in the last minute (1,000/s), denser than the cap allows for 15 minutes.
    const all = ticks(60_000, now - 60_000, now);
    store.ticks.appendTicksSync(all);
    const o = await symbolOverview({ stores: store, storedTimeframes: [tf('1s'), tf('1m')], now }, 'BTCUSDT', tf('1m'), 60);
    expect(o.imbalanceSpanMs).toBeLessThan(60_000);
    const counted = all.filter((t) => t.ts >= now - o.imbalanceSpanMs).length;
    expect(counted).toBeGreaterThanOrEqual(IMBALANCE_MAX_TICKS * 0.5);
    expect(counted).toBeLessThanOrEqual(IMBALANCE_MAX_TICKS + 100);
    const truth = bruteFlow(all, now - o.imbalanceSpanMs, now);
    expect(o.buyVolume).toBeCloseTo(truth.buy, 9);
    expect(o.sellVolume).toBeCloseTo(truth.sell, 9);
  });

  it('stays exact when a burst at the end is far denser than the start of the span', async () => {
    store = SqliteStore.open(':memory:');
    const quiet = ticks(3000, now - 14 * 60_000, now - 10_000);
    const burst = ticks(30_000, now - 10_000, now).map((t) => ({ ...t, tradeId: t.tradeId + 10_000 }));
    const all = [...quiet, ...burst];
    store.ticks.appendTicksSync(all);
    const o = await symbolOverview({ stores: store, storedTimeframes: [tf('1s'), tf('1m')], now }, 'BTCUSDT', tf('1m'), 60);
    expect(o.imbalanceSpanMs).toBeLessThan(10_000);
    const truth = bruteFlow(all, now - o.imbalanceSpanMs, now);
    expect(o.buyVolume).toBeCloseTo(truth.buy, 9);
    expect(o.sellVolume).toBeCloseTo(truth.sell, 9);
  });
});
