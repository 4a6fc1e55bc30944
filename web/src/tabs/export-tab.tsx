/**
 * The Data Export tab: ticks, bars of any timeframe, or the Pair Analytics series of a pair,
 * over a UTC time range, downloaded as CSV, Parquet or an Arrow stream straight from the
 * server's streaming export (`GET /api/export/*.{csv,parquet,arrow}`) through an `<a download>` link, so a large file never passes
 * through the page's memory. Pair analytics starts from the Pair Analytics tab's selection.
 * @module
 */

import { useMemo, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { accessToken } from '../api/access-token';
import { selectWatchedSymbols, useDashboard } from '../state/dashboard-store';
import { defaultRange, EXPORT_FILE_FORMATS, exportPlan, HEDGE_METHODS, lastRange, type ExportFileFormat, type ExportForm, type ExportKind, type HedgeMethod } from '../view/export-model';
import './export-tab.css';

const KINDS: readonly { readonly id: ExportKind; readonly label: string; readonly columns: string }[] = [
  { id: 'ticks', label: 'Ticks', columns: 'symbol,ts,price,qty,trade_id,buyer_maker' },
  { id: 'bars', label: 'Bars', columns: 'timestamp,open,high,low,close,volume,vwap,trades' },
  { id: 'pair', label: 'Pair analytics', columns: 'timestamp,y,x,y_filled,x_filled,beta,alpha,spread,z,corr,ols_beta' },
];

const FORMAT_LABELS: Readonly<Record<ExportFileFormat, string>> = { csv: 'CSV', parquet: 'Parquet', arrow: 'Arrow' };

/** What each format's file holds, for the note under the form; `timeColumn` is the kind's time column. */
function formatNote(format: ExportFileFormat, timeColumn: string): ReactNode {
  if (format === 'csv') {
    return (
      <>
        Times are ISO-8601 UTC with milliseconds, so <code>pandas.read_csv(path, parse_dates=[&apos;{timeColumn}&apos;])</code> reads them as-is. A range with no data gives the header alone.
      </>
    );
  }
  return (
    <>
      Typed columns: <code>{timeColumn}</code> a UTC timestamp in ms, prices float64, ids and counts int64.{' '}
      {format === 'parquet' ? (
        <>
          <code>pandas.read_parquet(path)</code>, <code>polars.read_parquet(path)</code> or DuckDB read it.
        </>
      ) : (
        <>
          An Arrow IPC stream: <code>polars.read_ipc_stream(path)</code> or <code>pyarrow.ipc.open_stream</code>.
        </>
      )}{' '}
      A range with no data gives the columns and no rows.
    </>
  );
}

const QUICK: readonly { readonly label: string; readonly spanMs: number | null }[] = [
  { label: 'Last 15m', spanMs: 15 * 60_000 },
  { label: 'Last 1h', spanMs: 3_600_000 },
  { label: 'Last 24h', spanMs: 86_400_000 },
  { label: 'All', spanMs: null },
];

function Field({ label, hint, children }: { readonly label: string; readonly hint?: string; readonly children: ReactNode }) {
  return (
    <label className="field export-field">
      <span className="field-label">{label}</span>
      {children}
      {hint !== undefined && <span className="export-hint">{hint}</span>}
    </label>
  );
}

export function ExportTab() {
  const symbols = useDashboard(useShallow(selectWatchedSymbols));
  const selected = useDashboard((s) => s.selectedSymbol);
  const chartTf = useDashboard((s) => s.tf);
  const clockOffsetMs = useDashboard((s) => s.clockOffsetMs);
  const pairSelection = useDashboard((s) => s.pair.selection);
  const serverNow = () => Date.now() + clockOffsetMs;
  const [form, setForm] = useState<ExportForm>(() => ({
    kind: 'ticks',
    format: 'csv',
    symbol: selected ?? symbols[0] ?? '',
    x: symbols.find((s) => s !== (selected ?? symbols[0])) ?? '',
    tf: chartTf,
    method: 'ols',
    window: '60',
    ...defaultRange(serverNow()),
  }));
  const set = (patch: Partial<ExportForm>) => setForm((f) => ({ ...f, ...patch }));
  // Pair analytics starts from the pair on the Pair Analytics tab, so its view exports as seen.
  const choose = (id: ExportKind) =>
    set(id === 'pair' && form.kind !== 'pair' ? { kind: id, symbol: pairSelection.y, x: pairSelection.x, tf: pairSelection.tf, method: pairSelection.method, window: String(pairSelection.window) } : { kind: id });
  const plan = useMemo(() => exportPlan(form, accessToken()), [form]);
  const kind = KINDS.find((k) => k.id === form.kind) ?? KINDS[0];
  // A symbol chosen elsewhere (the Pair tab's legs) stays selectable though not watched.
  const withChoice = (choice: string) => (symbols.includes(choice) || choice === '' ? symbols : [choice, ...symbols]);
  const options = withChoice(form.symbol);

  return (
    <div className="export-tab" data-testid="export-tab">
      <section className="export-card" aria-labelledby="export-heading">
        <h2 id="export-heading" className="panel-title">
          Data export
        </h2>
        <div className="segmented export-kinds" role="radiogroup" aria-label="What to export">
          {KINDS.map((k) => (
            <button key={k.id} type="button" role="radio" aria-checked={form.kind === k.id} className={form.kind === k.id ? 'segment active' : 'segment'} data-testid={`export-kind-${k.id}`} onClick={() => choose(k.id)}>
              {k.label}
            </button>
          ))}
        </div>

        <div className="segmented export-formats" role="radiogroup" aria-label="File format">
          {EXPORT_FILE_FORMATS.map((f) => (
            <button key={f} type="button" role="radio" aria-checked={form.format === f} className={form.format === f ? 'segment active' : 'segment'} data-testid={`export-format-${f}`} onClick={() => set({ format: f })}>
              {FORMAT_LABELS[f]}
            </button>
          ))}
        </div>

        <div className="export-grid">
          <Field label={form.kind === 'pair' ? 'Y (dependent leg)' : 'Symbol'}>
            <select value={form.symbol} onChange={(e) => set({ symbol: e.target.value })} data-testid="export-symbol">
              {options.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </Field>
          {form.kind === 'pair' && (
            <Field label="X (independent leg)">
              <select value={form.x} onChange={(e) => set({ x: e.target.value })} data-testid="export-x">
                {withChoice(form.x).map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {form.kind !== 'ticks' && (
            <Field label="Timeframe" hint="any n + unit: 1s, 250ms, 15m, 4h">
              <input type="text" value={form.tf} onChange={(e) => set({ tf: e.target.value })} spellCheck={false} autoComplete="off" data-testid="export-tf" />
            </Field>
          )}
          {form.kind === 'pair' && (
            <>
              <Field label="Hedge method">
                <select value={form.method} onChange={(e) => set({ method: e.target.value as HedgeMethod })} data-testid="export-method">
                  {HEDGE_METHODS.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="Window (bars)">
                <input type="text" inputMode="numeric" value={form.window} onChange={(e) => set({ window: e.target.value })} data-testid="export-window" />
              </Field>
            </>
          )}
        </div>

        <div className="export-grid">
          <Field label="From (UTC)" hint="YYYY-MM-DD HH:MM[:SS]; empty: the first stored row">
            <input type="text" value={form.from} placeholder="first stored row" onChange={(e) => set({ from: e.target.value })} spellCheck={false} autoComplete="off" data-testid="export-from" />
          </Field>
          <Field label="To (UTC, exclusive)" hint="empty: up to the moment of the download">
            <input type="text" value={form.to} placeholder="now" onChange={(e) => set({ to: e.target.value })} spellCheck={false} autoComplete="off" data-testid="export-to" />
          </Field>
          <div className="field export-field">
            <span className="field-label">Quick range</span>
            <div className="export-quick">
              {QUICK.map((q) => (
                <button key={q.label} type="button" className="button" onClick={() => set(lastRange(serverNow(), q.spanMs))}>
                  {q.label}
                </button>
              ))}
            </div>
          </div>
        </div>

        <div className="export-action">
          {plan.href !== null ? (
            <a className="button button-start export-download" href={plan.href} download={plan.filename} data-testid="export-download">
              Download {plan.filename}
            </a>
          ) : (
            <span className="button export-download export-disabled" aria-disabled="true">
              Download {FORMAT_LABELS[form.format]}
            </span>
          )}
          <span className={plan.error === null ? 'export-summary' : 'export-summary field-error'} role={plan.error === null ? undefined : 'alert'} data-testid="export-summary">
            {plan.error ?? plan.summary}
          </span>
        </div>
        <p className="export-note">
          Columns: <code>{kind?.columns}</code>. {formatNote(form.format, form.kind === 'ticks' ? 'ts' : 'timestamp')} The file streams from the server&apos;s store.
        </p>
      </section>
    </div>
  );
}
