/**
 * The rows of the alert tables as both alert stores read them, and their mapping to the
 * domain types, so SQLite and PostgreSQL answer with identical rules and events.
 * @module
 */

import type { AlertDeliveryState, AlertEvent, AlertEventKind } from '../model/alert-event.js';
import type { AlertRule, AlertRuleType, AlertSeverity, EvaluateOn } from '../model/alert-rule.js';

export interface AlertRuleRow {
  id: string;
  name: string;
  type: string;
  severity: string;
  /** SQLite has no boolean: 0/1 there, true/false in PostgreSQL. */
  enabled: boolean | number;
  cooldown_ms: number;
  hysteresis: number;
  evaluate_on: string;
  webhook_url: string | null;
  params: string;
  created_at: number;
  updated_at: number;
}

export interface AlertEventRow {
  id: number;
  rule_id: string;
  rule_name: string;
  rule_type: string;
  kind: string;
  severity: string;
  subject: string;
  value: number | null;
  threshold: number | null;
  ts: number;
  bar_start: number;
  message: string;
  delivery: string;
  delivery_error: string | null;
}

export const toRule = (r: AlertRuleRow): AlertRule =>
  ({
    id: r.id,
    name: r.name,
    type: r.type as AlertRuleType,
    severity: r.severity as AlertSeverity,
    enabled: r.enabled === true || r.enabled === 1,
    cooldownMs: r.cooldown_ms,
    hysteresis: r.hysteresis,
    evaluateOn: r.evaluate_on as EvaluateOn,
    webhookUrl: r.webhook_url,
    params: JSON.parse(r.params) as unknown,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }) as AlertRule;

export const toEvent = (r: AlertEventRow): AlertEvent => ({
  id: r.id,
  ruleId: r.rule_id,
  ruleName: r.rule_name,
  ruleType: r.rule_type as AlertRuleType,
  kind: r.kind as AlertEventKind,
  severity: r.severity as AlertSeverity,
  subject: r.subject,
  // Both stores keep NaN (an undefined p-value) as NULL.
  value: r.value ?? Number.NaN,
  threshold: r.threshold ?? Number.NaN,
  ts: r.ts,
  barStart: r.bar_start,
  message: r.message,
  delivery: r.delivery as AlertDeliveryState,
  deliveryError: r.delivery_error,
});

/** A non-finite value is stored as NULL. */
export const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
