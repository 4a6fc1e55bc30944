/**
 * The store contract on SQLite: each store a temporary file of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/store/sqlite/migrations.js';
import { SqliteMarketStores } from '../../../src/store/sqlite/sqlite-market-stores.js';
import { describeStoreContract, tick, type StoreHandle } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const handle = (path: string): StoreHandle => ({
  open: async () => SqliteMarketStores.open(path),
  schemaVersion: () => {
    const db = new Database(path, { readonly: true });
    try {
      return Promise.resolve(db.pragma('user_version', { simple: true }) as number);
    } finally {
      db.close();
    }
  },
  markNewer: () => {
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    return Promise.resolve();
  },
});

describeStoreContract('SQLite', {
  latestVersion: SCHEMA_VERSION,
  create: () => Promise.resolve(handle(join(dir, `store-${n++}.db`))),
  createAtPreviousVersion: (ticks, bars) => {
    const path = join(dir, `store-${n++}.db`);
    const db = new Database(path);
    const previous = SCHEMA_VERSION - 1;
    db.transaction(() => {
      for (const m of MIGRATIONS.filter((m) => m.version <= previous)) db.exec(m.sql);
      db.pragma(`user_version = ${previous}`);
      const tick = db.prepare('INSERT INTO ticks (symbol, trade_id, ts, price, qty, buyer_maker, source) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const t of ticks) tick.run(t.symbol, t.tradeId, t.ts, t.price, t.qty, t.buyerMaker ? 1 : 0, t.source);
      db.exec('INSERT INTO tick_counts (symbol, n) SELECT symbol, COUNT(*) FROM ticks GROUP BY symbol');
      const bar = db.prepare('INSERT INTO bars (symbol, tf, start, open, high, low, close, volume, vwap, trades) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (const b of bars) bar.run(b.symbol, b.tf, b.start, b.open, b.high, b.low, b.close, b.volume, b.vwap, b.trades);
    })();
    db.close();
    return Promise.resolve(handle(path));
  },
});

// Where the adapters differ, on purpose (docs/architecture.md, "Stores"): SQLite's key is
// (symbol, trade_id) alone, so a different tick reusing a trade id is dropped as a duplicate.
it('SQLite: drops a different tick that reuses a trade id at another time (PostgreSQL stores it)', async () => {
  const s = SqliteMarketStores.open(join(dir, `store-${n++}.db`));
  try {
    expect(await s.ticks.appendTicks([tick('BTCUSDT', 1, 1_795_000_000_000), tick('BTCUSDT', 1, 1_795_000_000_001)])).toEqual({ inserted: 1, duplicates: 1 });
  } finally {
    await s.close();
  }
});
