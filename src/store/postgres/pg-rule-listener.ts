/**
 * `PgRuleListener`: the PostgreSQL side of `AlertStore.watchRules`. Every save or delete of an
 * alert rule sends `NOTIFY tandem_alert_rules` in its own transaction (`ruleNotice`), so the
 * notice is delivered only once the change is committed, and never without it; each server
 * holds one connection of its own that `LISTEN`s (a pooled connection cannot: the pool hands it
 * to other queries and may close it).
 *
 * Channels are per database, not per schema, so the notice names its schema and a listener
 * ignores other schemas' notices (test runs and deployments share a database that way).
 * PostgreSQL keeps no notices for a listener that is away: when the connection drops, the
 * listener reconnects with backoff and then reports `resync`, so the engine reloads every rule
 * instead of trusting that it missed nothing.
 * @module
 */

import pg from 'pg';
import { TandemError } from '../../core/tandem-error.js';
import type { RuleChange } from '../alert-store.js';
import { pgLocation } from './pg-pool.js';

/** The one channel of rule changes (per database). */
export const RULES_CHANNEL = 'tandem_alert_rules';

/** What a rule change's NOTIFY carries. */
export function ruleNotice(schema: string, kind: 'saved' | 'deleted', id: string): string {
  return JSON.stringify({ schema, kind, id });
}

/** The change a notice of `schema` means, or null for another schema's notice or a malformed one. */
export function parseRuleNotice(schema: string, payload: string | undefined): RuleChange | null {
  if (payload === undefined) return null;
  try {
    const n = JSON.parse(payload) as { schema?: unknown; kind?: unknown; id?: unknown };
    if (n.schema !== schema || typeof n.id !== 'string' || (n.kind !== 'saved' && n.kind !== 'deleted')) return null;
    return { kind: n.kind, id: n.id };
  } catch {
    return null;
  }
}

export interface RuleListenerOptions {
  /** First wait before reconnecting, ms (default 250; doubles up to 5 s). */
  readonly retryMs?: number;
}

export class PgRuleListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(
    private readonly url: string,
    private readonly schema: string,
    private readonly listener: (change: RuleChange) => void,
    private readonly opts: RuleListenerOptions = {},
  ) {}

  /** Connects and listens. Rejects with `TandemError('store_unavailable')` when the first connection fails. */
  async start(): Promise<void> {
    try {
      await this.connect();
    } catch (e) {
      throw new TandemError('store_unavailable', `PostgreSQL at ${pgLocation(this.url)}: cannot listen for alert rule changes: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 10_000, application_name: 'tandem-rule-listener' });
    let lost = false;
    const onLost = (): void => {
      if (lost || this.client !== client) return;
      lost = true;
      this.client = null;
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (msg) => {
      if (msg.channel !== RULES_CHANNEL) return;
      const change = parseRuleNotice(this.schema, msg.payload);
      if (change !== null) this.listener(change);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${RULES_CHANNEL}`);
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const wait = Math.min((this.opts.retryMs ?? 250) * 2 ** Math.min(this.failures, 5), 5000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect().then(
        () => {
          this.failures = 0;
          // Whatever changed while we were away was not heard: reload everything.
          if (!this.stopped) this.listener({ kind: 'resync' });
        },
        () => {
          this.failures++;
          this.scheduleReconnect();
        },
      );
    }, wait);
    this.retryTimer.unref();
  }
}
