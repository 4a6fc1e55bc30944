import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertRule } from '../../model/alert-rule.js';
import type { NewAlertEvent } from '../alert-store.js';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';

const rule = (id: string, enabled = true): AlertRule => ({
  id,
  name: `rule ${id}`,
  type: 'zscore',
  params: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'ols', window: 20, threshold: 2, direction: 'outside' },
  severity: 'critical',
  enabled,
  cooldownMs: 0,
  hysteresis: 0.5,
  evaluateOn: 'final',
  webhookUrl: null,
  createdAt: 1,
  updatedAt: 1,
});

const event = (ruleId: string, barStart: number, ts = barStart + 5): NewAlertEvent => ({
  ruleId,
  ruleName: `rule ${ruleId}`,
  ruleType: 'zscore',
  kind: 'above',
  severity: 'critical',
  subject: 'ETHUSDT/BTCUSDT 1s ols 20',
  value: 2.5,
  threshold: 2,
  ts,
  barStart,
  message: 'z went above +2',
  delivery: 'none',
});

describe('SqliteAlertStore', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-alerts-'));
    path = join(dir, 'tandem.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores an event once: the same rule, bar and kind again is ignored', async () => {
    const store = SqliteStore.open(path);
    await store.alerts.saveRule(rule('a'));
    const first = await store.alerts.insertEvent(event('a', 1000));
    expect(first?.id).toBeGreaterThan(0);
    expect(await store.alerts.insertEvent(event('a', 1000, 9999))).toBeNull();
    expect(await store.alerts.insertEvent({ ...event('a', 1000), kind: 'below' })).not.toBeNull();
    expect(await store.alerts.insertEvent(event('a', 2000))).not.toBeNull();
    expect((await store.alerts.queryEvents({ limit: 10 })).length).toBe(3);
    expect((await store.alerts.ruleStats()).get('a')?.firings).toBe(3);
    store.close();
  });

  it('keeps rules and events across a close and reopen', async () => {
    const store = SqliteStore.open(path);
    await store.alerts.saveRule(rule('a'));
    await store.alerts.saveRule(rule('b', false));
    await store.alerts.insertEvent({ ...event('a', 1000), value: Number.NaN });
    store.close();
    const again = SqliteStore.open(path);
    expect(await again.alerts.listRules()).toEqual([rule('a'), rule('b', false)]);
    const [e] = await again.alerts.queryEvents({ limit: 10 });
    expect(e).toMatchObject({ ruleId: 'a', barStart: 1000, kind: 'above', threshold: 2, delivery: 'none', deliveryError: null });
    expect(e!.value).toBeNaN();
    again.close();
  });

  it('filters and pages events by time, rule and severity, in either order, without skipping or repeating', async () => {
    const store = SqliteStore.open(path);
    for (let i = 0; i < 25; i++) await store.alerts.insertEvent({ ...event(i % 2 === 0 ? 'a' : 'b', i * 1000, 100 * Math.floor(i / 5)), severity: i % 3 === 0 ? 'info' : 'critical' });
    for (const order of ['asc', 'desc'] as const) {
      const seen: number[] = [];
      let after: { ts: number; id: number } | undefined;
      for (;;) {
        const page = await store.alerts.queryEvents({ limit: 4, order, ...(after ? { after } : {}) });
        seen.push(...page.map((e) => e.id));
        if (page.length < 4) break;
        after = { ts: page[3]!.ts, id: page[3]!.id };
      }
      expect(new Set(seen).size).toBe(25);
      expect(seen).toEqual(order === 'asc' ? [...seen].sort((x, y) => x - y) : [...seen].sort((x, y) => y - x));
    }
    expect((await store.alerts.queryEvents({ limit: 100, ruleId: 'a' })).length).toBe(13);
    expect((await store.alerts.queryEvents({ limit: 100, severity: 'info' })).length).toBe(9);
    expect((await store.alerts.queryEvents({ limit: 100, from: 100, to: 300 })).length).toBe(10);
    store.close();
  });

  it('records a failed delivery on the event and on the rule', async () => {
    const store = SqliteStore.open(path);
    await store.alerts.saveRule(rule('a'));
    const e = await store.alerts.insertEvent({ ...event('a', 1000), delivery: 'pending' });
    await store.alerts.recordDelivery(e!.id, 'a', 'failed', 'HTTP 500 after 3 attempts', 42);
    expect((await store.alerts.queryEvents({ limit: 1 }))[0]).toMatchObject({ delivery: 'failed', deliveryError: 'HTTP 500 after 3 attempts' });
    expect((await store.alerts.ruleStats()).get('a')).toEqual({ firings: 1, lastFiredAt: 1005, deliveriesFailed: 1, lastDeliveryError: 'HTTP 500 after 3 attempts', lastDeliveryErrorAt: 42 });
    expect(await store.alerts.deleteRule('a')).toBe(true);
    expect(await store.alerts.deleteRule('a')).toBe(false);
    // Deleting a rule keeps its history.
    expect((await store.alerts.queryEvents({ limit: 10 })).length).toBe(1);
    store.close();
  });

  it('migrates a database of the previous version, keeping its ticks and bars', async () => {
    const db = new Database(path);
    db.transaction(() => {
      for (const m of MIGRATIONS.filter((m) => m.version < 3)) db.exec(m.sql);
      db.pragma('user_version = 2');
    })();
    db.prepare("INSERT INTO ticks VALUES ('BTCUSDT', 1, 10, 100, 1, 0, 'simulator')").run();
    db.close();
    const store = SqliteStore.open(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(await store.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 10 })).toHaveLength(1);
    await store.alerts.saveRule(rule('a'));
    expect(await store.alerts.listRules()).toHaveLength(1);
    store.close();
  });

  it('migrates an empty database to the current version', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['ticks', 'bars', 'alert_rules', 'alert_events']));
    db.close();
  });
});
