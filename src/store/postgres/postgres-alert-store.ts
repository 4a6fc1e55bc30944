/**
 * `PostgresAlertStore`: alert rules and events in PostgreSQL (migration 2), with the rules of
 * the SQLite store: params kept as JSON text (read back exactly as written), events unique on
 * `(rule_id, bar_start, kind, subject)` (migration 6) and inserted with `ON CONFLICT DO NOTHING`, a non-finite value
 * or threshold stored as NULL and read back as NaN, deleting a rule keeping its events.
 * Saves and deletes notify every server sharing the schema in the same transaction
 * (`pg-rule-listener.ts`), and an event is inserted only while its rule exists.
 * @module
 */

import type pg from 'pg';
import type { AlertDeliveryState, AlertEvent } from '../../model/alert-event.js';
import type { AlertRule } from '../../model/alert-rule.js';
import type { AlertEventQuery, AlertRuleStats, AlertStore, NewAlertEvent, RuleChange, RuleWatch } from '../alert-store.js';
import { orNull, toEvent, toRule, type AlertEventRow as EventRow, type AlertRuleRow as RuleRow } from '../alert-rows.js';
import { PgRuleListener, RULES_CHANNEL, ruleNotice } from './pg-rule-listener.js';
import { inPooledTransaction } from './pg-transaction.js';

export class PostgresAlertStore implements AlertStore {
  constructor(
    private readonly pool: pg.Pool,
    /** The server and schema, for the listening connection of `watchRules`. */
    private readonly where: { readonly url: string; readonly schema: string },
  ) {}

  async listRules(): Promise<AlertRule[]> {
    return (await this.pool.query<RuleRow>('SELECT * FROM alert_rules ORDER BY created_at, id')).rows.map(toRule);
  }

  async getRule(id: string): Promise<AlertRule | null> {
    const { rows } = await this.pool.query<RuleRow>('SELECT * FROM alert_rules WHERE id = $1', [id]);
    return rows[0] === undefined ? null : toRule(rows[0]);
  }

  async saveRule(rule: AlertRule): Promise<void> {
    await inPooledTransaction(this.pool, async (client) => {
      await client.query(
      `INSERT INTO alert_rules (id, name, type, severity, enabled, cooldown_ms, hysteresis, evaluate_on, webhook_url, params, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, severity = excluded.severity, enabled = excluded.enabled,
         cooldown_ms = excluded.cooldown_ms, hysteresis = excluded.hysteresis, evaluate_on = excluded.evaluate_on, webhook_url = excluded.webhook_url,
         params = excluded.params, updated_at = excluded.updated_at`,
      [rule.id, rule.name, rule.type, rule.severity, rule.enabled, rule.cooldownMs, rule.hysteresis, rule.evaluateOn, rule.webhookUrl, JSON.stringify(rule.params), rule.createdAt, rule.updatedAt],
      );
      await this.notify(client, 'saved', rule.id);
    });
  }

  async deleteRule(id: string): Promise<boolean> {
    return inPooledTransaction(this.pool, async (client) => {
      const deleted = ((await client.query('DELETE FROM alert_rules WHERE id = $1', [id])).rowCount ?? 0) > 0;
      if (deleted) await this.notify(client, 'deleted', id);
      return deleted;
    });
  }

  async watchRules(listener: (change: RuleChange) => void): Promise<RuleWatch> {
    const l = new PgRuleListener(this.where.url, this.where.schema, listener);
    await l.start();
    return () => l.stop();
  }

  async insertEvent(e: NewAlertEvent): Promise<AlertEvent | null> {
    const { rows } = await this.pool.query<{ id: number }>(
      `INSERT INTO alert_events (rule_id, rule_name, rule_type, kind, severity, subject, value, threshold, ts, bar_start, message, delivery)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 WHERE EXISTS (SELECT 1 FROM alert_rules WHERE id = $1)
       ON CONFLICT (rule_id, bar_start, kind, subject) DO NOTHING RETURNING id`,
      [e.ruleId, e.ruleName, e.ruleType, e.kind, e.severity, e.subject, orNull(e.value), orNull(e.threshold), e.ts, e.barStart, e.message, e.delivery],
    );
    return rows[0] === undefined ? null : { ...e, id: rows[0].id, deliveryError: null };
  }

  async queryEvents(q: AlertEventQuery): Promise<AlertEvent[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const desc = q.order === 'desc';
    const filter = (clause: (p: string) => string, value: unknown): void => {
      if (value === undefined) return;
      args.push(value);
      where.push(clause(`$${args.length}`));
    };
    filter((p) => `ts >= ${p}`, q.from);
    filter((p) => `ts < ${p}`, q.to);
    filter((p) => `rule_id = ${p}`, q.ruleId);
    filter((p) => `severity = ${p}`, q.severity);
    if (q.after !== undefined) {
      args.push(q.after.ts, q.after.id);
      where.push(`(ts, id) ${desc ? '<' : '>'} ($${args.length - 1}, $${args.length})`);
    }
    args.push(q.limit);
    const dir = desc ? 'DESC' : 'ASC';
    const sql = `SELECT * FROM alert_events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ts ${dir}, id ${dir} LIMIT $${args.length}`;
    return (await this.pool.query<EventRow>(sql, args)).rows.map(toEvent);
  }

  async recordDelivery(eventId: number, ruleId: string, state: AlertDeliveryState, error: string | null, at: number): Promise<void> {
    await inPooledTransaction(this.pool, async (client) => {
      await client.query('UPDATE alert_events SET delivery = $1, delivery_error = $2 WHERE id = $3', [state, error, eventId]);
      if (state === 'failed') {
        await client.query('UPDATE alert_rules SET deliveries_failed = deliveries_failed + 1, last_delivery_error = $1, last_delivery_error_at = $2 WHERE id = $3', [error, at, ruleId]);
      }
    });
  }

  /** Sent on commit of `client`'s transaction, to every listener of the database. */
  private async notify(client: pg.ClientBase, kind: 'saved' | 'deleted', id: string): Promise<void> {
    await client.query('SELECT pg_notify($1, $2)', [RULES_CHANNEL, ruleNotice(this.where.schema, kind, id)]);
  }

  async ruleStats(): Promise<Map<string, AlertRuleStats>> {
    const { rows } = await this.pool.query<{ id: string; n: number; last: number | null; deliveries_failed: number; last_delivery_error: string | null; last_delivery_error_at: number | null }>(`
      SELECT r.id, coalesce(e.n, 0) AS n, e.last, r.deliveries_failed, r.last_delivery_error, r.last_delivery_error_at
      FROM alert_rules r
      LEFT JOIN (SELECT rule_id, count(*) AS n, max(ts) AS last FROM alert_events GROUP BY rule_id) e ON e.rule_id = r.id`);
    return new Map(
      rows.map((r) => [r.id, { firings: r.n, lastFiredAt: r.last, deliveriesFailed: r.deliveries_failed, lastDeliveryError: r.last_delivery_error, lastDeliveryErrorAt: r.last_delivery_error_at }]),
    );
  }
}
