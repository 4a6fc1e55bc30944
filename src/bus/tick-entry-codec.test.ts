import { describe, expect, it } from 'vitest';
import { epochMs, price, qty } from '../core/brand.js';
import type { Tick } from '../model/tick.js';
import { decodeTickEntry, encodeTickEntry } from './tick-entry-codec.js';

const tick = (id: number, p: number): Tick => ({ symbol: 'BTCUSDT', ts: epochMs(1_795_000_000_000 + id), price: price(p), qty: qty(0.001 * id), tradeId: id, buyerMaker: id % 2 === 0, source: 'binance' });

describe('tick entry codec', () => {
  it('reads back exactly what it wrote, doubles included', () => {
    const ticks = [tick(1, 0.1 + 0.2), tick(2, 67_123.45), tick(3, 1e-8), tick(4, 123_456_789.123_456_7)];
    const r = decodeTickEntry(encodeTickEntry('BTCUSDT', 'binance', ticks));
    expect(r).toEqual({ ok: true, value: ticks });
  });

  it('records the highest trade id of the batch', () => {
    const fields = encodeTickEntry('BTCUSDT', 'binance', [tick(7, 1), tick(9, 1), tick(8, 1)]);
    expect(fields[fields.indexOf('last') + 1]).toBe('9');
  });

  it('names what is wrong with a malformed entry', () => {
    const good = encodeTickEntry('BTCUSDT', 'binance', [tick(1, 100)]);
    const withField = (k: string, v: string): string[] => good.map((x, i) => (i > 0 && good[i - 1] === k ? v : x));
    const message = (fields: string[]): string => {
      const r = decodeTickEntry(fields);
      return r.ok ? 'ok' : r.error.message;
    };
    expect(message(withField('s', 'btc usdt'))).toMatch(/symbol 'btc usdt'/);
    expect(message(withField('src', 'ftx'))).toMatch(/source 'ftx'/);
    expect(message(withField('n', '2'))).toMatch(/holds 5 numbers, not 2 ticks/);
    expect(message(withField('d', '[1,2'))).toMatch(/not JSON/);
    expect(message(withField('d', '[1795000000001,-1,0.001,1,0]'))).toMatch(/tick 0: price -1 is not a positive number/);
    expect(message(withField('d', '[1795000000001,100,0.001,1.5,0]'))).toMatch(/tradeId 1.5 is not an integer/);
    expect(message(withField('d', '[1795000000001,100,0.001,1,2]'))).toMatch(/buyerMaker 2 is not 0 or 1/);
  });
});
