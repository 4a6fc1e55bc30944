import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Tick } from '../../model/tick.js';
import { SqliteStore } from './sqlite-store.js';
import { tickAt, toTickColumns } from '../tick-columns.js';
import { SqliteWriterThread } from './sqlite-writer-thread.js';

const tick = (symbol: string, tradeId: number): Tick => ({ symbol, tradeId, ts: tradeId * 10, price: 100 + tradeId, qty: 0.5, buyerMaker: tradeId % 2 === 0, source: 'binance' }) as Tick;

describe('SqliteWriterThread', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('commits columnar batches on a worker, de-duplicated, readable from the main connection', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-writer-'));
    const path = join(dir, 't.db');
    const store = SqliteStore.open(path);
    const writer = new SqliteWriterThread(path);
    const batch = [...Array.from({ length: 150 }, (_, i) => tick('BTCUSDT', i + 1)), ...Array.from({ length: 70 }, (_, i) => tick('ETHUSDT', i + 1))];
    expect(await writer.append(toTickColumns(batch))).toEqual({ inserted: 220, duplicates: 0 });
    expect(await writer.append(toTickColumns([tick('BTCUSDT', 150), tick('BTCUSDT', 151), tick('BTCUSDT', 151)]))).toEqual({ inserted: 1, duplicates: 2 });
    await writer.close();
    expect(await store.ticks.tickCount()).toBe(221);
    const stored = await store.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 1000 });
    expect(stored.length).toBe(151);
    expect(stored[9]).toEqual(tick('BTCUSDT', 10));
    expect((await store.ticks.symbolSummaries()).map((s) => [s.symbol, s.ticks])).toEqual([['BTCUSDT', 151], ['ETHUSDT', 70]]);
    store.close();
  });

  it('round-trips ticks through columns unchanged', () => {
    const ticks = [tick('A', 1), tick('B', 2), tick('A', 3)];
    const cols = toTickColumns(ticks);
    expect(ticks.map((_, i) => tickAt(cols, i))).toEqual(ticks);
  });
});
