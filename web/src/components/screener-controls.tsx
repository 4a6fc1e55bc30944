/**
 * The Screener's controls: the timeframe of the stored bars, how many bars to look back, the
 * prefilters (|corr| and quote volume), log or raw prices, how many pairs to list, and
 * Refresh. A bad value is marked and named under the row; a valid change fetches the ranking
 * after a pause (screener-feed.ts), unless the live screener already answers it.
 * @module
 */

import type { ReactNode } from 'react';
import type { ScreenerPricesDto } from '../../../src/server/dto/screener-schemas';
import { PAIR_TIMEFRAMES } from '../state/pair-selection';
import type { ScreenerControls as Controls, ScreenerField } from '../state/screener-state';

export interface ScreenerControlsProps {
  readonly controls: Controls;
  readonly errors: Partial<Record<ScreenerField, string>>;
  readonly busy: boolean;
  readonly onChange: (change: Partial<Controls>) => void;
  readonly onRefresh: () => void;
}

const PRICES: readonly ScreenerPricesDto[] = ['log', 'raw'];

function Field({ id, label, children }: { readonly id: string; readonly label: string; readonly children: ReactNode }) {
  return (
    <div className="scr-field">
      <label className="field-label" htmlFor={`scr-${id}`}>
        {label}
      </label>
      {children}
    </div>
  );
}

export function ScreenerControls({ controls, errors, busy, onChange, onRefresh }: ScreenerControlsProps) {
  const text = (id: Exclude<ScreenerField, 'tf'>, placeholder?: string) => (
    <input
      id={`scr-${id}`}
      data-testid={`scr-${id}`}
      className="scr-number"
      type="text"
      inputMode="decimal"
      placeholder={placeholder}
      value={controls[id]}
      aria-invalid={errors[id] !== undefined}
      onChange={(e) => onChange({ [id]: e.target.value })}
    />
  );
  // A timeframe typed elsewhere (a shared state) stays selectable.
  const timeframes = PAIR_TIMEFRAMES.includes(controls.tf) ? PAIR_TIMEFRAMES : [...PAIR_TIMEFRAMES, controls.tf];
  return (
    <form
      className="scr-controls"
      data-testid="scr-controls"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onRefresh();
      }}
    >
      <Field id="tf" label="Timeframe">
        <select id="scr-tf" data-testid="scr-tf" value={controls.tf} onChange={(e) => onChange({ tf: e.target.value })}>
          {timeframes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </Field>
      <Field id="lookback" label="Lookback (bars)">
        {text('lookback', '1440')}
      </Field>
      <Field id="minCorr" label="Min |corr|">
        {text('minCorr', '0.5')}
      </Field>
      <Field id="minQuoteVolume" label="Min quote volume">
        {text('minQuoteVolume', '0')}
      </Field>
      <div className="scr-field">
        <span className="field-label" id="scr-prices-label">
          Prices
        </span>
        <div className="segmented scr-prices" role="radiogroup" aria-labelledby="scr-prices-label">
          {PRICES.map((p) => (
            <button
              key={p}
              type="button"
              role="radio"
              aria-checked={controls.prices === p}
              className={controls.prices === p ? 'segment active' : 'segment'}
              data-testid={`scr-prices-${p}`}
              onClick={() => onChange({ prices: p })}
            >
              {p}
            </button>
          ))}
        </div>
      </div>
      <Field id="limit" label="Top">
        {text('limit', '50')}
      </Field>
      <div className="scr-field scr-refresh">
        <button type="submit" className="button" data-testid="scr-refresh" disabled={busy || Object.keys(errors).length > 0}>
          {busy ? 'Screening…' : 'Refresh'}
        </button>
      </div>
      {/* Under the row rather than under each field, so a message does not move the fields. */}
      {Object.keys(errors).length > 0 && (
        <div className="scr-errors">
          {(Object.entries(errors) as [ScreenerField, string][]).map(([field, message]) => (
            <span key={field} className="field-error" role="alert" data-testid={`scr-error-${field}`}>
              {message}
            </span>
          ))}
        </div>
      )}
    </form>
  );
}
