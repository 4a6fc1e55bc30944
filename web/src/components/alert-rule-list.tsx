/**
 * The Alerts tab's rules: each with its condition, state, firing count, last firing and last
 * webhook failure, and buttons to enable or disable, edit and delete it.
 * @module
 */

import type { AlertRuleDto } from '../../../src/server/dto/alert-schemas';
import { alertActions } from '../state/alert-actions';
import { alertFeed } from '../state/alert-app-feed';
import { dashboardStore } from '../state/dashboard-store';
import { alertRuleRows } from '../view/alert-rule-model';

export interface AlertRuleListProps {
  readonly rules: readonly AlertRuleDto[];
  readonly phase: string;
  readonly error: string | null;
  readonly actionError: string | null;
}

export function AlertRuleList({ rules, phase, error, actionError }: AlertRuleListProps) {
  const rows = alertRuleRows(rules);
  const byId = new Map(rules.map((r) => [r.id, r]));
  return (
    <section className="alert-card" aria-labelledby="alert-rules-heading" data-testid="alert-rules">
      <h3 id="alert-rules-heading" className="panel-title">
        Rules <span className="alert-count">{rows.length}</span>
      </h3>
      {error !== null && <div className="field-error">Could not list the rules: {error}</div>}
      {actionError !== null && (
        <div className="field-error" role="alert" data-testid="alert-action-error">
          {actionError}
        </div>
      )}
      {rows.length === 0 ? (
        <div className="alert-empty">{phase === 'loading' || phase === 'idle' ? 'Loading rules…' : 'No rules yet: create one below.'}</div>
      ) : (
        <table className="alert-table">
          <thead>
            <tr>
              <th>Rule</th>
              <th>Condition</th>
              <th>State</th>
              <th className="num">Firings</th>
              <th>Last fired (UTC)</th>
              <th>Webhook</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className={r.enabled ? '' : 'alert-row-off'} data-testid="alert-rule-row" data-rule={r.id} data-name={r.name}>
                <td>
                  <span className={`alert-sev-badge alert-sev-${r.severity}`}>{r.severity}</span> <span className="alert-rule-name">{r.name}</span>
                </td>
                <td className="alert-condition">{r.condition}</td>
                <td data-testid="alert-rule-phase">{r.phase}</td>
                <td className="num" data-testid="alert-rule-firings">
                  {r.firings}
                </td>
                <td className="num">{r.lastFired ?? '\u2014'}</td>
                <td>
                  {r.deliveryError !== null ? (
                    <span className="alert-delivery-failed" data-testid="alert-rule-delivery-error">
                      {r.deliveryError}
                    </span>
                  ) : r.webhook !== null ? (
                    <span className="alert-muted">ok</span>
                  ) : (
                    <span className="alert-muted">none</span>
                  )}
                </td>
                <td className="alert-actions">
                  <button type="button" className="button" data-testid="alert-rule-toggle" onClick={() => void alertFeed.setEnabled(r.id, !r.enabled)}>
                    {r.enabled ? 'Disable' : 'Enable'}
                  </button>
                  <button type="button" className="button" data-testid="alert-rule-edit" onClick={() => alertActions.edit(dashboardStore, byId.get(r.id) ?? null)}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button"
                    data-testid="alert-rule-delete"
                    onClick={() => {
                      if (window.confirm(`Delete the rule "${r.name}"? Its events stay.`)) void alertFeed.remove(r.id);
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
