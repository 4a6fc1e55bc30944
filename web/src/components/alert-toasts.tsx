/**
 * The stack of alert toasts in the page's corner, on every tab: newest at the bottom, coloured
 * by severity, each dismissed after its lifetime (critical ones stay longer) or by its close
 * button; a click elsewhere on it opens the Alerts tab.
 * @module
 */

import { useEffect } from 'react';
import { alertActions } from '../state/alert-actions';
import type { AlertToast } from '../state/alert-state';
import { actions, dashboardStore, useDashboard } from '../state/dashboard-store';
import { alertEventRow, toastLifetimeMs } from '../view/alert-event-model';
import '../tabs/alerts.css';

function Toast({ toast }: { readonly toast: AlertToast }) {
  const row = alertEventRow(toast.event);
  useEffect(() => {
    const timer = setTimeout(() => alertActions.dismissToast(dashboardStore, toast.key), toastLifetimeMs(row.severity));
    return () => clearTimeout(timer);
  }, [toast.key, row.severity]);
  const open = () => {
    actions.setTab(dashboardStore, 'alerts');
    alertActions.dismissToast(dashboardStore, toast.key);
  };
  return (
    <div
      className={`alert-toast alert-sev-${row.severity}`}
      role="alert"
      data-testid="alert-toast"
      data-severity={row.severity}
      data-event={row.id}
      data-rule={row.ruleId}
      onClick={open}
      onKeyDown={(e) => (e.key === 'Enter' ? open() : undefined)}
      tabIndex={0}
    >
      <div className="alert-toast-head">
        <span className="alert-sev-badge">{row.severity}</span>
        <span className="alert-toast-name">{row.ruleName}</span>
        <span className="alert-toast-time num">{row.clock} UTC</span>
        <button
          type="button"
          className="alert-toast-close"
          aria-label="Dismiss"
          onClick={(e) => {
            e.stopPropagation();
            alertActions.dismissToast(dashboardStore, toast.key);
          }}
        >
          ×
        </button>
      </div>
      <div className="alert-toast-message">{row.message}</div>
    </div>
  );
}

export function AlertToasts() {
  const toasts = useDashboard((s) => s.alerts.toasts);
  if (toasts.length === 0) return null;
  return (
    <div className="alert-toasts" aria-live="assertive" data-testid="alert-toasts">
      {toasts.map((t) => (
        <Toast key={t.key} toast={t} />
      ))}
    </div>
  );
}
