import { describe, expect, it } from 'vitest';
import type { AlertEventDto } from '../../../src/server/dto/alert-schemas';
import { alertActions, filterFrom, matchesFilter } from './alert-actions';
import { MAX_TOASTS } from './alert-state';
import { createDashboardStore } from './dashboard-store';

const ev = (id: number, patch: Partial<AlertEventDto> = {}): AlertEventDto => ({
  id, ruleId: 'r1', ruleName: 'z', ruleType: 'zscore', kind: 'above', severity: 'warning', subject: 'ETHUSDT/BTCUSDT 1s ols 5', value: 1, threshold: 0.5,
  ts: 1000 * id, barStart: 1000 * id, message: 'm', delivery: 'none', deliveryError: null, ...patch,
});

describe('alert filter', () => {
  it('matches by rule, severity and time', () => {
    const f = { rule: 'r1', severity: 'warning' as const, spanMs: 5000 };
    expect(filterFrom(f, 10_000)).toBe(5000);
    expect(matchesFilter(ev(6), f, 10_000)).toBe(true);
    expect(matchesFilter(ev(4), f, 10_000)).toBe(false);
    expect(matchesFilter(ev(6, { ruleId: 'r2' }), f, 10_000)).toBe(false);
    expect(matchesFilter(ev(6, { severity: 'critical' }), f, 10_000)).toBe(false);
    expect(filterFrom({ ...f, spanMs: null }, 10_000)).toBeUndefined();
  });
});

describe('alertActions.eventReceived', () => {
  it('adds a toast and a row, newest first, and never lists an event twice', () => {
    const store = createDashboardStore();
    alertActions.eventsLoaded(store, [ev(1), ev(2)]);
    alertActions.eventReceived(store, ev(3), 3000);
    alertActions.eventReceived(store, ev(3), 3000);
    const a = store.getState().alerts;
    expect(a.events.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(a.toasts.map((t) => t.key)).toEqual([1, 2]);
  });

  it('toasts an event the filter hides, without listing it', () => {
    const store = createDashboardStore();
    alertActions.setFilter(store, { severity: 'critical' });
    alertActions.eventReceived(store, ev(1), 1000);
    expect(store.getState().alerts.events).toEqual([]);
    expect(store.getState().alerts.toasts).toHaveLength(1);
  });

  it('keeps at most MAX_TOASTS toasts, dropping the oldest, and dismisses by key', () => {
    const store = createDashboardStore();
    for (let i = 1; i <= MAX_TOASTS + 2; i += 1) alertActions.eventReceived(store, ev(i), 0);
    const keys = store.getState().alerts.toasts.map((t) => t.key);
    expect(keys).toHaveLength(MAX_TOASTS);
    expect(keys[0]).toBe(3);
    alertActions.dismissToast(store, 3);
    expect(store.getState().alerts.toasts.map((t) => t.key)).not.toContain(3);
  });
});

describe('alertActions on rules', () => {
  it('drops a deleted rule from the list, the form and the filter', () => {
    const store = createDashboardStore();
    const rule = { id: 'r1', name: 'z' } as never;
    alertActions.rulesLoaded(store, [rule]);
    alertActions.edit(store, rule);
    alertActions.setFilter(store, { rule: 'r1' });
    alertActions.ruleDeleted(store, 'r1');
    const a = store.getState().alerts;
    expect([a.rules.length, a.editing, a.filter.rule]).toEqual([0, null, null]);
  });
});
