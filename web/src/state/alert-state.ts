/**
 * The alerts slice of the store: the rules as the server lists them, recent fired events
 * (newest first) under the Alerts tab's filter, the toasts on screen, and whether the browser
 * may show notifications. Transitions in alert-actions.ts; I/O in alert-feed.ts.
 * @module
 */

import type { AlertEventDto, AlertRuleDto, AlertSeverityDto } from '../../../src/server/dto/alert-schemas';

/** The event list's filter: a rule id, a severity, and how far back (ms; null: all). */
export interface AlertFilter {
  readonly rule: string | null;
  readonly severity: AlertSeverityDto | null;
  readonly spanMs: number | null;
}

/** One toast: an event with a key unique on screen (the event id could repeat after a database reset). */
export interface AlertToast {
  readonly key: number;
  readonly event: AlertEventDto;
}

/** `Notification.permission`, or `unsupported` where the browser has no Notification API. */
export type NotifyPermission = 'unsupported' | 'default' | 'granted' | 'denied';

export type LoadPhase = 'idle' | 'loading' | 'ready' | 'error';

export interface AlertsState {
  readonly rules: readonly AlertRuleDto[];
  readonly rulesPhase: LoadPhase;
  readonly rulesError: string | null;
  /** Newest first, at most `MAX_ALERT_EVENTS`. */
  readonly events: readonly AlertEventDto[];
  readonly eventsPhase: LoadPhase;
  readonly eventsError: string | null;
  readonly filter: AlertFilter;
  /** Oldest first; at most `MAX_TOASTS`. */
  readonly toasts: readonly AlertToast[];
  readonly toastSeq: number;
  readonly notify: NotifyPermission;
  /** The rule the form edits, or null when it creates one. */
  readonly editing: AlertRuleDto | null;
  /** The last failed rule action (enable, delete) with the server's message. */
  readonly actionError: string | null;
}

export const MAX_ALERT_EVENTS = 500;
export const MAX_TOASTS = 5;

export const initialAlertsState: AlertsState = {
  rules: [],
  rulesPhase: 'idle',
  rulesError: null,
  events: [],
  eventsPhase: 'idle',
  eventsError: null,
  filter: { rule: null, severity: null, spanMs: null },
  toasts: [],
  toastSeq: 0,
  notify: 'unsupported',
  editing: null,
  actionError: null,
};
