import { describe, expect, it } from 'vitest';
import type { Tick } from '../../model/tick.js';
import { TradeSequencer } from './trade-sequencer.js';

const t = (id: number): Tick => ({ symbol: 'BTCUSDT', ts: id, price: 1, qty: 1, tradeId: id, buyerMaker: false, source: 'binance' }) as Tick;
const ids = (ticks: readonly Tick[]): number[] => ticks.map((x) => x.tradeId);

describe('TradeSequencer', () => {
  it('passes consecutive trades straight through and drops repeats', () => {
    const s = new TradeSequencer(null);
    expect(ids(s.onLive(t(10)).deliver)).toEqual([10]);
    expect(ids(s.onLive(t(11)).deliver)).toEqual([11]);
    expect(ids(s.onLive(t(11)).deliver)).toEqual([]);
    expect(ids(s.onLive(t(9)).deliver)).toEqual([]);
    expect(s.counters.duplicatesDropped).toBe(2);
  });

  it('holds live trades on a gap, refills it, then releases them in id order', () => {
    const s = new TradeSequencer(10);
    expect(s.onLive(t(14))).toEqual({ deliver: [], refillFrom: 11 });
    expect(s.onLive(t(15)).deliver).toEqual([]);
    expect(s.onLive(t(14)).deliver).toEqual([]);
    const r = s.onRefillPage([t(11), t(12), t(13), t(14), t(15), t(16)], true);
    expect(ids(r.deliver)).toEqual([11, 12, 13, 14, 15, 16]);
    expect(r.done).toBe(true);
    expect(s.isRefilling()).toBe(false);
    expect(ids(s.onLive(t(16)).deliver)).toEqual([]);
    expect(ids(s.onLive(t(17)).deliver)).toEqual([17]);
    expect(s.counters).toEqual({ gapsDetected: 1, tradesRefilled: 6, duplicatesDropped: 2, tradesUnrecovered: 0 });
  });

  it('pages until the held trades follow on', () => {
    const s = new TradeSequencer(0);
    s.onLive(t(2501));
    let r = s.onRefillPage(Array.from({ length: 1000 }, (_, i) => t(i + 1)), false);
    expect(r.done).toBe(false);
    expect(s.nextRefillId()).toBe(1001);
    r = s.onRefillPage(Array.from({ length: 1000 }, (_, i) => t(i + 1001)), false);
    r = s.onRefillPage(Array.from({ length: 500 }, (_, i) => t(i + 2001)), false);
    expect(r.done).toBe(true);
    expect(r.deliver.at(-1)!.tradeId).toBe(2501);
    expect(s.counters.tradesRefilled).toBe(2500);
  });

  it('refills after a reconnect from the last delivered id, even without a visible gap', () => {
    const s = new TradeSequencer(100);
    expect(s.beginRefill()).toBe(101);
    expect(s.onLive(t(104)).deliver).toEqual([]);
    const r = s.onRefillPage([t(101), t(102), t(103)], true);
    expect(ids(r.deliver)).toEqual([101, 102, 103, 104]);
  });

  it('counts a hole that REST cannot fill as unrecovered rather than hiding it', () => {
    const s = new TradeSequencer(10);
    s.onLive(t(20));
    const r = s.onRefillPage([], true);
    expect(ids(r.deliver)).toEqual([20]);
    expect(s.counters.tradesUnrecovered).toBe(9);
  });

  it('releases held trades when a refill is abandoned', () => {
    const s = new TradeSequencer(10);
    s.onLive(t(13));
    expect(ids(s.abandonRefill())).toEqual([13]);
    expect(s.counters.tradesUnrecovered).toBe(2);
    expect(s.isRefilling()).toBe(false);
  });
});
