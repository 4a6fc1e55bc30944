/**
 * The Alerts tab's recent events, newest first, filtered by rule, severity and time (the
 * filter is the server's query, and live events that match join at the top); each links to
 * the chart it fired on.
 * @module
 */

import type { AlertEventDto, AlertRuleDto, AlertSeverityDto } from '../../../src/server/dto/alert-schemas';
import { alertActions } from '../state/alert-actions';
import type { AlertFilter } from '../state/alert-state';
import { actions, dashboardStore } from '../state/dashboard-store';
import { strategyFeed } from '../state/strategy-app-feed';
import { alertEventRow, type AlertChartLink } from '../view/alert-event-model';

const SPANS: readonly { readonly label: string; readonly ms: number | null }[] = [
  { label: 'All time', ms: null },
  { label: 'Last 15 min', ms: 15 * 60_000 },
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 24 h', ms: 86_400_000 },
];

function ChartLink({ link }: { readonly link: AlertChartLink | null }) {
  if (link === null) return <span className="alert-muted">{'\u2014'}</span>;
  if (link.kind === 'pair') {
    return (
      <a className="alert-link" href={link.href} data-testid="alert-event-link">
        {link.label}
      </a>
    );
  }
  if (link.kind === 'strategy') {
    const show = () => {
      strategyFeed.select(link.strategyId);
      actions.setTab(dashboardStore, 'backtest');
    };
    return (
      <button type="button" className="alert-link" data-testid="alert-event-link" onClick={show}>
        {link.label}
      </button>
    );
  }
  const open = () => {
    if (link.tf !== null) actions.setTimeframe(dashboardStore, link.tf);
    actions.selectSymbol(dashboardStore, link.symbol);
    actions.setTab(dashboardStore, 'overview');
  };
  return (
    <button type="button" className="alert-link" data-testid="alert-event-link" onClick={open}>
      {link.label}
    </button>
  );
}

export interface AlertEventListProps {
  readonly events: readonly AlertEventDto[];
  readonly rules: readonly AlertRuleDto[];
  readonly filter: AlertFilter;
  readonly phase: string;
  readonly error: string | null;
}

export function AlertEventList({ events, rules, filter, phase, error }: AlertEventListProps) {
  const set = (patch: Partial<AlertFilter>) => alertActions.setFilter(dashboardStore, patch);
  return (
    <section className="alert-card" aria-labelledby="alert-events-heading" data-testid="alert-events">
      <div className="alert-card-head">
        <h3 id="alert-events-heading" className="panel-title">
          Recent events <span className="alert-count">{events.length}</span>
        </h3>
        <div className="alert-filters">
          <select aria-label="Rule" value={filter.rule ?? ''} data-testid="alert-filter-rule" onChange={(e) => set({ rule: e.target.value === '' ? null : e.target.value })}>
            <option value="">All rules</option>
            {rules.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
          <select aria-label="Severity" value={filter.severity ?? ''} data-testid="alert-filter-severity" onChange={(e) => set({ severity: e.target.value === '' ? null : (e.target.value as AlertSeverityDto) })}>
            <option value="">All severities</option>
            <option value="info">info</option>
            <option value="warning">warning</option>
            <option value="critical">critical</option>
          </select>
          <select aria-label="Time" value={filter.spanMs === null ? '' : String(filter.spanMs)} data-testid="alert-filter-time" onChange={(e) => set({ spanMs: e.target.value === '' ? null : Number(e.target.value) })}>
            {SPANS.map((s) => (
              <option key={s.label} value={s.ms === null ? '' : String(s.ms)}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error !== null && <div className="field-error">Could not list the events: {error}</div>}
      {events.length === 0 ? (
        <div className="alert-empty">{phase === 'loading' || phase === 'idle' ? 'Loading events…' : 'No events match.'}</div>
      ) : (
        <table className="alert-table">
          <thead>
            <tr>
              <th>Time (UTC)</th>
              <th>Severity</th>
              <th>Rule</th>
              <th>What happened</th>
              <th className="num">Value / threshold</th>
              <th>Chart</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => {
              const r = alertEventRow(e);
              return (
                <tr key={r.id} data-testid="alert-event-row" data-event={r.id} data-rule={r.ruleId} data-severity={r.severity}>
                  <td className="num alert-time">{r.time}</td>
                  <td>
                    <span className={`alert-sev-badge alert-sev-${r.severity}`}>{r.severity}</span>
                  </td>
                  <td>{r.ruleName}</td>
                  <td>
                    {r.message}
                    {r.deliveryText !== null && <div className="alert-delivery-failed">{r.deliveryText}</div>}
                  </td>
                  <td className="num">{r.valueText}</td>
                  <td>
                    <ChartLink link={r.link} />
                    <span className="alert-muted"> bar {r.bar}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
