// The behaviour every store shares (de-duplication, ranges, paging, streaming, concurrent
// writers, migrations, bad rows, bars, alerts) is tested once for both adapters in
// test/integration/store-contract/. This file keeps what only SQLite has.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tick } from '../../model/tick.js';
import { SCHEMA_VERSION } from './migrations.js';
import { SqliteMarketStores } from './sqlite-market-stores.js';
import { SqliteStore } from './sqlite-store.js';

const tick = (tradeId: number): Tick => ({ symbol: 'BTCUSDT', tradeId, ts: 1000 + tradeId, price: 100, qty: 1, buyerMaker: false, source: 'simulator' }) as Tick;

describe('SqliteStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a file in WAL mode at the current schema version, and checkpoints the WAL away on close', async () => {
    const path = join(dir, 'tandem.db');
    const store = SqliteStore.open(path);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    await store.ticks.appendTicks([tick(1)]);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    store.close();
    store.close();
    expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
    const again = SqliteStore.open(path);
    expect(await again.ticks.tickCount()).toBe(1);
    again.close();
  });

  it('writes live ticks of an in-memory database in place, through the same TickWriter port', async () => {
    const stores = SqliteMarketStores.open(':memory:');
    expect(stores.info).toEqual({ kind: 'sqlite', location: ':memory:', schema: null });
    const writer = stores.openTickWriter();
    expect(await writer.append([tick(1), tick(2), tick(2)])).toEqual({ inserted: 2, duplicates: 1 });
    await writer.close();
    expect(await stores.ticks.tickCount()).toBe(2);
    await stores.close();
    await stores.close();
  });
});
