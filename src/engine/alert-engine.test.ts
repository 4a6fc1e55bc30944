import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import type { AlertEvent } from '../model/alert-event.js';
import type { Bar } from '../model/bar.js';
import type { ScreenerItem, ScreenerRanking } from '../model/screener-ranking.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { AlertEngine, type AlertFeeds, type StrategyFillEvent } from './alert-engine.js';
import type { BarListener } from './bar-engine.js';
import type { PairListener } from './live-pair.js';
import type { PairPoint } from './pair-point.js';

/** Hand-written feeds: bars and pair points are pushed by the test; pairs load when told. */
class FakeFeeds implements AlertFeeds {
  readonly bars = new Map<string, Set<BarListener>>();
  readonly pairs = new Map<string, { listener: PairListener; points: PairPoint[]; load: () => void }>();

  subscribeBars: AlertFeeds['subscribeBars'] = (symbol, tf, listener) => {
    const key = `${symbol}|${tf.label}`;
    const set = this.bars.get(key) ?? new Set<BarListener>();
    set.add(listener);
    this.bars.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.bars.delete(key);
    };
  };

  subscribePair: AlertFeeds['subscribePair'] = (spec, listener) => {
    let load = (): void => undefined;
    const ready = new Promise<void>((r) => (load = r));
    const entry = { listener, points: [] as PairPoint[], load };
    this.pairs.set(`${spec.y}|${spec.x}`, entry);
    return { ready, snapshot: () => ({ points: entry.points, provisional: null, tests: null }), unsubscribe: () => this.pairs.delete(`${spec.y}|${spec.x}`) };
  };

  symbolStatus: AlertFeeds['symbolStatus'] = () => Promise.resolve([{ symbol: 'BTCUSDT', lastTickTs: 1000, quality: null }]);

  readonly fillListeners = new Set<(u: StrategyFillEvent) => void>();
  subscribeStrategyFills: NonNullable<AlertFeeds['subscribeStrategyFills']> = (listener) => {
    this.fillListeners.add(listener);
    return () => this.fillListeners.delete(listener);
  };

  fill(strategyId: string, time: number, kind: 'entry' | 'exit'): void {
    const u: StrategyFillEvent = {
      view: { row: { id: strategyId }, request: { pair: { y: 'ETHUSDT', x: 'BTCUSDT' } } },
      fill: { time, kind, side: 'long', priceY: 2000, priceX: 30000, qtyY: 1, qtyX: -0.06, reason: kind === 'exit' ? 'exit' : null, netPnl: kind === 'exit' ? 12.5 : null },
    };
    for (const l of this.fillListeners) l(u);
  }

  bar(symbol: string, start: number, close: number, final = true): void {
    const bar = { symbol, tf: '1s', start, open: close, high: close, low: close, close, volume: 1, vwap: close, trades: 1 } as unknown as Bar;
    for (const l of this.bars.get(`${symbol}|1s`) ?? []) l({ bar, final });
  }

  point(y: string, x: string, start: number, z: number): void {
    const p: PairPoint = { start, y: 1, x: 1, yFilled: false, xFilled: false, beta: 1, alpha: 0, spread: z, z, corr: 0.9, olsBeta: 1 };
    const e = this.pairs.get(`${y}|${x}`);
    e?.points.push(p);
    e?.listener({ kind: 'point', point: p, final: true });
  }
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 10));

