import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertEventDto, AlertRuleDto } from '../../../src/server/dto/alert-schemas';
import type { alertApi } from '../api/alert-client';
import { AlertFeed, type Notifier } from './alert-feed';
import { createDashboardStore } from './dashboard-store';

const event: AlertEventDto = {
  id: 1, ruleId: 'r1', ruleName: 'fast z', ruleType: 'zscore', kind: 'above', severity: 'critical', subject: 'ETHUSDT/BTCUSDT 1s ols 5', value: 0.7, threshold: 0.5,
  ts: 1000, barStart: 0, message: 'z-score went above 0.5 (0.7)', delivery: 'none', deliveryError: null,
};
const rule = { id: 'r1', name: 'fast z' } as AlertRuleDto;

/** A hand-written fake of the REST client: answers from fixed lists and counts calls. */
function fakeApi() {
  const calls = { rules: 0, events: [] as unknown[] };
  const api: typeof alertApi = {
    rules: async () => {
      calls.rules += 1;
      return { items: [rule] };
    },
    events: async (q) => {
      calls.events.push(q);
      return { items: [], next: null };
    },
    createRule: async () => rule,
    updateRule: async () => rule,
    deleteRule: async () => null,
  };
  return { api, calls };
}

function fakeNotifier(permission: NotificationPermission = 'default') {
  const shown: string[] = [];
  const n: Notifier = {
    permission: () => permission,
    request: async () => {
      permission = 'granted';
      return permission;
    },
    show: (title) => shown.push(title),
  };
  return { n, shown };
}

const stream = { subscribe: vi.fn(async () => undefined) };

describe('AlertFeed', () => {
  let feed: AlertFeed | null = null;
  afterEach(() => feed?.stop());

  it('subscribes to the alerts channel and loads rules and recent events, newest first', async () => {
    const store = createDashboardStore();
    const { api, calls } = fakeApi();
    feed = new AlertFeed(store, api, fakeNotifier().n, 60_000);
    feed.start(stream);
    await vi.waitFor(() => expect(store.getState().alerts.rulesPhase).toBe('ready'));
    expect(stream.subscribe).toHaveBeenCalledWith(['alerts']);
    expect(calls.events[0]).toEqual({ order: 'desc', limit: 200 });
    expect(store.getState().alerts.notify).toBe('default');
  });

  it('turns an alert message into a toast, a row and a notification, and lists the rules again', async () => {
    const store = createDashboardStore();
    const { api, calls } = fakeApi();
    const { n, shown } = fakeNotifier('granted');
    feed = new AlertFeed(store, api, n, 60_000);
    feed.start(stream);
    await vi.waitFor(() => expect(calls.rules).toBe(1));
    feed.onMessage({ type: 'alert', channel: 'alerts', event });
    expect(store.getState().alerts.toasts.map((t) => t.event.id)).toEqual([1]);
    expect(store.getState().alerts.events.map((e) => e.id)).toEqual([1]);
    expect(shown).toEqual(['[CRITICAL] fast z']);
    await vi.waitFor(() => expect(calls.rules).toBe(2));
  });

  it('asks for notification permission and keeps the answer', async () => {
    const store = createDashboardStore();
    feed = new AlertFeed(store, fakeApi().api, fakeNotifier('default').n, 60_000);
    feed.start(stream);
    await feed.enableNotifications();
    expect(store.getState().alerts.notify).toBe('granted');
  });

  it('reloads after a reconnect, and the events when the filter changes', async () => {
    const store = createDashboardStore();
    const { api, calls } = fakeApi();
    feed = new AlertFeed(store, api, fakeNotifier().n, 60_000);
    feed.start(stream);
    feed.onConnection({ phase: 'open', attempt: 0, retryAt: null });
    await vi.waitFor(() => expect(calls.rules).toBe(2));
    store.setState((s) => ({ alerts: { ...s.alerts, filter: { ...s.alerts.filter, rule: 'r1', severity: 'critical' } } }));
    await vi.waitFor(() => expect(calls.events.at(-1)).toEqual({ order: 'desc', limit: 200, rule: 'r1', severity: 'critical' }));
  });

  it('lists the events again once a pending webhook delivery has had time to end', async () => {
    const store = createDashboardStore();
    const { api, calls } = fakeApi();
    feed = new AlertFeed(store, api, fakeNotifier().n, 60_000, 20);
    feed.start(stream);
    await vi.waitFor(() => expect(calls.events).toHaveLength(1));
    feed.onMessage({ type: 'alert', channel: 'alerts', event: { ...event, delivery: 'pending' } });
    await vi.waitFor(() => expect(calls.events).toHaveLength(2));
  });
});
