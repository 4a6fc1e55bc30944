/**
 * Alert events as the Alerts tab and the toasts show them: the time in UTC, the severity, the
 * rule, the value against the threshold, the webhook outcome, and a link to the chart at that
 * moment. Pair rules link to the Pair Analytics tab's address (`#/pair?y=..&x=..&tf=..&method=..&window=..`);
 * symbol rules to the Overview with the symbol and timeframe selected.
 *
 * The link comes from the event's `subject`, which the server writes as `Y/X tf method window`
 * for pair rules, `SYMBOL tf` or `SYMBOL` for the others (rule-monitor.ts's `subjectOf`), so an
 * event of a deleted rule still links.
 * @module
 */

import type { AlertEventDto, AlertSeverityDto } from '../../../src/server/dto/alert-schemas';
import { HEDGE_METHODS, type HedgeMethod } from '../../../src/model/pair-spec';
import { pairHash } from '../state/pair-selection';

/** Where an event's chart is. */
export type AlertChartLink =
  | { readonly kind: 'pair'; readonly href: string; readonly label: string }
  | { readonly kind: 'overview'; readonly symbol: string; readonly tf: string | null; readonly label: string }
  | { readonly kind: 'strategy'; readonly strategyId: string; readonly label: string };

export interface AlertEventRow {
  readonly id: number;
  readonly severity: AlertSeverityDto;
  /** `2026-11-24 13:05:07` UTC. */
  readonly time: string;
  /** `13:05:07` UTC, for toasts. */
  readonly clock: string;
  /** The bar it fired on, `13:05:06` UTC. */
  readonly bar: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly kind: string;
  readonly subject: string;
  /** `2.31 / 2`: the value that fired against the threshold; `—` parts when undefined. */
  readonly valueText: string;
  readonly message: string;
  readonly delivery: AlertEventDto['delivery'];
  /** `webhook failed: HTTP 503 after 3 attempts`, or null. */
  readonly deliveryText: string | null;
  readonly link: AlertChartLink | null;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Epoch ms → `2026-11-24 13:05:07` (UTC). */
export function formatUtc(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** A value to four significant digits (trailing zeros dropped), integers as they are, large values to cents. */
export function formatAlertValue(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '\u2014';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1000 ? v.toFixed(2) : String(Number(v.toPrecision(4)));
}

/**
 * The chart link of a subject (`ETHUSDT/BTCUSDT 1s ols 20`, `... 20 log` on log prices, a
 * screener entry's `ETHUSDT/BTCUSDT 1m`, `BTCUSDT 1m`, `BTCUSDT`), or null
 * when it has neither shape.
 *
 * @example
 * chartLinkOf('ETHUSDT/BTCUSDT 1s ols 20') // → { kind: 'pair', href: '#/pair?y=ETHUSDT&x=BTCUSDT&tf=1s&method=ols&window=20', ... }
 */
export function chartLinkOf(subject: string): AlertChartLink | null {
  const parts = subject.trim().split(/\s+/);
  const head = parts[0] ?? '';
  const legs = head.split('/');
  if (legs.length === 2) {
    const [y, x] = legs as [string, string];
    const [tf, method, windowText, scale] = parts.slice(1);
    // A screener entry names the pair and the ranking's timeframe only: the link keeps the
    // tab's own method and window.
    if (y !== '' && x !== '' && tf !== undefined && parts.length === 2) return { kind: 'pair', href: `#/pair?${new URLSearchParams({ y, x, tf }).toString()}`, label: `${y}/${x} ${tf}` };
    const window = Number(windowText);
    if (y === '' || x === '' || tf === undefined || method === undefined || !(HEDGE_METHODS as readonly string[]).includes(method) || !Number.isInteger(window) || (scale !== undefined && scale !== 'log')) return null;
    return { kind: 'pair', href: pairHash({ y, x, tf, method: method as HedgeMethod, window, prices: scale === 'log' ? 'log' : 'raw' }), label: `${y}/${x} ${tf}` };
  }
  if (head === '' || parts.length > 2) return null;
  const tf = parts[1] ?? null;
  return { kind: 'overview', symbol: head, tf, label: tf === null ? head : `${head} ${tf}` };
}

/**
 * The link of a `strategy_fill` event: to the paper strategy that filled, in the Backtest tab's
 * Strategies panel. Its subject is `strategy <id>` (the strategy that filled); events stored
 * before schema 8 / 6 of a rule on every strategy say `any strategy`, and their message names
 * it (`paper strategy <id>: entered ...`).
 */
export function strategyLinkOf(subject: string, message: string): AlertChartLink | null {
  const id = /^strategy ([0-9A-Za-z-]{1,64})$/.exec(subject.trim())?.[1] ?? /^paper strategy ([0-9A-Za-z-]{1,64}):/.exec(message)?.[1];
  return id === undefined ? null : { kind: 'strategy', strategyId: id, label: `strategy ${id}` };
}

export function alertEventRow(e: AlertEventDto): AlertEventRow {
  const time = formatUtc(e.ts);
  return {
    id: e.id,
    severity: e.severity,
    time,
    clock: time.slice(11),
    bar: formatUtc(e.barStart).slice(11),
    ruleId: e.ruleId,
    ruleName: e.ruleName,
    kind: e.kind,
    subject: e.subject,
    valueText: e.threshold === null ? formatAlertValue(e.value) : `${formatAlertValue(e.value)} / ${formatAlertValue(e.threshold)}`,
    message: e.message,
    delivery: e.delivery,
    deliveryText: e.delivery === 'failed' ? `webhook failed${e.deliveryError === null ? '' : `: ${e.deliveryError}`}` : null,
    link: e.ruleType === 'strategy_fill' ? strategyLinkOf(e.subject, e.message) : chartLinkOf(e.subject),
  };
}

/** How long a toast stays: critical ones longer, since they matter more. */
export function toastLifetimeMs(severity: AlertSeverityDto): number {
  return severity === 'critical' ? 20_000 : severity === 'warning' ? 10_000 : 6000;
}
