import { describe, expect, it } from 'vitest';
import type { Status } from '../../../src/server/dto/api-schemas';
import { formatAge, statusModel } from './status-model';

describe('formatAge', () => {
  it('stays compact from a tenth of a second to months', () => {
    expect([200, 14_000, 180_000, 5 * 3_600_000, 323 * 86_400_000].map(formatAge)).toEqual(['0.2s', '14s', '3m', '5h', '323d']);
  });
});

describe('statusModel: cache and bus', () => {
  const base: Status = {
    source: null,
    state: 'live',
    reason: null,
    symbols: [],
    ticksPerSecond: 0,
    rowsStored: { ticks: 0, bars: 0 },
    timeframes: ['1s'],
    serverTime: 0,
    sources: [],
    playback: null,
    store: { kind: 'postgres', location: '127.0.0.1:5432/tandem', schema: null },
  };
  const open = { phase: 'open', attempt: 0, retryAt: null } as const;

  it('shows no cache or bus rows for a server without Redis', () => {
    const m = statusModel(open, base, null, 0);
    expect(m.cache).toBeNull();
    expect(m.bus).toBeNull();
  });

  it("shows a degraded cache's warning, as a warning, not an error", () => {
    const warning = 'Redis hot cache unavailable, reading the store instead: connect ECONNREFUSED';
    const m = statusModel(open, { ...base, cache: { state: 'degraded', warning, hits: 3, misses: 9, errors: 2 } }, null, 0);
    expect(m.cache).toEqual({ label: 'degraded', tone: 'warn', warning });
  });

  it('counts live and stale workers and sums lag and pending; a bus server starts no source', () => {
    const worker = (id: string, ageMs: number) => ({ id, source: 'binance', symbols: ['BTCUSDT'], pid: 1, host: 'h', startedAt: 0, updatedAt: 0, ageMs, ticksPublished: 0, quality: [] });
    const consumer = { consumer: 'c', entriesCommitted: 0, ticksCommitted: 0, entriesClaimed: 0, consumersRemoved: 0, entriesDeadLettered: 0, commitFailures: 0, lastError: null };
    const bus = {
      streams: [
        { symbol: 'BTCUSDT', length: 10, lag: 2, pending: 1 },
        { symbol: 'ETHUSDT', length: 10, lag: null, pending: 0 },
      ],
      workers: [worker('a', 500), worker('b', 60_000)],
      consumer,
      liveRepeatsDropped: 0,
      error: null,
    };
    const m = statusModel(open, { ...base, state: 'idle', bus }, null, 0);
    expect(m.bus).toEqual({ label: '1 worker, lag 2', tone: 'warn', detail: '1 live worker, 1 stale; 2 entries not yet read by the store group, 1 read and not yet committed; 0 server(s) in the group' });
    expect(m.source).toBe('Redis bus');
    expect(m.canStart).toBe(false);
  });
});
