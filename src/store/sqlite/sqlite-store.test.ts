import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bar } from '../../model/bar.js';
import type { Tick } from '../../model/tick.js';
import { SCHEMA_VERSION } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';

const tick = (symbol: string, tradeId: number, ts: number, price = 100): Tick =>
  ({ symbol, tradeId, ts, price, qty: 1, buyerMaker: false, source: 'simulator' }) as Tick;

const bar = (start: number, close: number): Bar =>
  ({ symbol: 'BTCUSDT', tf: '1s', start, open: 1, high: 2, low: 0.5, close, volume: 3, vwap: 1.5, trades: 4 }) as unknown as Bar;

describe('SqliteStore', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-store-'));
    path = join(dir, 'tandem.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores a re-delivered trade once, counting the duplicate', async () => {
    const store = SqliteStore.open(path);
    expect(await store.ticks.appendTicks([tick('BTCUSDT', 1, 10), tick('BTCUSDT', 2, 11)])).toEqual({ inserted: 2, duplicates: 0 });
    expect(await store.ticks.appendTicks([tick('BTCUSDT', 2, 11, 999), tick('BTCUSDT', 3, 12), tick('ETHUSDT', 2, 11)])).toEqual({ inserted: 2, duplicates: 1 });
    const stored = await store.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 10 });
    expect(stored.map((t) => [t.tradeId, t.price])).toEqual([[1, 100], [2, 100], [3, 100]]);
    expect(await store.ticks.tickCount()).toBe(4);
    expect(await store.ticks.lastTradeId('BTCUSDT')).toBe(3);
    expect(await store.ticks.lastTradeId('SOLUSDT')).toBeNull();
    store.close();
  });

  it('pages through ticks that share a millisecond without skipping or repeating', async () => {
    const store = SqliteStore.open(path);
    const ticks = Array.from({ length: 50 }, (_, i) => tick('BTCUSDT', 1000 - i, 5 + Math.floor(i / 10)));
    await store.ticks.appendTicks(ticks);
    const seen: number[] = [];
    let after: { ts: number; tradeId: number } | undefined;
    for (;;) {
      const page = await store.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 7, ...(after ? { after } : {}) });
      seen.push(...page.map((t) => t.tradeId));
      if (page.length < 7) break;
      const last = page[page.length - 1]!;
      after = { ts: last.ts, tradeId: last.tradeId };
    }
    expect(seen.length).toBe(50);
    expect(new Set(seen).size).toBe(50);
    const ordered = [...ticks].sort((a, b) => a.ts - b.ts || a.tradeId - b.tradeId).map((t) => t.tradeId);
    expect(seen).toEqual(ordered);
    store.close();
  });

  it('answers time ranges with from inclusive and to exclusive', async () => {
    const store = SqliteStore.open(path);
    await store.ticks.appendTicks([10, 20, 30, 40].map((ts, i) => tick('BTCUSDT', i, ts)));
    const got = await store.ticks.queryTicks({ symbol: 'BTCUSDT', from: 20, to: 40, limit: 10 });
    expect(got.map((t) => t.ts)).toEqual([20, 30]);
    store.close();
  });

  it('keeps ticks, bars and counts across a close and reopen, at the current schema version', async () => {
    const store = SqliteStore.open(path);
    await store.ticks.appendTicks([tick('BTCUSDT', 1, 10)]);
    await store.bars.upsertBars([bar(0, 1), bar(1000, 2)]);
    store.close();
    const again = SqliteStore.open(path);
    expect(again.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(again.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(await again.ticks.tickCount()).toBe(1);
    expect(await again.bars.barCount()).toBe(2);
    expect(await again.ticks.symbolSummaries()).toEqual([{ symbol: 'BTCUSDT', ticks: 1, firstTs: 10, lastTs: 10 }]);
    again.close();
  });

  it('replaces a bar written again for the same bucket (a revision)', async () => {
    const store = SqliteStore.open(path);
    await store.bars.upsertBars([bar(0, 1), bar(1000, 2)]);
    await store.bars.upsertBars([bar(1000, 7)]);
    const bars = await store.bars.queryBars({ symbol: 'BTCUSDT', tf: '1s', limit: 10 });
    expect(bars.map((b) => [b.start, b.close])).toEqual([[0, 1], [1000, 7]]);
    expect((await store.bars.queryBars({ symbol: 'BTCUSDT', tf: '1s', afterStart: 0, limit: 10 })).length).toBe(1);
    await store.bars.upsertBars([{ ...bar(0, 1), symbol: 'ETHUSDT' }, { ...bar(0, 1), symbol: 'ADAUSDT', tf: '1m' as never }]);
    expect(await store.bars.symbols()).toEqual(['ADAUSDT', 'BTCUSDT', 'ETHUSDT']);
    store.close();
  });

  it('refuses a database written by a newer schema instead of guessing', () => {
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => SqliteStore.open(path)).toThrow(/newer than this Tandem/);
  });
});
