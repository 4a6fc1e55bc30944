/**
 * The Alerts tab's content, loaded in its own chunk (tabs/alerts-tab.tsx): recent fired events
 * (filterable, each linking to its chart), the rules with their firing counts and webhook
 * failures, and the form that creates or edits a rule of any type.
 * @module
 */

import { useShallow } from 'zustand/react/shallow';
import { AlertEventList } from './alert-event-list';
import { AlertRuleForm } from './alert-form';
import { AlertNotifyToggle } from './alert-notify-toggle';
import { AlertRuleList } from './alert-rule-list';
import { selectWatchedSymbols, useDashboard } from '../state/dashboard-store';
import '../tabs/alerts.css';

export function AlertTabBody() {
  const a = useDashboard((s) => s.alerts);
  const symbols = useDashboard(useShallow(selectWatchedSymbols));
  return (
    <div className="alerts-tab" data-testid="alerts-tab">
      <div className="alerts-head">
        <h2 className="panel-title">Alerts</h2>
        <AlertNotifyToggle />
      </div>
      <AlertEventList events={a.events} rules={a.rules} filter={a.filter} phase={a.eventsPhase} error={a.eventsError} />
      <AlertRuleList rules={a.rules} phase={a.rulesPhase} error={a.rulesError} actionError={a.actionError} />
      <section className="alert-card">
        {/* Keyed by the edited rule, so choosing another resets the form to it. */}
        <AlertRuleForm key={a.editing?.id ?? 'new'} symbols={symbols} editing={a.editing} />
      </section>
    </div>
  );
}
