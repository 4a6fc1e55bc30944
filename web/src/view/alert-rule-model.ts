/**
 * Alert rules as the Alerts tab lists them: what each watches in one line, its state, how
 * often it fired, and its last webhook failure, so failing deliveries are visible.
 * @module
 */

import type { AlertRuleDto } from '../../../src/server/dto/alert-schemas';
import { formatAlertValue, formatUtc } from './alert-event-model';

export interface AlertRuleRow {
  readonly id: string;
  readonly name: string;
  readonly type: AlertRuleDto['type'];
  readonly severity: AlertRuleDto['severity'];
  readonly enabled: boolean;
  /** `z-score of ETHUSDT/BTCUSDT 1s ols 20 outside ±2`. */
  readonly condition: string;
  /** `armed`, `disarmed`, `warming up`, `off`. */
  readonly phase: string;
  readonly firings: number;
  /** `2026-11-24 13:05:07`, or null when it never fired. */
  readonly lastFired: string | null;
  /** `HTTP 503 after 3 attempts (2 failed deliveries, last 13:05:09)`, or null. */
  readonly deliveryError: string | null;
  /** `webhook` when it has one. */
  readonly webhook: string | null;
}

const side = (direction: string, v: number): string => (direction === 'outside' ? `outside \u00b1${formatAlertValue(v)}` : `${direction} ${formatAlertValue(v)}`);

/** ` on log prices` for a pair rule computed on them, nothing on raw prices. */
const onLog = (p: { readonly prices?: string }): string => (p.prices === 'log' ? ' on log prices' : '');

/** One line of what a rule watches and when it fires. */
export function describeRule(rule: AlertRuleDto): string {
  switch (rule.type) {
    case 'zscore': {
      const p = rule.params;
      return `z-score of ${p.y}/${p.x} ${p.tf} ${p.method}${onLog(p)} ${p.window} ${side(p.direction, p.threshold)}`;
    }
    case 'spread': {
      const p = rule.params;
      return `spread of ${p.y}/${p.x} ${p.tf} ${p.method}${onLog(p)} ${p.window} ${side(p.direction, p.level)}`;
    }
    case 'price': {
      const p = rule.params;
      return `${p.symbol} ${p.tf} close ${p.direction === 'crossing' ? 'crosses' : p.direction} ${formatAlertValue(p.level)}`;
    }
    case 'volume_spike': {
      const p = rule.params;
      return `volume z-score of ${p.symbol} ${p.tf} over ${p.window} bars above ${formatAlertValue(p.threshold)}`;
    }
    case 'correlation_break': {
      const p = rule.params;
      return `correlation of ${p.y}/${p.x} ${p.tf} over ${p.window} bars below ${formatAlertValue(p.level)}`;
    }
    case 'cointegration_health': {
      const p = rule.params;
      return `cointegration of ${p.y}/${p.x} ${p.tf} ${p.method}${onLog(p)} ${p.window} becomes ${p.states.join(' or ')}`;
    }
    case 'screener_entry': {
      const p = rule.params;
      return `a pair enters the screener's top ${p.topN} at ${p.tf} with p < ${formatAlertValue(p.maxPvalue)}`;
    }
    case 'data_quality': {
      const p = rule.params;
      if (p.condition === 'gap') return `${p.symbol}: a gap in the trade feed`;
      return p.condition === 'stall' ? `${p.symbol}: no trade for over ${formatAlertValue(p.thresholdMs)} ms` : `${p.symbol}: feed lag p99 over ${formatAlertValue(p.thresholdMs)} ms`;
    }
    case 'strategy_fill':
      return rule.params.strategyId === null ? 'every fill of any paper strategy' : `every fill of paper strategy ${rule.params.strategyId}`;
  }
}

const PHASES: Readonly<Record<AlertRuleDto['phase'], string>> = { inactive: 'off', warming: 'warming up', armed: 'armed', disarmed: 'disarmed' };

export function alertRuleRow(rule: AlertRuleDto): AlertRuleRow {
  const s = rule.stats;
  let deliveryError: string | null = null;
  if (s.lastDeliveryError !== null) {
    const when = s.lastDeliveryErrorAt === null ? '' : `, last ${formatUtc(s.lastDeliveryErrorAt).slice(11)}`;
    deliveryError = `${s.lastDeliveryError} (${s.deliveriesFailed} failed ${s.deliveriesFailed === 1 ? 'delivery' : 'deliveries'}${when})`;
  }
  return {
    id: rule.id,
    name: rule.name,
    type: rule.type,
    severity: rule.severity,
    enabled: rule.enabled,
    condition: describeRule(rule),
    phase: PHASES[rule.phase],
    firings: s.firings,
    lastFired: s.lastFiredAt === null ? null : formatUtc(s.lastFiredAt),
    deliveryError,
    webhook: rule.webhookUrl,
  };
}

/** Rules in a stable order: enabled first, then by name. */
export function alertRuleRows(rules: readonly AlertRuleDto[]): AlertRuleRow[] {
  return [...rules].sort((a, b) => Number(b.enabled) - Number(a.enabled) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id)).map(alertRuleRow);
}
