/**
 * Webhook delivery of alert events: a Slack-compatible JSON body (`{"text": ...}` plus fields a
 * program can read), POSTed with retries and exponential backoff. Each delivery is its own
 * promise, so a slow or failing webhook never holds up evaluation or another delivery.
 * Targets pass the webhook guard (`webhook-guard.ts`): no private or loopback address unless
 * allowed, checked on the address connected to; redirects are not followed.
 * @module
 */

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { AlertEvent } from '../model/alert-event.js';
import { checkWebhookAddress, WebhookAllowList } from './webhook-guard.js';

export interface WebhookOptions {
  /** Attempts in all (default 3). */
  readonly attempts?: number;
  /** Wait before the second attempt; doubled before each later one (default 500 ms). */
  readonly baseDelayMs?: number;
  /** Per-attempt timeout (default 5 s). */
  readonly timeoutMs?: number;
  /** Private addresses a webhook may reach (default: `TANDEM_WEBHOOK_ALLOW`, else none). */
  readonly allow?: WebhookAllowList;
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

/** A failure that another attempt cannot mend (a refused target, a redirect). */
class FinalError extends Error {}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** One POST; resolves with the status. The connection's own lookup checks every address it may use. */
function post(url: URL, body: string, timeoutMs: number, allow: WebhookAllowList): Promise<number> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new FinalError(`webhook refused: ${url.protocol} is not http or https`));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  try {
    if (isIP(host) !== 0) checkWebhookAddress(host, allow);
  } catch (e) {
    return Promise.reject(new FinalError((e as Error).message));
  }
  const lookup = (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err !== null) return callback(err, options.all === true ? [] : '');
      try {
        for (const a of addresses) checkWebhookAddress(a.address, allow);
      } catch (e) {
        return callback(Object.assign(new FinalError((e as Error).message), { code: 'EWEBHOOKREFUSED' }), options.all === true ? [] : '');
      }
      if (options.all === true) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, lookup: lookup as never, timeout: timeoutMs }, (res: IncomingMessage) => {
      res.resume();
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) reject(new FinalError(`HTTP ${status}: webhook redirects are not followed`));
      else resolve(status);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
    req.on('error', (e) => reject(e instanceof FinalError || (e as NodeJS.ErrnoException).code === 'EWEBHOOKREFUSED' ? new FinalError(e.message) : e));
    req.end(body);
  });
}

let envAllow: WebhookAllowList | null = null;
/** `TANDEM_WEBHOOK_ALLOW`, parsed once. */
function allowFromEnv(): WebhookAllowList {
  envAllow ??= WebhookAllowList.parse(process.env['TANDEM_WEBHOOK_ALLOW']);
  return envAllow;
}

/** POSTs `event` to `url`, retrying on a network error, a timeout or a non-2xx answer. */
export async function deliverWebhook(url: string, event: AlertEvent, opts: WebhookOptions = {}): Promise<DeliveryOutcome> {
  const attempts = opts.attempts ?? 3;
  const base = opts.baseDelayMs ?? 500;
  const allow = opts.allow ?? allowFromEnv();
  const body = JSON.stringify(webhookBody(event));
  let error: string | null = null;
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await sleep(base * 2 ** (i - 1));
    try {
      const status = await post(new URL(url), body, opts.timeoutMs ?? 5000, allow);
      if (status >= 200 && status < 300) return { ok: true, attempts: i + 1, error: null };
      error = `HTTP ${status}`;
    } catch (e) {
      if (e instanceof FinalError) return { ok: false, attempts: i + 1, error: e.message };
      error = e instanceof Error ? (e.name === 'TimeoutError' ? 'timeout' : `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}`) : String(e);
    }
  }
  return { ok: false, attempts, error: `${error ?? 'failed'} after ${attempts} attempts` };
}
