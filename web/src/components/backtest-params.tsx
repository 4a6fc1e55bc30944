/**
 * The Backtest tab's parameters: the pair from the known symbols, timeframe, hedge method,
 * window, entry/exit/stop bands, maximum holding, the fill, notional and costs, and Run. Each
 * field says inline what is wrong with it, the local checks first and then the server's 400
 * message beside the field it names (or by the Run button when it names none).
 * @module
 */

import type { FormEvent, ReactNode } from 'react';
import type { HedgeMethod, PriceScale } from '../../../src/model/pair-spec';
import { formToBody, type BacktestField, type BacktestForm, type FillMode } from '../state/backtest-form';
import type { RunState } from '../state/backtest-tab-state';
import { PAIR_METHODS, PAIR_TIMEFRAMES } from '../state/pair-selection';

export interface BacktestParamsProps {
  readonly form: BacktestForm;
  readonly symbols: readonly string[];
  readonly run: RunState;
  readonly onChange: (change: Partial<BacktestForm>) => void;
  readonly onRun: () => void;
}

const METHOD_LABELS: Readonly<Record<HedgeMethod, string>> = { ols: 'OLS', huber: 'Huber', theilsen: 'Theil-Sen', kalman: 'Kalman' };

interface FieldProps {
  readonly id: BacktestField;
  readonly label: string;
  readonly error: string | undefined;
  readonly children: ReactNode;
}

function Field({ id, label, error, children }: FieldProps) {
  return (
    <div className="bt-field" data-field={id}>
      <label className="field-label" htmlFor={`bt-${id}`}>
        {label}
      </label>
      {children}
      {error !== undefined && (
        <span className="field-hint field-error bt-field-error" role="alert" data-testid={`bt-error-${id}`}>
          {error}
        </span>
      )}
    </div>
  );
}

export function BacktestParams({ form, symbols, run, onChange, onRun }: BacktestParamsProps) {
  const parsed = formToBody(form);
  const errors: Partial<Record<BacktestField, string>> = parsed.ok ? {} : { ...parsed.errors };
  // The server's word, beside the field it names, unless a local check already speaks there.
  if (run.error !== null && run.errorField !== null) errors[run.errorField] ??= run.error;
  const generalError = run.error !== null && run.errorField === null ? run.error : null;
  const options = [...new Set([...symbols, form.y, form.x])];

  const text = (id: 'window' | 'entry' | 'exit' | 'stop' | 'maxHold' | 'notional' | 'feeBps' | 'slippageBps', placeholder?: string) => (
    <input
      id={`bt-${id}`}
      data-testid={`bt-${id}`}
      className="bt-number"
      type="text"
      inputMode="decimal"
      placeholder={placeholder}
      value={form[id]}
      aria-invalid={errors[id] !== undefined}
      onChange={(e) => onChange({ [id]: e.target.value })}
    />
  );
  const symbol = (id: 'y' | 'x') => (
    <select id={`bt-${id}`} data-testid={`bt-${id}`} value={form[id]} aria-invalid={errors[id] !== undefined} onChange={(e) => onChange({ [id]: e.target.value })}>
      {options.map((s) => (
        <option key={s} value={s}>
          {s}
        </option>
      ))}
    </select>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (parsed.ok) onRun();
  };

  return (
    <form className="bt-params" data-testid="bt-params" onSubmit={submit} noValidate>
      <Field id="y" label="y (dependent)" error={errors.y}>
        {symbol('y')}
      </Field>
      <Field id="x" label="x (independent)" error={errors.x}>
        {symbol('x')}
      </Field>
      <Field id="tf" label="Timeframe" error={errors.tf}>
        <select id="bt-tf" data-testid="bt-tf" value={form.tf} onChange={(e) => onChange({ tf: e.target.value })}>
          {PAIR_TIMEFRAMES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </Field>
      <Field id="method" label="Hedge ratio" error={errors.method}>
        <select id="bt-method" data-testid="bt-method" value={form.method} onChange={(e) => onChange({ method: e.target.value as HedgeMethod })}>
          {PAIR_METHODS.map((m) => (
            <option key={m} value={m}>
              {METHOD_LABELS[m]}
            </option>
          ))}
        </select>
      </Field>
      <Field id="prices" label="Prices" error={errors.prices}>
        <select id="bt-prices" data-testid="bt-prices" value={form.prices} onChange={(e) => onChange({ prices: e.target.value as PriceScale })}>
          <option value="raw">raw (β in units)</option>
          <option value="log">log (β an elasticity)</option>
        </select>
      </Field>
      <Field id="window" label="Window (bars)" error={errors.window}>
        {text('window')}
      </Field>
      <Field id="entry" label="Entry |z| >" error={errors.entry}>
        {text('entry')}
      </Field>
      <Field id="exit" label="Exit |z| <" error={errors.exit}>
        {text('exit')}
      </Field>
      <Field id="stop" label="Stop |z| >" error={errors.stop}>
        {text('stop', 'none')}
      </Field>
      <Field id="maxHold" label="Max hold (bars)" error={errors.maxHold}>
        {text('maxHold', 'none')}
      </Field>
      <Field id="fill" label="Fill at" error={errors.fill}>
        <select id="bt-fill" data-testid="bt-fill" value={form.fill} onChange={(e) => onChange({ fill: e.target.value as FillMode })}>
          <option value="next_open">next open</option>
          <option value="next_close">next close</option>
        </select>
      </Field>
      <Field id="notional" label="Notional (USDT)" error={errors.notional}>
        {text('notional')}
      </Field>
      <Field id="feeBps" label="Fee (bps/leg)" error={errors.feeBps}>
        {text('feeBps')}
      </Field>
      <Field id="slippageBps" label="Slippage (bps)" error={errors.slippageBps}>
        {text('slippageBps')}
      </Field>
      <div className="bt-run">
        <button type="submit" className="button button-start" data-testid="bt-run" disabled={!parsed.ok || run.phase === 'running'}>
          {run.phase === 'running' ? 'Running…' : 'Run'}
        </button>
        {generalError !== null && (
          <span className="field-hint field-error" role="alert" data-testid="bt-run-error">
            {generalError}
          </span>
        )}
      </div>
    </form>
  );
}
