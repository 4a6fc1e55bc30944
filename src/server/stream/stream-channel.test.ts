import { describe, expect, it } from 'vitest';
import { parseChannel } from './stream-channel.js';

describe('parseChannel', () => {
  it('normalises a pair channel and carries its spec', () => {
    const r = parseChannel('pair:ethusdt:BTCUSDT:1m:kalman:20');
    expect(r.ok && r.value).toMatchObject({ kind: 'pair', name: 'pair:ETHUSDT:BTCUSDT:1m:kalman:20', spec: { y: 'ETHUSDT', x: 'BTCUSDT', method: 'kalman', window: 20, delta: 1e-4, ve: 1e-3 } });
  });

  it('takes log prices as a seventh part, and keeps raw prices on the six-part name', () => {
    const log = parseChannel('pair:ETHUSDT:BTCUSDT:1m:kalman:20:log');
    expect(log.ok && log.value).toMatchObject({ kind: 'pair', name: 'pair:ETHUSDT:BTCUSDT:1m:kalman:20:log', spec: { prices: 'log' } });
    const raw = parseChannel('pair:ETHUSDT:BTCUSDT:1m:kalman:20');
    expect(raw.ok && raw.value).toMatchObject({ name: 'pair:ETHUSDT:BTCUSDT:1m:kalman:20', spec: { prices: 'raw' } });
    expect(parseChannel('pair:ETHUSDT:BTCUSDT:1m:kalman:20:raw').ok).toBe(false);
    expect(parseChannel('pair:ETHUSDT:BTCUSDT:1m:kalman:20:ln').ok).toBe(false);
  });

  it('knows the alerts channel', () => {
    expect(parseChannel('alerts')).toEqual({ ok: true, value: { kind: 'alerts', name: 'alerts' } });
  });

  it.each([
    ['pair:ETHUSDT:BTCUSDT:1m:magic:20', /method 'magic' is not one of ols, huber, theilsen, kalman/],
    ['pair:ETHUSDT:ETHUSDT:1m:ols:20', /two different symbols/],
    ['pair:ETHUSDT:BTCUSDT:1m:ols:1', /window must be an integer from 2/],
    ['pair:ETHUSDT:BTCUSDT:1m:ols:2.5', /window must be an integer/],
    ['pair:ETHUSDT:BTCUSDT:7x:ols:20', /'7x'/],
    ['pair:ETHUSDT:BTCUSDT:1m:ols', /is not 'status', 'bars:<SYMBOL>:<tf>',? (or )?'pair:<Y>:<X>:<tf>:<method>:<window>\[:log\]'/],
  ])('rejects %s with a message that says why', (name, message) => {
    const r = parseChannel(name);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(message);
  });
});
