/**
 * `AlertFeed`: delivers fired alerts to the dashboard, app-wide, and keeps the Alerts tab's
 * lists fresh.
 *
 * It subscribes to the `alerts` channel for the page's lifetime; each `alert` message becomes
 * a toast, a row when it matches the list's filter, and a browser Notification when the user
 * allowed them. After every (re)connect it reloads rules and events, since events may have
 * fired while the socket was down. The rules (firing counts, last webhook failure) are listed
 * again after each event, and every `pollMs` while the tab is open, because a webhook's
 * outcome comes seconds after its event; for the same reason the events are listed again
 * `WEBHOOK_SETTLE_MS` after the last event with a pending delivery (the channel does not say
 * when a delivery ends).
 * @module
 */

import type { AlertEventDto, AlertRuleCreateBody } from '../../../src/server/dto/alert-schemas';
import type { ServerMessage } from '../../../src/server/dto/stream-messages';
import type { alertApi as httpAlertApi } from '../api/alert-client';
import { errorMessage } from '../api/api-error';
import type { ConnectionState, StreamClient } from '../api/stream-client';
import { alertActions, filterFrom } from './alert-actions';
import { actions, type DashboardStore } from './dashboard-store';

/** The browser's notification API, as far as the feed uses it (absent where unsupported). */
export interface Notifier {
  permission(): NotificationPermission | 'unsupported';
  request(): Promise<NotificationPermission | 'unsupported'>;
  show(title: string, body: string, tag: string, onClick: () => void): void;
}

/** `Notification` of the page, or a notifier that says `unsupported`. */
export function browserNotifier(): Notifier {
  const N = typeof Notification === 'undefined' ? null : Notification;
  return {
    permission: () => (N === null ? 'unsupported' : N.permission),
    request: async () => (N === null ? 'unsupported' : N.requestPermission()),
    show: (title, body, tag, onClick) => {
      if (N === null || N.permission !== 'granted') return;
      try {
        const n = new N(title, { body, tag });
        n.onclick = () => {
          window.focus();
          onClick();
          n.close();
        };
      } catch (e) {
        // Some browsers allow notifications only from a service worker; the toast still shows.
        console.warn(`tandem: cannot show a notification (${errorMessage(e)})`);
      }
    },
  };
}

type Stream = Pick<StreamClient, 'subscribe'>;
type Api = typeof httpAlertApi;

/** Events the list loads at most. */
export const ALERT_EVENTS_LIMIT = 200;
/**
 * How long a webhook delivery can take: 3 attempts of at most 5 s, 0.5 s and 1 s apart
 * (docs/api.md, "Webhooks"), and a little more.
 */
export const WEBHOOK_SETTLE_MS = 17_500;

export class AlertFeed {
  private rulesTimer: ReturnType<typeof setTimeout> | null = null;
  private deliveryTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private eventsAbort: AbortController | null = null;
  private unsubscribeStore: (() => void) | null = null;

  constructor(
    private readonly store: DashboardStore,
    private readonly api: Api,
    private readonly notifier: Notifier,
    private readonly pollMs = 5000,
    private readonly settleMs = WEBHOOK_SETTLE_MS,
  ) {}

  start(stream: Stream): void {
    alertActions.setNotify(this.store, this.notifier.permission());
    void stream.subscribe(['alerts']);
    this.unsubscribeStore = this.store.subscribe((s, prev) => {
      if (s.alerts.filter !== prev.alerts.filter) void this.loadEvents();
      if (s.tab === 'alerts' && prev.tab !== 'alerts') {
        void this.loadRules();
        void this.loadEvents();
      }
    });
    this.pollTimer = setInterval(() => {
      if (this.store.getState().tab === 'alerts') void this.loadRules();
    }, this.pollMs);
    void this.loadRules();
    void this.loadEvents();
  }

  stop(): void {
    this.unsubscribeStore?.();
    if (this.pollTimer !== null) clearInterval(this.pollTimer);
    if (this.rulesTimer !== null) clearTimeout(this.rulesTimer);
    if (this.deliveryTimer !== null) clearTimeout(this.deliveryTimer);
    this.eventsAbort?.abort();
  }

  onConnection(c: ConnectionState): void {
    if (c.phase !== 'open') return;
    void this.loadRules();
    void this.loadEvents();
  }

  onMessage(m: ServerMessage): void {
    if (m.type !== 'alert') return;
    this.deliver(m.event);
  }

  /** Asks the browser for permission; the answer is kept in the store. */
  async enableNotifications(): Promise<void> {
    alertActions.setNotify(this.store, await this.notifier.request());
  }

  async loadRules(): Promise<void> {
    alertActions.rulesLoading(this.store);
    try {
      alertActions.rulesLoaded(this.store, (await this.api.rules()).items);
    } catch (e) {
      alertActions.rulesFailed(this.store, errorMessage(e));
    }
  }

  async loadEvents(): Promise<void> {
    this.eventsAbort?.abort();
    const abort = new AbortController();
    this.eventsAbort = abort;
    const state = this.store.getState();
    const f = state.alerts.filter;
    const from = filterFrom(f, Date.now() + state.clockOffsetMs);
    alertActions.eventsLoading(this.store);
    try {
      const page = await this.api.events(
        { order: 'desc', limit: ALERT_EVENTS_LIMIT, ...(from === undefined ? {} : { from }), ...(f.rule === null ? {} : { rule: f.rule }), ...(f.severity === null ? {} : { severity: f.severity }) },
        abort.signal,
      );
      if (!abort.signal.aborted) alertActions.eventsLoaded(this.store, page.items);
    } catch (e) {
      if (!abort.signal.aborted) alertActions.eventsFailed(this.store, errorMessage(e));
    }
  }

  /** Creates a rule, or changes `id`'s; rejects with the server's `ApiError` on a 400. */
  async save(body: AlertRuleCreateBody, id: string | null): Promise<void> {
    const rule = id === null ? await this.api.createRule(body) : await this.api.updateRule(id, body);
    alertActions.ruleSaved(this.store, rule);
  }

  async setEnabled(id: string, enabled: boolean): Promise<void> {
    try {
      alertActions.ruleSaved(this.store, await this.api.updateRule(id, { enabled }));
    } catch (e) {
      alertActions.setActionError(this.store, errorMessage(e));
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await this.api.deleteRule(id);
      alertActions.ruleDeleted(this.store, id);
    } catch (e) {
      alertActions.setActionError(this.store, errorMessage(e));
    }
  }

  private deliver(event: AlertEventDto): void {
    const state = this.store.getState();
    alertActions.eventReceived(this.store, event, Date.now() + state.clockOffsetMs);
    this.notifier.show(`[${event.severity.toUpperCase()}] ${event.ruleName}`, event.message, `tandem-alert-${event.id}`, () => actions.setTab(this.store, 'alerts'));
    // Firing counts changed; one list for a burst of events.
    if (this.rulesTimer !== null) clearTimeout(this.rulesTimer);
    this.rulesTimer = setTimeout(() => {
      this.rulesTimer = null;
      void this.loadRules();
    }, 300);
    if (event.delivery === 'pending') {
      if (this.deliveryTimer !== null) clearTimeout(this.deliveryTimer);
      this.deliveryTimer = setTimeout(() => {
        this.deliveryTimer = null;
        void this.loadEvents();
        void this.loadRules();
      }, this.settleMs);
    }
  }
}
