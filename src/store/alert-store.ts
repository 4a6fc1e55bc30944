/**
 * `AlertStore`: the port for alert rules and their fired events. Events are unique on
 * `(ruleId, barStart, kind)`: inserting the same firing twice stores it once. Deleting a rule
 * keeps its events (they carry the rule's name and type).
 * @module
 */

import type { AlertDeliveryState, AlertEvent } from '../model/alert-event.js';
import type { AlertRule, AlertSeverity } from '../model/alert-rule.js';

export type NewAlertEvent = Omit<AlertEvent, 'id' | 'deliveryError'>;

export interface AlertEventQuery {
  /** Inclusive lower bound on `ts`. */
  readonly from?: number;
  /** Exclusive upper bound on `ts`. */
  readonly to?: number;
  readonly ruleId?: string;
  readonly severity?: AlertSeverity;
  readonly limit: number;
  /** `asc` oldest first (default), `desc` newest first. */
  readonly order?: 'asc' | 'desc';
  /** Continue strictly after this `(ts, id)` in the chosen order. */
  readonly after?: { readonly ts: number; readonly id: number };
}

/** Per-rule figures shown beside a rule. */
export interface AlertRuleStats {
  readonly firings: number;
  readonly lastFiredAt: number | null;
  readonly deliveriesFailed: number;
  readonly lastDeliveryError: string | null;
  readonly lastDeliveryErrorAt: number | null;
}

export interface AlertStore {
  listRules(): Promise<AlertRule[]>;
  getRule(id: string): Promise<AlertRule | null>;
  /** Inserts or replaces the rule of the same id. */
  saveRule(rule: AlertRule): Promise<void>;
  /** True when a rule was deleted. */
  deleteRule(id: string): Promise<boolean>;
  /** Stores `event` unless the same `(ruleId, barStart, kind)` is stored; returns it with its id, or null for a duplicate. */
  insertEvent(event: NewAlertEvent): Promise<AlertEvent | null>;
  queryEvents(q: AlertEventQuery): Promise<AlertEvent[]>;
  /** Records how the webhook delivery of an event ended, and the rule's last failure. */
  recordDelivery(eventId: number, ruleId: string, state: AlertDeliveryState, error: string | null, at: number): Promise<void>;
  ruleStats(): Promise<Map<string, AlertRuleStats>>;
}
