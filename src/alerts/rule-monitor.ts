/**
 * From a rule to what evaluates it: its `Monitor` (evaluate.ts), the subject it watches, and the
 * message of an event, in words a trader reads in a toast or a Slack channel.
 * @module
 */

import type { AlertEventKind } from '../model/alert-event.js';
import type { AlertRule } from '../model/alert-rule.js';
import type { Monitor } from './evaluate.js';

export function monitorOf(rule: AlertRule): Monitor {
  const h = rule.hysteresis;
  switch (rule.type) {
    case 'zscore':
      return { kind: 'threshold', direction: rule.params.direction, threshold: rule.params.threshold, hysteresis: h };
    case 'spread':
      return { kind: 'threshold', direction: rule.params.direction, threshold: rule.params.level, hysteresis: h };
    case 'price':
      return rule.params.direction === 'crossing' ? { kind: 'crossing', level: rule.params.level, hysteresis: h } : { kind: 'threshold', direction: rule.params.direction, threshold: rule.params.level, hysteresis: h };
    case 'volume_spike':
      return { kind: 'threshold', direction: 'above', threshold: rule.params.threshold, hysteresis: h };
    case 'correlation_break':
      return { kind: 'threshold', direction: 'below', threshold: rule.params.level, hysteresis: h };
    case 'cointegration_health':
      return { kind: 'state', fireOn: rule.params.states };
    case 'data_quality':
      return rule.params.condition === 'gap' ? { kind: 'counter' } : { kind: 'threshold', direction: 'above', threshold: rule.params.thresholdMs, hysteresis: h };
    case 'strategy_fill':
      // Not stepped: each fill fires once (alert-engine.ts), keyed by its time and kind.
      return { kind: 'counter' };
  }
}

/** The threshold an event of `rule` is compared with. */
export function thresholdOf(rule: AlertRule): number {
  switch (rule.type) {
    case 'zscore':
    case 'volume_spike':
      return rule.params.threshold;
    case 'price':
    case 'spread':
    case 'correlation_break':
      return rule.params.level;
    case 'cointegration_health':
      return 0.05;
    case 'data_quality':
      return rule.params.thresholdMs;
    case 'strategy_fill':
      return 0;
  }
}

/** What the rule watches: `ETHUSDT/BTCUSDT 1s ols 20`, `BTCUSDT 1m`, `BTCUSDT`. */
export function subjectOf(rule: AlertRule): string {
  if (rule.type === 'strategy_fill') return rule.params.strategyId === null ? 'any strategy' : `strategy ${rule.params.strategyId}`;
  const p = rule.params;
  if ('y' in p) return `${p.y}/${p.x} ${p.tf} ${p.method} ${p.window}`;
  return 'tf' in p ? `${p.symbol} ${p.tf}` : p.symbol;
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : Math.abs(v) >= 1000 ? v.toFixed(2) : v.toPrecision(4));

/** A paper strategy's fill for a person: what was traded, at what, and the PnL of an exit. */
export function describeFill(strategy: string, f: { readonly time: number; readonly kind: 'entry' | 'exit'; readonly side: string; readonly priceY: number; readonly priceX: number; readonly qtyY: number; readonly qtyX: number; readonly reason: string | null; readonly netPnl: number | null }, y: string, x: string): string {
  const legs = `${y} ${fmt(f.qtyY)} @ ${fmt(f.priceY)}, ${x} ${fmt(f.qtyX)} @ ${fmt(f.priceX)}`;
  const when = new Date(f.time).toISOString();
  if (f.kind === 'entry') return `paper strategy ${strategy}: entered ${f.side} ${y}/${x} at ${when}: ${legs}`;
  return `paper strategy ${strategy}: exited ${f.side} ${y}/${x} (${f.reason ?? 'exit'}) at ${when}: ${legs}; net PnL ${f.netPnl === null ? 'n/a' : fmt(f.netPnl)}`;
}

/** One line for a person: `z-score of ETHUSDT/BTCUSDT 1s ols 20 went above 2 (2.31)`. */
export function describeEvent(rule: AlertRule, kind: AlertEventKind, value: number): string {
  const subject = subjectOf(rule);
  const t = thresholdOf(rule);
  const side = kind === 'above' ? (rule.type === 'zscore' && rule.params.direction === 'outside' ? `above +${fmt(t)}` : `above ${fmt(t)}`) : kind === 'below' ? (rule.type === 'zscore' && rule.params.direction === 'outside' ? `below -${fmt(t)}` : `below ${fmt(t)}`) : '';
  switch (rule.type) {
    case 'zscore':
      return `z-score of ${subject} went ${side} (${fmt(value)})`;
    case 'spread':
      return `spread of ${subject} went ${side} (${fmt(value)})`;
    case 'price':
      return kind === 'cross_up' || kind === 'cross_down' ? `${subject} crossed ${kind === 'cross_up' ? 'up through' : 'down through'} ${fmt(t)} (${fmt(value)})` : `${subject} went ${side} (${fmt(value)})`;
    case 'volume_spike':
      return `volume spike on ${subject}: volume z-score ${fmt(value)} above ${fmt(t)}`;
    case 'correlation_break':
      return `correlation of ${subject} fell below ${fmt(t)} (${fmt(value)})`;
    case 'cointegration_health':
      return `cointegration of ${subject} is now ${kind} (EG p-value ${Number.isNaN(value) ? 'undefined' : fmt(value)})`;
    case 'data_quality':
      if (kind === 'gap') return `${subject}: a gap in the trade feed was found (${fmt(value)} so far)`;
      return rule.params.condition === 'stall' ? `${subject}: no trade for ${fmt(value)} ms (limit ${fmt(t)} ms)` : `${subject}: feed lag p99 ${fmt(value)} ms beyond ${fmt(t)} ms`;
    case 'strategy_fill':
      return `${subject}: ${kind} fill (${fmt(value)})`;
  }
}
