/**
 * The Alerts tab: recent fired events (filterable, each linking to its chart), the rules with
 * their firing counts and webhook failures, and the form that creates or edits a rule of any
 * type (components/alert-tab-body.tsx). Its code loads in its own chunk when the tab first
 * opens, so the first page load stays small; the toasts (components/alert-toasts.tsx) are in
 * the main bundle, since alerts reach every tab.
 * @module
 */

import { lazy, Suspense } from 'react';
import './alerts.css';

const AlertTabBody = lazy(() => import('../components/alert-tab-body').then((m) => ({ default: m.AlertTabBody })));

export function AlertsTab() {
  return (
    <Suspense fallback={<div className="alerts-tab alert-empty">Loading the Alerts tab…</div>}>
      <AlertTabBody />
    </Suspense>
  );
}
