/**
 * Webhook delivery of alert events: a Slack-compatible JSON body (`{"text": ...}` plus fields a
 * program can read), POSTed with retries and exponential backoff. Each delivery is its own
 * promise, so a slow or failing webhook never holds up evaluation or another delivery.
 * @module
 */

import type { AlertEvent } from '../model/alert-event.js';

export interface WebhookOptions {
  /** Attempts in all (default 3). */
  readonly attempts?: number;
  /** Wait before the second attempt; doubled before each later one (default 500 ms). */
  readonly baseDelayMs?: number;
  /** Per-attempt timeout (default 5 s). */
  readonly timeoutMs?: number;
}

export interface DeliveryOutcome {
  readonly ok: boolean;
  readonly attempts: number;
  /** The last attempt's failure (`HTTP 500`, `timeout`, a network error), or null. */
  readonly error: string | null;
}

const ICON = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' } as const;

/** The JSON body: Slack reads `text`; the other fields are for programs. */
export function webhookBody(event: AlertEvent): Record<string, unknown> {
  return {
    text: `${ICON[event.severity]} [${event.severity.toUpperCase()}] ${event.ruleName}: ${event.message}`,
    id: event.id,
    ruleId: event.ruleId,
    ruleName: event.ruleName,
    ruleType: event.ruleType,
    kind: event.kind,
    severity: event.severity,
    subject: event.subject,
    value: event.value,
    threshold: event.threshold,
    ts: event.ts,
    time: new Date(event.ts).toISOString(),
    barStart: event.barStart,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** POSTs `event` to `url`, retrying on a network error, a timeout or a non-2xx answer. */
export async function deliverWebhook(url: string, event: AlertEvent, opts: WebhookOptions = {}): Promise<DeliveryOutcome> {
  const attempts = opts.attempts ?? 3;
  const base = opts.baseDelayMs ?? 500;
  const body = JSON.stringify(webhookBody(event));
  let error: string | null = null;
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await sleep(base * 2 ** (i - 1));
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(opts.timeoutMs ?? 5000) });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true, attempts: i + 1, error: null };
      error = `HTTP ${res.status}`;
    } catch (e) {
      error = e instanceof Error ? (e.name === 'TimeoutError' ? 'timeout' : `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}`) : String(e);
    }
  }
  return { ok: false, attempts, error: `${error ?? 'failed'} after ${attempts} attempts` };
}
