/**
 * The range picker above the charts: the latest bars (live), the last hour, day or week of
 * data, everything stored, or fixed dates in UTC. It moves the Overview, Pair Analytics and
 * Backtest tabs over history together (history-range.ts); the stored span is shown beside it.
 * @module
 */

import { useState } from 'react';
import { actions, dashboardStore, useDashboard } from '../state/dashboard-store';
import { LATEST_RANGE, rangeLabel, SPAN_PRESETS, type Coverage, type HistoryRange } from '../state/history-range';

const setRange = (range: HistoryRange) => actions.setRange(dashboardStore, range);

/** `2023-03-09T00:00` (a `datetime-local` value, read as UTC) → epoch ms, or null. */
export function parseUtcInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ms = Date.parse(`${value}Z`);
  // Date.parse rolls 2023-02-30 over into March: an impossible date is not a date.
  return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(value) ? ms : null;
}

const utcInput = (ms: number): string => new Date(ms).toISOString().slice(0, 16);

/** The earliest first and latest last bar over all stored symbols, or null. */
function storedSpan(coverage: Coverage | null): { first: number; last: number } | null {
  const spans = Object.values(coverage ?? {});
  if (spans.length === 0) return null;
  return { first: Math.min(...spans.map((s) => s.firstStart)), last: Math.max(...spans.map((s) => s.lastStart)) };
}

function isActive(range: HistoryRange, button: HistoryRange): boolean {
  return JSON.stringify(range) === JSON.stringify(button);
}

export function HistoryRangePicker() {
  const range = useDashboard((s) => s.history.range);
  const coverage = useDashboard((s) => s.history.coverage);
  const span = storedSpan(coverage);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);

  const apply = () => {
    const f = parseUtcInput(from);
    const t = parseUtcInput(to);
    if (f === null) setError(`from: "${from}" is not a date and time (YYYY-MM-DDTHH:MM, UTC)`);
    else if (t === null) setError(`to: "${to}" is not a date and time (YYYY-MM-DDTHH:MM, UTC)`);
    else if (!(f < t)) setError('from must be before to');
    else {
      setError(null);
      setRange({ kind: 'between', from: f, to: t });
    }
  };

  const button = (label: string, target: HistoryRange, testId: string) => (
    <button type="button" className={isActive(range, target) ? 'range-button active' : 'range-button'} aria-pressed={isActive(range, target)} data-testid={testId} onClick={() => setRange(target)}>
      {label}
    </button>
  );

  return (
    <div className="history-range" data-testid="history-range" role="group" aria-label="History range">
      <span className="range-title">Range</span>
      {button('Latest', LATEST_RANGE, 'range-latest')}
      {SPAN_PRESETS.map((p) => button(p.label, { kind: 'span', ms: p.ms }, `range-${p.label}`))}
      {button('All', { kind: 'all' }, 'range-all')}
      <label className="range-date">
        from
        <input type="datetime-local" data-testid="range-from" value={from} onChange={(e) => setFrom(e.target.value)} onFocus={() => span !== null && from === '' && setFrom(utcInput(span.first))} />
      </label>
      <label className="range-date">
        to
        <input type="datetime-local" data-testid="range-to" value={to} onChange={(e) => setTo(e.target.value)} onFocus={() => span !== null && to === '' && setTo(utcInput(span.last + 60_000))} />
      </label>
      <span className="range-utc">UTC</span>
      <button type="button" className="range-button" data-testid="range-apply" onClick={apply}>
        Go
      </button>
      <span className="range-label" data-testid="range-label">
        showing {rangeLabel(range)}
      </span>
      {span !== null && (
        <span className="range-stored" data-testid="range-stored">
          stored {utcInput(span.first).replace('T', ' ')} → {utcInput(span.last).replace('T', ' ')}
        </span>
      )}
      {error !== null && (
        <span className="range-error" role="alert" data-testid="range-error">
          {error}
        </span>
      )}
    </div>
  );
}
