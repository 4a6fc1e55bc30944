/**
 * Transitions of the alerts slice (alert-state.ts). Each takes the store, so tests run them on
 * a fresh one.
 * @module
 */

import type { AlertEventDto, AlertRuleDto } from '../../../src/server/dto/alert-schemas';
import type { DashboardStore } from './dashboard-store';
import { MAX_ALERT_EVENTS, MAX_TOASTS, type AlertFilter, type AlertsState, type NotifyPermission } from './alert-state';

/** The lower bound on event time a filter asks for, given the server's clock, or undefined for all. */
export function filterFrom(filter: AlertFilter, serverNow: number): number | undefined {
  return filter.spanMs === null ? undefined : Math.max(0, Math.floor(serverNow - filter.spanMs));
}

/** Whether a live event belongs in the list under `filter`. */
export function matchesFilter(event: AlertEventDto, filter: AlertFilter, serverNow: number): boolean {
  if (filter.rule !== null && event.ruleId !== filter.rule) return false;
  if (filter.severity !== null && event.severity !== filter.severity) return false;
  const from = filterFrom(filter, serverNow);
  return from === undefined || event.ts >= from;
}

function patch(store: DashboardStore, f: (a: AlertsState) => Partial<AlertsState>): void {
  store.setState((s) => ({ alerts: { ...s.alerts, ...f(s.alerts) } }));
}

export const alertActions = {
  rulesLoading(store: DashboardStore): void {
    patch(store, (a) => ({ rulesPhase: a.rulesPhase === 'ready' ? 'ready' : 'loading' }));
  },

  rulesLoaded(store: DashboardStore, rules: readonly AlertRuleDto[]): void {
    patch(store, (a) => ({
      rules,
      rulesPhase: 'ready',
      rulesError: null,
      // A rule deleted elsewhere leaves the form.
      editing: a.editing === null ? null : (rules.find((r) => r.id === a.editing?.id) ?? null),
    }));
  },

  rulesFailed(store: DashboardStore, error: string): void {
    patch(store, () => ({ rulesPhase: 'error', rulesError: error }));
  },

  /** A rule created or changed by this page: shown at once, before the next list. */
  ruleSaved(store: DashboardStore, rule: AlertRuleDto): void {
    patch(store, (a) => {
      const i = a.rules.findIndex((r) => r.id === rule.id);
      const rules = i < 0 ? [...a.rules, rule] : a.rules.map((r) => (r.id === rule.id ? rule : r));
      return { rules, editing: null, actionError: null };
    });
  },

  ruleDeleted(store: DashboardStore, id: string): void {
    patch(store, (a) => ({
      rules: a.rules.filter((r) => r.id !== id),
      editing: a.editing?.id === id ? null : a.editing,
      filter: a.filter.rule === id ? { ...a.filter, rule: null } : a.filter,
      actionError: null,
    }));
  },

  setActionError(store: DashboardStore, actionError: string | null): void {
    patch(store, () => ({ actionError }));
  },

  edit(store: DashboardStore, rule: AlertRuleDto | null): void {
    patch(store, () => ({ editing: rule }));
  },

  setFilter(store: DashboardStore, filter: Partial<AlertFilter>): void {
    patch(store, (a) => ({ filter: { ...a.filter, ...filter } }));
  },

  eventsLoading(store: DashboardStore): void {
    patch(store, () => ({ eventsPhase: 'loading', eventsError: null }));
  },

  eventsLoaded(store: DashboardStore, events: readonly AlertEventDto[]): void {
    patch(store, () => ({ events: [...events].sort((a, b) => b.ts - a.ts || b.id - a.id).slice(0, MAX_ALERT_EVENTS), eventsPhase: 'ready', eventsError: null }));
  },

  eventsFailed(store: DashboardStore, error: string): void {
    patch(store, () => ({ eventsPhase: 'error', eventsError: error }));
  },

  /**
   * A live event: a toast, and a row when it matches the list's filter. An event already
   * listed (the list reloaded after it was pushed) is not added twice.
   */
  eventReceived(store: DashboardStore, event: AlertEventDto, serverNow: number): void {
    patch(store, (a) => {
      const key = a.toastSeq + 1;
      const toasts = [...a.toasts, { key, event }].slice(-MAX_TOASTS);
      const listed = a.events.some((e) => e.id === event.id);
      const events = listed || !matchesFilter(event, a.filter, serverNow) ? a.events : [event, ...a.events].slice(0, MAX_ALERT_EVENTS);
      return { toasts, toastSeq: key, events };
    });
  },

  dismissToast(store: DashboardStore, key: number): void {
    patch(store, (a) => (a.toasts.some((t) => t.key === key) ? { toasts: a.toasts.filter((t) => t.key !== key) } : {}));
  },

  setNotify(store: DashboardStore, notify: NotifyPermission): void {
    patch(store, () => ({ notify }));
  },
};
