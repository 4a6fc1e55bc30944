/**
 * `AlertStore`: the port for alert rules and their fired events. Events are unique on
 * `(ruleId, barStart, kind, subject)`: inserting the same firing twice stores it once, which is also how
 * several servers evaluating the same bars agree on one firing (the insert is the claim, and
 * only its winner delivers the webhook). An event of a rule that is no longer stored is not
 * stored either, so a server that has not yet heard of a delete records nothing for the
 * deleted rule. Deleting a rule keeps its events (they carry the rule's name and type).
 *
 * A store that several servers share (PostgreSQL) also tells each of them when a rule changes
 * (`watchRules`), so every server's in-memory rule set follows the store (docs/scaling.md,
 * "Alerts on several servers").
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

/**
 * A rule was saved or deleted somewhere (this process or another), or `resync`: changes may
 * have been missed (the listening connection was lost and is back), so reload every rule.
 */
export type RuleChange = { readonly kind: 'saved' | 'deleted'; readonly id: string } | { readonly kind: 'resync' };

/** Stops listening for rule changes. */
export type RuleWatch = () => Promise<void>;

export interface AlertStore {
  listRules(): Promise<AlertRule[]>;
  getRule(id: string): Promise<AlertRule | null>;
  /** Inserts or replaces the rule of the same id. */
  saveRule(rule: AlertRule): Promise<void>;
  /** True when a rule was deleted. */
  deleteRule(id: string): Promise<boolean>;
  /**
   * Stores `event` unless the same `(ruleId, barStart, kind, subject)` is stored or its rule is not
   * stored (deleted); returns it with its id, or null when it was not stored.
   */
  insertEvent(event: NewAlertEvent): Promise<AlertEvent | null>;
  queryEvents(q: AlertEventQuery): Promise<AlertEvent[]>;
  /** Records how the webhook delivery of an event ended, and the rule's last failure. */
  recordDelivery(eventId: number, ruleId: string, state: AlertDeliveryState, error: string | null, at: number): Promise<void>;
  ruleStats(): Promise<Map<string, AlertRuleStats>>;
  /**
   * Calls `listener` with every rule change committed by any process sharing this store, from
   * when the returned promise resolves. Absent on a store only one process writes (SQLite).
   */
  watchRules?(listener: (change: RuleChange) => void): Promise<RuleWatch>;
}
