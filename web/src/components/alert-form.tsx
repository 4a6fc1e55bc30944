/**
 * The form that creates an alert rule of any type, or edits one: the fields of the chosen
 * type, checked as they are typed (alert-form-model.ts), and on submit the server's 400 shown
 * next to the field it names as well as under the form.
 * @module
 */

import { useMemo, useState, type ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/api-error';
import type { AlertRuleDto } from '../../../src/server/dto/alert-schemas';
import { alertActions } from '../state/alert-actions';
import { alertFeed } from '../state/alert-app-feed';
import { dashboardStore, useDashboard } from '../state/dashboard-store';
import { strategyList } from '../state/strategy-state';
import {
  alertFormOf,
  alertRuleBody,
  defaultAlertForm,
  directionsOf,
  HEDGE_METHODS,
  PARAM_FIELDS,
  RULE_TYPE_LABELS,
  RULE_TYPES,
  serverErrorField,
  strategyChoices,
  withType,
  type AlertForm,
  type AlertFormField,
} from '../view/alert-form-model';

const SEVERITIES = ['info', 'warning', 'critical'] as const;

export interface AlertFormProps {
  readonly symbols: readonly string[];
  readonly editing: AlertRuleDto | null;
}

export function AlertRuleForm({ symbols, editing }: AlertFormProps) {
  const [form, setForm] = useState<AlertForm>(() => (editing === null ? defaultAlertForm(symbols) : alertFormOf(editing)));
  const [touched, setTouched] = useState<ReadonlySet<AlertFormField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<{ readonly message: string; readonly field: AlertFormField | null } | null>(null);
  const result = useMemo(() => alertRuleBody(form), [form]);
  const strategies = useDashboard((s) => s.strategies);
  const choices = useMemo(() => strategyChoices(strategyList(strategies), form.strategyId), [strategies, form.strategyId]);
  const errors = result.ok ? {} : result.errors;

  const set = (patch: Partial<AlertForm>, field?: AlertFormField) => {
    setForm((f) => ({ ...f, ...patch }));
    if (field !== undefined) setTouched((t) => new Set(t).add(field));
    setServerError(null);
  };
  const errorOf = (field: AlertFormField): string | null => {
    if (serverError?.field === field) return serverError.message;
    return submitted || touched.has(field) ? (errors[field] ?? null) : null;
  };

  const submit = async () => {
    setSubmitted(true);
    if (!result.ok) return;
    setBusy(true);
    try {
      await alertFeed.save(result.body, editing?.id ?? null);
      setServerError(null);
      setSubmitted(false);
      setTouched(new Set());
      if (editing === null) setForm((f) => ({ ...f, name: '' }));
    } catch (e) {
      const message = errorMessage(e);
      setServerError({ message, field: e instanceof ApiError && e.status === 400 ? serverErrorField(message) : null });
    } finally {
      setBusy(false);
    }
  };

  const field = (name: AlertFormField, label: string, control: ReactNode, hint?: string) => {
    const error = errorOf(name);
    return (
      <label className="field alert-field" key={name}>
        <span className="field-label">{label}</span>
        {control}
        {error !== null ? (
          <span className="field-error" role="alert" data-testid={`alert-form-error-${name}`}>
            {error}
          </span>
        ) : (
          hint !== undefined && <span className="alert-hint">{hint}</span>
        )}
      </label>
    );
  };
  const text = (name: 'name' | 'y' | 'x' | 'symbol' | 'tf' | 'window' | 'threshold' | 'level' | 'thresholdMs' | 'topN' | 'maxPvalue' | 'cooldown' | 'hysteresis' | 'webhookUrl', placeholder?: string) => (
    <input
      type="text"
      value={form[name]}
      placeholder={placeholder}
      list={name === 'y' || name === 'x' || name === 'symbol' ? 'alert-symbols' : undefined}
      spellCheck={false}
      autoComplete="off"
      aria-invalid={errorOf(name) !== null}
      data-testid={`alert-form-${name}`}
      onChange={(e) => set({ [name]: e.target.value }, name)}
    />
  );

  const paramControls: Record<string, () => ReactNode> = {
    y: () => field('y', 'Y (dependent leg)', text('y')),
    x: () => field('x', 'X (independent leg)', text('x')),
    symbol: () => field('symbol', 'Symbol', text('symbol')),
    tf: () => (form.type === 'screener_entry' ? field('tf', 'Screener timeframe', text('tf', '1m'), "the rankings' timeframe") : field('tf', 'Timeframe', text('tf'), '1s, 1m, 5m, 250ms')),
    method: () =>
      field(
        'method',
        'Hedge method',
        <select value={form.method} data-testid="alert-form-method" onChange={(e) => set({ method: e.target.value }, 'method')}>
          {HEDGE_METHODS.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>,
      ),
    prices: () =>
      field(
        'prices',
        'Prices',
        <select value={form.prices} data-testid="alert-form-prices" onChange={(e) => set({ prices: e.target.value }, 'prices')}>
          <option value="raw">raw</option>
          <option value="log">log</option>
        </select>,
        'the scale of the hedge and the spread',
      ),
    window: () => field('window', 'Window (bars)', text('window')),
    threshold: () => field('threshold', form.type === 'volume_spike' ? 'Volume z threshold' : 'Z threshold', text('threshold')),
    level: () => field('level', form.type === 'price' ? 'Price level' : form.type === 'correlation_break' ? 'Correlation below' : 'Spread level', text('level')),
    direction: () =>
      field(
        'direction',
        'Direction',
        <select value={form.direction} data-testid="alert-form-direction" onChange={(e) => set({ direction: e.target.value }, 'direction')}>
          {directionsOf(form.type).map((d) => (
            <option key={d} value={d}>
              {d === 'outside' ? 'outside ±' : d}
            </option>
          ))}
        </select>,
      ),
    states: () =>
      field(
        'states',
        'Fire when health becomes',
        <span className="alert-checks">
          {(['weakening', 'broken'] as const).map((st) => (
            <span key={st} className="alert-check">
              <input
                type="checkbox"
                checked={form.states.includes(st)}
                data-testid={`alert-form-state-${st}`}
                onChange={(e) => set({ states: e.target.checked ? [...form.states, st] : form.states.filter((x) => x !== st) }, 'states')}
              />
              {st}
            </span>
          ))}
        </span>,
      ),
    condition: () =>
      field(
        'condition',
        'Condition',
        <select value={form.condition} data-testid="alert-form-condition" onChange={(e) => set({ condition: e.target.value as AlertForm['condition'] }, 'condition')}>
          <option value="stall">stall (no trade for)</option>
          <option value="lag">lag (feed p99 beyond)</option>
          <option value="gap">gap found</option>
        </select>,
      ),
    topN: () => field('topN', 'Top N', text('topN'), 'ranks watched (by p-value)'),
    maxPvalue: () => field('maxPvalue', 'p-value below', text('maxPvalue'), 'e.g. 0.05'),
    thresholdMs: () => field('thresholdMs', 'Threshold (ms)', text('thresholdMs'), form.condition === 'gap' ? 'not used for gaps' : undefined),
    strategyId: () =>
      field(
        'strategyId',
        'Paper strategy',
        <select value={form.strategyId} data-testid="alert-form-strategyId" onChange={(e) => set({ strategyId: e.target.value }, 'strategyId')}>
          <option value="">any strategy</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>,
        'fires on each fill',
      ),
  };

  return (
    <form
      className="alert-form"
      data-testid="alert-form"
      aria-labelledby="alert-form-heading"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id="alert-form-heading" className="panel-title">
        {editing === null ? 'New rule' : `Edit rule: ${editing.name}`}
      </h3>
      <datalist id="alert-symbols">
        {symbols.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <div className="alert-grid">
        {field(
          'type',
          'Type',
          <select value={form.type} data-testid="alert-form-type" onChange={(e) => set(withType(form, e.target.value as AlertForm['type']))}>
            {RULE_TYPES.map((t) => (
              <option key={t} value={t}>
                {RULE_TYPE_LABELS[t]}
              </option>
            ))}
          </select>,
        )}
        {field('name', 'Name', text('name', 'from the type and subject'))}
        {field(
          'severity',
          'Severity',
          <select value={form.severity} data-testid="alert-form-severity" onChange={(e) => set({ severity: e.target.value as AlertForm['severity'] })}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>,
        )}
      </div>
      <div className="alert-grid">{PARAM_FIELDS[form.type].map((f) => paramControls[f]?.())}</div>
      <div className="alert-grid">
        {field('cooldown', 'Cooldown (s)', text('cooldown', form.type === 'strategy_fill' ? '0' : '60'), 'quiet time after a firing')}
        {field('hysteresis', 'Hysteresis', text('hysteresis', 'type default'), 're-arm margin')}
        {form.type === 'price' &&
          field(
            'evaluateOn',
            'Evaluate on',
            <select value={form.evaluateOn} data-testid="alert-form-evaluateOn" onChange={(e) => set({ evaluateOn: e.target.value as AlertForm['evaluateOn'] })}>
              <option value="final">final bars</option>
              <option value="forming">forming bars (ticks)</option>
            </select>,
          )}
        {field('webhookUrl', 'Webhook URL', text('webhookUrl', 'optional, Slack-compatible'))}
        <label className="field alert-field alert-enabled">
          <span className="field-label">Enabled</span>
          <input type="checkbox" checked={form.enabled} data-testid="alert-form-enabled" onChange={(e) => set({ enabled: e.target.checked })} />
        </label>
      </div>
      <div className="alert-form-actions">
        <button type="submit" className="button button-start" disabled={busy} data-testid="alert-form-submit">
          {editing === null ? 'Create rule' : 'Save changes'}
        </button>
        {editing !== null && (
          <button type="button" className="button" data-testid="alert-form-cancel" onClick={() => alertActions.edit(dashboardStore, null)}>
            Cancel
          </button>
        )}
        {serverError !== null && (
          <span className="field-error alert-server-error" role="alert" data-testid="alert-form-server-error">
            {serverError.message}
          </span>
        )}
        {serverError === null && submitted && !result.ok && (
          <span className="field-error alert-server-error" role="alert">
            Fix the fields marked above.
          </span>
        )}
      </div>
    </form>
  );
}
