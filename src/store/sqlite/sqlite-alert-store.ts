/**
 * `SqliteAlertStore`: alert rules and events in Tandem's SQLite file (migration 3). Rules keep
 * their type-specific params as JSON; events are unique on `(rule_id, bar_start, kind, subject)` (migration 8) and
 * inserted with `INSERT OR IGNORE`, so a firing is never stored twice, and only while their
 * rule exists.
 * @module
 */

import type Database from 'better-sqlite3';
import type { AlertDeliveryState, AlertEvent } from '../../model/alert-event.js';
import type { AlertRule } from '../../model/alert-rule.js';
import type { AlertEventQuery, AlertRuleStats, AlertStore, NewAlertEvent } from '../alert-store.js';
import { orNull, toEvent, toRule, type AlertEventRow as EventRow, type AlertRuleRow as RuleRow } from '../alert-rows.js';

export class SqliteAlertStore implements AlertStore {
  private readonly insertEventStmt: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insertEventStmt = db.prepare(`INSERT OR IGNORE INTO alert_events (rule_id, rule_name, rule_type, kind, severity, subject, value, threshold, ts, bar_start, message, delivery)
      SELECT @ruleId, @ruleName, @ruleType, @kind, @severity, @subject, @value, @threshold, @ts, @barStart, @message, @delivery WHERE EXISTS (SELECT 1 FROM alert_rules WHERE id = @ruleId)`);
  }

  listRules(): Promise<AlertRule[]> {
    return Promise.resolve((this.db.prepare('SELECT * FROM alert_rules ORDER BY created_at, id').all() as RuleRow[]).map(toRule));
  }

  getRule(id: string): Promise<AlertRule | null> {
    const row = this.db.prepare('SELECT * FROM alert_rules WHERE id = ?').get(id) as RuleRow | undefined;
    return Promise.resolve(row === undefined ? null : toRule(row));
  }

  saveRule(rule: AlertRule): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO alert_rules (id, name, type, severity, enabled, cooldown_ms, hysteresis, evaluate_on, webhook_url, params, created_at, updated_at)
         VALUES (@id, @name, @type, @severity, @enabled, @cooldownMs, @hysteresis, @evaluateOn, @webhookUrl, @params, @createdAt, @updatedAt)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, severity = excluded.severity, enabled = excluded.enabled,
           cooldown_ms = excluded.cooldown_ms, hysteresis = excluded.hysteresis, evaluate_on = excluded.evaluate_on, webhook_url = excluded.webhook_url,
           params = excluded.params, updated_at = excluded.updated_at`,
      )
      .run({ ...rule, enabled: rule.enabled ? 1 : 0, params: JSON.stringify(rule.params) });
    return Promise.resolve();
  }

  deleteRule(id: string): Promise<boolean> {
    return Promise.resolve(this.db.prepare('DELETE FROM alert_rules WHERE id = ?').run(id).changes > 0);
  }

  /** Synchronous insert, for the engine's evaluation path (SQLite is in-process). */
  insertEventSync(e: NewAlertEvent): AlertEvent | null {
    const r = this.insertEventStmt.run({ ...e, value: orNull(e.value), threshold: orNull(e.threshold) });
    if (r.changes === 0) return null;
    return { ...e, id: Number(r.lastInsertRowid), deliveryError: null };
  }

  insertEvent(e: NewAlertEvent): Promise<AlertEvent | null> {
    return Promise.resolve(this.insertEventSync(e));
  }

  queryEvents(q: AlertEventQuery): Promise<AlertEvent[]> {
    const where: string[] = [];
    const args: Record<string, unknown> = { limit: q.limit };
    const desc = q.order === 'desc';
    const filter = (clause: string, name: string, value: unknown): void => {
      if (value === undefined) return;
      where.push(clause);
      args[name] = value;
    };
    filter('ts >= @from', 'from', q.from);
    filter('ts < @to', 'to', q.to);
    filter('rule_id = @ruleId', 'ruleId', q.ruleId);
    filter('severity = @severity', 'severity', q.severity);
    if (q.after !== undefined) {
      where.push(desc ? '(ts < @afterTs OR (ts = @afterTs AND id < @afterId))' : '(ts > @afterTs OR (ts = @afterTs AND id > @afterId))');
      args['afterTs'] = q.after.ts;
      args['afterId'] = q.after.id;
    }
    const dir = desc ? 'DESC' : 'ASC';
    const sql = `SELECT * FROM alert_events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ts ${dir}, id ${dir} LIMIT @limit`;
    return Promise.resolve((this.db.prepare(sql).all(args) as EventRow[]).map(toEvent));
  }

  recordDelivery(eventId: number, ruleId: string, state: AlertDeliveryState, error: string | null, at: number): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('UPDATE alert_events SET delivery = ?, delivery_error = ? WHERE id = ?').run(state, error, eventId);
      if (state === 'failed') {
        this.db.prepare('UPDATE alert_rules SET deliveries_failed = deliveries_failed + 1, last_delivery_error = ?, last_delivery_error_at = ? WHERE id = ?').run(error, at, ruleId);
      }
    })();
    return Promise.resolve();
  }

  ruleStats(): Promise<Map<string, AlertRuleStats>> {
    const counts = this.db.prepare('SELECT rule_id, COUNT(*) AS n, MAX(ts) AS last FROM alert_events GROUP BY rule_id').all() as { rule_id: string; n: number; last: number }[];
    const rules = this.db.prepare('SELECT id, deliveries_failed, last_delivery_error, last_delivery_error_at FROM alert_rules').all() as {
      id: string;
      deliveries_failed: number;
      last_delivery_error: string | null;
      last_delivery_error_at: number | null;
    }[];
    const byRule = new Map(counts.map((c) => [c.rule_id, c]));
    const out = new Map<string, AlertRuleStats>();
    for (const r of rules) {
      const c = byRule.get(r.id);
      out.set(r.id, { firings: c?.n ?? 0, lastFiredAt: c?.last ?? null, deliveriesFailed: r.deliveries_failed, lastDeliveryError: r.last_delivery_error, lastDeliveryErrorAt: r.last_delivery_error_at });
    }
    return Promise.resolve(out);
  }
}
