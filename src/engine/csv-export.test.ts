import { describe, expect, it } from 'vitest';
import { epochMs, price, qty } from '../core/brand.js';
import type { Tick } from '../model/tick.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { tickCsv } from './csv-export.js';

describe('tickCsv', () => {
  it('writes ISO-8601 UTC times with milliseconds, equal to Date.toISOString, across second and day boundaries', async () => {
    const store = SqliteStore.open(':memory:');
    const times = [0, 5, 42, 999, 1000, 1001, 86_399_999, 86_400_000, 1_795_000_000_007, 1_795_000_000_070, 1_795_000_000_700];
    const ticks: Tick[] = times.map((ts, i) => ({ symbol: 'BTCUSDT', ts: epochMs(ts), price: price(100.5), qty: qty(0.001), tradeId: i, buyerMaker: i % 2 === 0, source: 'simulator' }));
    store.ticks.appendTicksSync(ticks);
    let text = '';
    for await (const chunk of tickCsv(store.ticks, { symbol: 'BTCUSDT' })) text += chunk;
    const rows = text.trim().split('\n').slice(1).map((r) => r.split(','));
    expect(rows.map((r) => r[1])).toEqual(times.map((t) => new Date(t).toISOString()));
    expect(rows[0]).toEqual(['BTCUSDT', '1970-01-01T00:00:00.000Z', '100.5', '0.001', '0', 'true']);
    store.close();
  });
});