describe('AlertEngine', () => {
  const stores: SqliteStore[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
  });

  function setup(store = SqliteStore.open(':memory:')): { engine: AlertEngine; feeds: FakeFeeds; events: AlertEvent[]; store: SqliteStore } {
    if (!stores.includes(store)) stores.push(store);
    const feeds = new FakeFeeds();
    const engine = new AlertEngine({ store: store.alerts, feeds, clock: new ManualClock(5000) });
    const events: AlertEvent[] = [];
    engine.onEvent((e) => events.push(e));
    return { engine, feeds, events, store };
  }

  it('shares one bar subscription among rules of a feed and drops it with the last rule', async () => {
    const { engine, feeds } = setup();
    const a = await engine.createRule({ type: 'price', params: { symbol: 'BTCUSDT', level: 100, direction: 'above' } });
    const b = await engine.createRule({ type: 'volume_spike', params: { symbol: 'BTCUSDT', tf: '1s', window: 5, threshold: 2 } });
    expect(feeds.bars.get('BTCUSDT|1s')?.size).toBe(1);
    await engine.deleteRule(a.id);
    expect(feeds.bars.get('BTCUSDT|1s')?.size).toBe(1);
    await engine.updateRule(b.id, { enabled: false });
    expect(feeds.bars.has('BTCUSDT|1s')).toBe(false);
    expect(engine.activeRules()).toBe(0);
  });

  it('fires a price rule once per crossing, stores and announces it once', async () => {
    const { engine, feeds, events, store } = setup();
    const rule = await engine.createRule({ type: 'price', params: { symbol: 'BTCUSDT', level: 100, direction: 'above' }, cooldownMs: 0, hysteresis: 1 });
    [99, 101, 100.5, 101, 99.5, 98.9, 102].forEach((c, i) => feeds.bar('BTCUSDT', i * 1000, c));
    await settle();
    expect(events.map((e) => [e.barStart, e.kind, e.value])).toEqual([
      [1000, 'above', 101],
      [6000, 'above', 102],
    ]);
    expect(events[0]).toMatchObject({ ruleId: rule.id, threshold: 100, subject: 'BTCUSDT 1s', message: 'BTCUSDT 1s went above 100 (101)' });
    expect((await store.alerts.queryEvents({ limit: 10 })).length).toBe(2);
    expect((await engine.listRules())[0]).toMatchObject({ stats: { firings: 2 }, phase: 'disarmed' });
  });

  it('evaluates forming bars only for price rules that ask for it', async () => {
    const { engine, feeds, events } = setup();
    await engine.createRule({ type: 'price', params: { symbol: 'BTCUSDT', level: 100, direction: 'crossing' }, evaluateOn: 'forming', cooldownMs: 0 });
    await engine.createRule({ type: 'price', params: { symbol: 'BTCUSDT', level: 100, direction: 'crossing' }, cooldownMs: 0 });
    feeds.bar('BTCUSDT', 0, 99);
    feeds.bar('BTCUSDT', 1000, 101, false);
    await settle();
    expect(events.map((e) => e.kind)).toEqual(['cross_up']);
  });

  it('ignores the history a pair replays while loading and starts from its last point, so a restart does not fire again', async () => {
    const store = SqliteStore.open(':memory:');
    const first = setup(store);
    const rule = await first.engine.createRule({ type: 'zscore', params: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', window: 5, threshold: 2 }, cooldownMs: 0 });
    // History while loading: a crossing that must not fire, ending beyond the threshold.
    first.feeds.point('ETHUSDT', 'BTCUSDT', 0, 0);
    first.feeds.point('ETHUSDT', 'BTCUSDT', 1000, 3);
    first.feeds.pairs.get('ETHUSDT|BTCUSDT')!.load();
    await settle();
    first.feeds.point('ETHUSDT', 'BTCUSDT', 2000, 3.5);
    first.feeds.point('ETHUSDT', 'BTCUSDT', 3000, 0);
    first.feeds.point('ETHUSDT', 'BTCUSDT', 4000, -2.5);
    await settle();
    expect(first.events.map((e) => [e.barStart, e.kind])).toEqual([[4000, 'below']]);
    await first.engine.close();

    // A restart on the same store: the rule is back and starts from the pair's last point (still beyond).
    const second = setup(store);
    await second.engine.ready;
    expect(second.engine.getRule(rule.id)?.name).toBe(rule.name);
    second.feeds.point('ETHUSDT', 'BTCUSDT', 4000, -2.5);
    second.feeds.pairs.get('ETHUSDT|BTCUSDT')!.load();
    await settle();
    second.feeds.point('ETHUSDT', 'BTCUSDT', 5000, -2.7);
    await settle();
    expect(second.events).toEqual([]);
    expect((await store.alerts.queryEvents({ limit: 10 })).length).toBe(1);
  });

  it('records a stall once when two servers sharing the store notice it in different seconds', async () => {
    const store = SqliteStore.open(':memory:');
    stores.push(store);
    const clocks = [new ManualClock(3000), new ManualClock(3000)];
    const engines = clocks.map((clock) => new AlertEngine({ store: store.alerts, feeds: new FakeFeeds(), clock }));
    const rule = await engines[0]!.createRule({ type: 'data_quality', params: { symbol: 'BTCUSDT', condition: 'stall', thresholdMs: 3000 } });
    // The second server loads it from the store; both arm at 2,000 ms without a trade.
    await engines[1]!.ready;
    for (const e of engines) await e.checkQuality();
    // Last tick at 1000: one server sees the stall at 4,500 ms, the other at 5,100 ms.
    clocks[0]!.set(4500);
    clocks[1]!.set(5100);
    for (const e of engines) await e.checkQuality();
    await settle();
    const stored = await store.alerts.queryEvents({ limit: 10 });
    expect(stored.map((e) => [e.ruleId, e.kind, e.barStart])).toEqual([[rule.id, 'above', 1000]]);
    for (const e of engines) await e.close();
  });

  it('checks data_quality rules against the symbol status', async () => {
    const { engine, events } = setup();
    await engine.createRule({ type: 'data_quality', params: { symbol: 'BTCUSDT', condition: 'stall', thresholdMs: 3000 } });
    // Clock 5000, last tick 1000: 4,000 ms without a trade, beyond 3,000 from the first check, so it starts disarmed.
    await engine.checkQuality();
    await settle();
    expect(events).toEqual([]);
    expect((await engine.listRules())[0]?.phase).toBe('disarmed');
    await engine.close();
  });

  it('fires a strategy_fill rule of any strategy once per strategy when two fill at one time, each named as the subject', async () => {
    const { engine, feeds, events, store } = setup();
    const rule = await engine.createRule({ type: 'strategy_fill', params: { strategyId: null } });
    feeds.fill('s-1', 60_000, 'entry');
    feeds.fill('s-2', 60_000, 'entry');
    feeds.fill('s-1', 60_000, 'entry'); // a restart recomputing the same fill
    await engine.close();
    expect(events.map((e) => [e.ruleId, e.barStart, e.kind, e.subject])).toEqual([
      [rule.id, 60_000, 'entry', 'strategy s-1'],
      [rule.id, 60_000, 'entry', 'strategy s-2'],
    ]);
    expect((await store.alerts.queryEvents({ limit: 10 })).map((e) => e.subject)).toEqual(['strategy s-1', 'strategy s-2']);
  });
});

describe('AlertEngine screener_entry', () => {
  it('fires once per pair entering the top N of a ranking, with the pair as the subject, and stores it once', async () => {
    const store = SqliteStore.open(':memory:');
    try {
      const engine = new AlertEngine({ store: store.alerts, feeds: new FakeFeeds(), clock: new ManualClock(5000) });
      const events: AlertEvent[] = [];
      engine.onEvent((e) => events.push(e));
      const rule = await engine.createRule({ type: 'screener_entry', cooldownMs: 0, params: { topN: 3, maxPvalue: 0.05 } });
      const item = (y: string, x: string, pvalue: number): ScreenerItem => ({ y, x, pvalue, beta: 1.5, alpha: 0, halfLife: 12, corr: 0.9, hurst: 0.3, z: 1, betaStability: 0.1, score: 1, spread: [] });
      const ranking = (asOf: number, items: ScreenerItem[]): ScreenerRanking => ({ asOf, tf: '1m', lookback: 1440, prices: 'log', symbols: [], pairsTested: 9, items });
      engine.onScreenerRanking(ranking(60_000, [item('ETHUSDT', 'BTCUSDT', 0.01)]));
      expect((await engine.listRules())[0]!.phase).toBe('armed');
      engine.onScreenerRanking(ranking(120_000, [item('ETHUSDT', 'BTCUSDT', 0.01), item('SOLUSDT', 'BTCUSDT', 0.02), item('BNBUSDT', 'ETHUSDT', 0.03)]));
      engine.onScreenerRanking(ranking(180_000, [item('SOLUSDT', 'BTCUSDT', 0.01), item('ETHUSDT', 'BTCUSDT', 0.02), item('BNBUSDT', 'ETHUSDT', 0.03)]));
      await settle();
      expect(events.map((e) => [e.kind, e.subject, e.value, e.barStart])).toEqual([
        ['enter', 'SOLUSDT/BTCUSDT 1m', 0.02, 120_000],
        ['enter', 'BNBUSDT/ETHUSDT 1m', 0.03, 120_000],
      ]);
      expect(events[0]!.ruleId).toBe(rule.id);
      expect(events[0]!.ruleType).toBe('screener_entry');
      expect(events[0]!.message).toMatch(/SOLUSDT\/BTCUSDT 1m entered the screener's top 3 at rank 2/);
      await engine.close();
    } finally {
      store.close();
    }
  });
});
