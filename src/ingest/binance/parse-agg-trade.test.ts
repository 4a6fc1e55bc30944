import { describe, expect, it } from 'vitest';
import { parseStreamFrame } from './parse-agg-trade.js';

const payload = { e: 'aggTrade', E: 1_795_000_000_123, s: 'BTCUSDT', a: 5_000_000_001, p: '97012.30', q: '0.015', f: 100, l: 102, T: 1_795_000_000_120, m: true };
const frame = (data: unknown): string => JSON.stringify({ stream: 'btcusdt@aggTrade', data });

describe('parseStreamFrame', () => {
  it('reads an aggTrade into a tick bucketed by trade time T, keeping E for lag', () => {
    const r = parseStreamFrame(frame(payload));
    expect(r).toEqual({
      ok: true,
      value: { kind: 'trade', trade: { eventTime: payload.E, tick: { symbol: 'BTCUSDT', ts: payload.T, price: 97012.3, qty: 0.015, tradeId: payload.a, buyerMaker: true, source: 'binance' } } },
    });
  });

  it.each([
    ['p as a number', { ...payload, p: 97012.3 }, /'p' must be a decimal string/],
    ['q as NaN text', { ...payload, q: 'NaN' }, /'q' is not a plain decimal/],
    ['a huge price', { ...payload, p: '1e400' }, /'p' is not a plain decimal/],
    ['a zero quantity', { ...payload, q: '0.000' }, /'q' must be > 0/],
    ['a as a string', { ...payload, a: '5000000001' }, /'a' must be a non-negative integer/],
    ['a beyond 2^53', { ...payload, a: 2 ** 60 }, /'a' must be a non-negative integer/],
    ['T missing', { ...payload, T: undefined }, /'T' must be a non-negative integer, got nothing/],
    ['m as a string', { ...payload, m: 'true' }, /'m' must be a boolean/],
    ['a lower-case symbol', { ...payload, s: 'btcusdt' }, /'s' is not a symbol/],
  ])('rejects %s with the field named', (_name, data, message) => {
    const r = parseStreamFrame(frame(data));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(message);
  });

  it('rejects text that is not JSON, or not a combined-stream frame', () => {
    expect(parseStreamFrame('{"stream":"btcusdt@aggTrade","data":{').ok).toBe(false);
    expect(parseStreamFrame('[1,2]').ok).toBe(false);
    expect(parseStreamFrame(JSON.stringify(payload)).ok).toBe(false);
  });

  it('passes over events it does not read and method replies', () => {
    expect(parseStreamFrame(frame({ e: 'depthUpdate', s: 'BTCUSDT' }))).toEqual({ ok: true, value: { kind: 'other', event: 'depthUpdate' } });
    expect(parseStreamFrame('{"result":null,"id":1}')).toEqual({ ok: true, value: { kind: 'reply', id: 1 } });
  });
});
