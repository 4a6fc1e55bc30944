// The behaviour every store shares (de-duplication, ranges, paging, streaming, concurrent
// writers, migrations, bad rows, bars, alerts) is tested once for both adapters in
// test/integration/store-contract/. This file keeps what only SQLite has.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tick } from '../../model/tick.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
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

  it('reads a time range in the table\'s own key order after migrating a version 6 file, and still takes each trade id once', async () => {
    const path = join(dir, 'v6.db');
    const old = new Database(path);
    for (const m of MIGRATIONS.filter((x) => x.version <= 6)) old.exec(m.sql);
    old.pragma('user_version = 6');
    const put = old.prepare('INSERT INTO ticks (symbol, trade_id, ts, price, qty, buyer_maker, source) VALUES (?, ?, ?, ?, ?, ?, ?)');
    // Ids out of time order on purpose (an import of another exchange's ids, say).
    for (const [id, ts] of [[5, 1000], [3, 1001], [9, 999], [4, 1001]] as const) put.run('BTCUSDT', id, ts, 100 + id, 1, 0, 'import');
    old.exec("INSERT INTO tick_counts (symbol, n) VALUES ('BTCUSDT', 4)");
    old.close();

    const store = SqliteStore.open(path);
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect((await store.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 10 })).map((t) => [t.ts, t.tradeId, t.price])).toEqual([[999, 9, 109], [1000, 5, 105], [1001, 3, 103], [1001, 4, 104]]);
      // A time range is a search of the table's key, not an index whose every row costs a lookup.
      const plan = store.db.prepare('EXPLAIN QUERY PLAN SELECT ts, trade_id, price FROM ticks WHERE symbol = ? AND (ts, trade_id) > (?, ?) AND ts < ? ORDER BY ts, trade_id LIMIT 10').all('BTCUSDT', 0, 0, 2000) as { detail: string }[];
      expect(plan.map((r) => r.detail).join('; ')).toBe('SEARCH ticks USING PRIMARY KEY (symbol=? AND (ts,trade_id)>(?,?) AND ts<?)');
      // The same trade id at another time is the same trade.
      expect(await store.ticks.appendTicks([{ ...tick(3), ts: 5000 } as Tick, tick(10)])).toEqual({ inserted: 1, duplicates: 1 });
      expect(await store.ticks.lastTradeId('BTCUSDT')).toBe(10);
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      store.close();
    }
  });

  it.each([false, true])('keeps alert events and their ids when migration 8 widens their key with the subject (all events deleted before: %s)', async (emptied) => {
    const path = join(dir, 'v7.db');
    const old = new Database(path);
    for (const m of MIGRATIONS.filter((x) => x.version <= 7)) old.exec(m.sql);
    old.pragma('user_version = 7');
    old.exec(`INSERT INTO alert_rules (id, name, type, params, severity, enabled, cooldown_ms, hysteresis, evaluate_on, webhook_url, created_at, updated_at)
      VALUES ('r', 'fills', 'strategy_fill', '{"strategyId":null}', 'info', 1, 0, 0, 'final', NULL, 1, 1)`);
    const put = old.prepare(`INSERT INTO alert_events (rule_id, rule_name, rule_type, kind, severity, subject, value, threshold, ts, bar_start, message)
      VALUES ('r', 'fills', 'strategy_fill', 'entry', 'info', ?, 0, NULL, ?, ?, 'paper strategy s-1: entered')`);
    for (const t of [1000, 2000, 3000]) put.run('strategy s-1', t + 5, t);
    old.exec('DELETE FROM alert_events WHERE bar_start = 3000');
    // The same rule, time and kind for another subject was refused before.
    expect(() => put.run('strategy s-2', 2005, 2000)).toThrow(/UNIQUE/);
    if (emptied) old.exec('DELETE FROM alert_events');
    old.close();

    const store = SqliteStore.open(path);
    try {
      const kept = await store.alerts.queryEvents({ limit: 10 });
      expect(kept.map((e) => [e.id, e.barStart, e.subject])).toEqual(emptied ? [] : [[1, 1000, 'strategy s-1'], [2, 2000, 'strategy s-1']]);
      const again = { ruleId: 'r', ruleName: 'fills', ruleType: 'strategy_fill', kind: 'entry', severity: 'info', value: 0, threshold: Number.NaN, ts: 2005, barStart: 2000, message: 'paper strategy s-2: entered', delivery: 'none' } as const;
      // Ids keep increasing past the deleted one; a second subject at one time is its own event, once.
      expect((await store.alerts.insertEvent({ ...again, subject: 'strategy s-2' }))?.id).toBe(4);
      expect(await store.alerts.insertEvent({ ...again, subject: 'strategy s-2' })).toBeNull();
      const s1 = await store.alerts.insertEvent({ ...again, subject: 'strategy s-1' });
      if (emptied) expect(s1!.id).toBeGreaterThan(4);
      else expect(s1).toBeNull();
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      store.close();
    }
  });
});
