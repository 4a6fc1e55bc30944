import { describe, expect, it } from 'vitest';
import { epochMs, price, qty } from '../core/brand.js';
import type { Tick, TickSource } from '../model/tick.js';
import { RedeliveryFilter } from './redelivery-filter.js';

const t = (symbol: string, id: number, source: TickSource = 'binance'): Tick => ({ symbol, ts: epochMs(id), price: price(1), qty: qty(1), tradeId: id, buyerMaker: false, source });

describe('RedeliveryFilter', () => {
  it('passes each trade once and drops repeats and overlaps, per symbol and source', () => {
    const f = new RedeliveryFilter();
    expect(f.accept([t('A', 1), t('A', 2), t('B', 1)]).map((x) => `${x.symbol}${x.tradeId}`)).toEqual(['A1', 'A2', 'B1']);
    expect(f.accept([t('A', 2), t('A', 3), t('B', 1), t('A', 1, 'simulator')]).map((x) => `${x.symbol}${x.tradeId}${x.source[0]}`)).toEqual(['A3b', 'A1s']);
    expect(f.repeats()).toBe(2);
  });
});
