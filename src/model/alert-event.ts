/**
 * `AlertEvent`: one firing of a rule. It is unique on `(ruleId, barStart, kind, subject)`, so the same
 * crossing is never stored or delivered twice (a restart, a replayed bar).
 * @module
 */

import type { AlertRuleType, AlertSeverity } from './alert-rule.js';

/**
 * What happened: `above`/`below` (a threshold crossed outward), `cross_up`/`cross_down` (a
 * price level crossed), `weakening`/`broken` (health), `stall`/`lag`/`gap` (data quality),
 * `entry`/`exit` (a paper strategy's fill), `enter` (a pair entered the screener's top N).
 */
export type AlertEventKind = 'above' | 'below' | 'cross_up' | 'cross_down' | 'weakening' | 'broken' | 'stall' | 'lag' | 'gap' | 'entry' | 'exit' | 'enter';

/** Webhook delivery of an event: `none` (no webhook), `pending`, `delivered`, `failed`. */
export type AlertDeliveryState = 'none' | 'pending' | 'delivered' | 'failed';

export interface AlertEvent {
  /** Store id, increasing with insertion. */
  readonly id: number;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly ruleType: AlertRuleType;
  readonly kind: AlertEventKind;
  readonly severity: AlertSeverity;
  /** What the rule watches, e.g. `ETHUSDT/BTCUSDT 1s ols 20` or `BTCUSDT`. */
  readonly subject: string;
  /** The value that fired (z, price, spread, volume z, correlation, EG p-value, ms, gap count). */
  readonly value: number;
  readonly threshold: number;
  /** When it fired (server clock), epoch ms. */
  readonly ts: number;
  /** Start of the bar it fired on (for time-driven rules, `ts`). */
  readonly barStart: number;
  readonly message: string;
  readonly delivery: AlertDeliveryState;
  readonly deliveryError: string | null;
}
