import { describe, expect, it } from 'vitest';
import { TandemError } from '../../core/tandem-error.js';
import type { Tick } from '../../model/tick.js';
import { isTransientPgError, PgTickWriter } from './pg-tick-writer.js';

const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const batch = [{ symbol: 'BTCUSDT', tradeId: 1, ts: 1, price: 1, qty: 1, buyerMaker: false, source: 'binance' } as Tick];

describe('PgTickWriter', () => {
  it('tells failures of reaching the server from failures of the statement', () => {
    expect(isTransientPgError(refused())).toBe(true);
    expect(isTransientPgError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientPgError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isTransientPgError(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(true);
    expect(isTransientPgError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isTransientPgError(new TandemError('invalid_tick', 'tick 0: price is not a positive number (NaN)'))).toBe(false);
    expect(isTransientPgError('ECONNREFUSED')).toBe(false);
  });

  it('retries a batch while the server is unreachable, then answers what the write answered', async () => {
    let calls = 0;
    const warnings: string[] = [];
    const writer = new PgTickWriter(
      () => {
        calls++;
        return calls < 3 ? Promise.reject(refused()) : Promise.resolve({ inserted: 1, duplicates: 0 });
      },
      { firstBackoffMs: 1, warn: (m) => warnings.push(m) },
    );
    expect(await writer.append(batch)).toEqual({ inserted: 1, duplicates: 0 });
    expect(calls).toBe(3);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/unreachable .*ECONNREFUSED.*retrying a batch of 1 ticks/);
    expect(warnings[1]).toMatch(/reachable again: .* after 3 attempts/);
  });

  it('does not retry a bad batch, and gives up after maxWaitMs', async () => {
    let calls = 0;
    const bad = new PgTickWriter(() => {
      calls++;
      return Promise.reject(new TandemError('invalid_tick', 'tick 0: price'));
    });
    await expect(bad.append(batch)).rejects.toThrow(/price/);
    expect(calls).toBe(1);
    const down = new PgTickWriter(() => Promise.reject(refused()), { maxWaitMs: 30, firstBackoffMs: 5, warn: () => undefined });
    await expect(down.append(batch)).rejects.toThrow(/ECONNREFUSED/);
  });
});
