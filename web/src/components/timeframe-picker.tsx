/**
 * Timeframe: the three built-in ones as a segmented control, plus a custom field checked with
 * the same rule as the server (`parseTimeframe` from src/model) as the user types.
 * @module
 */

import { useState } from 'react';
import { DEFAULT_TIMEFRAMES, parseTimeframe } from '../../../src/model/timeframe';
import { actions, dashboardStore, useDashboard } from '../state/dashboard-store';

export function TimeframePicker() {
  const tf = useDashboard((s) => s.tf);
  const custom = !(DEFAULT_TIMEFRAMES as readonly string[]).includes(tf);
  const [draft, setDraft] = useState(custom ? tf : '');
  const parsed = draft.trim() === '' ? null : parseTimeframe(draft);
  // The model's message without its examples, so it fits the two lines kept for it.
  const error = parsed !== null && !parsed.ok ? parsed.error.message.replace(/\s*\(e\.g\..*\)$/, '') : null;

  const apply = () => {
    if (parsed?.ok) {
      setDraft(parsed.value.label);
      actions.setTimeframe(dashboardStore, parsed.value.label);
    }
  };

  return (
    <section className="panel" aria-labelledby="tf-heading">
      <h2 id="tf-heading" className="panel-title">
        Timeframe
      </h2>
      <div className="segmented" role="radiogroup" aria-label="Timeframe">
        {DEFAULT_TIMEFRAMES.map((t) => (
          <button
            key={t}
            type="button"
            role="radio"
            aria-checked={tf === t}
            className={tf === t ? 'segment active' : 'segment'}
            data-testid={`tf-${t}`}
            onClick={() => actions.setTimeframe(dashboardStore, t)}
          >
            {t}
          </button>
        ))}
      </div>
      <form
        className="custom-tf"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <input
          type="text"
          data-testid="tf-custom"
          className={custom ? 'active' : undefined}
          placeholder="custom: 15s, 250ms, 4h"
          spellCheck={false}
          autoComplete="off"
          value={draft}
          aria-label="Custom timeframe"
          aria-invalid={error !== null}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="button" disabled={!parsed?.ok} data-testid="tf-apply">
          Apply
        </button>
      </form>
      <span className={error === null ? 'field-hint' : 'field-hint field-error'} role={error === null ? undefined : 'alert'} data-testid={error === null ? undefined : 'tf-error'}>
        {error ?? 'n + unit (ms, s, m, h, d), checked as the server does'}
      </span>
    </section>
  );
}
