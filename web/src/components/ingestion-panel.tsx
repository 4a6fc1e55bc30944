/**
 * Source, symbols and Start/Stop. The server's refusal (`{error: {message}}`) is shown below
 * the buttons, in its own words.
 * @module
 */

import type { SourceKind } from '../../../src/server/dto/api-schemas';
import { api } from '../api/http-client';
import { actions, dashboardStore, useDashboard } from '../state/dashboard-store';
import { startIngestion, stopIngestion } from '../state/ingestion-actions';
import { statusModel } from '../view/status-model';

/** Sources the UI offers; Binance Futures and Replay join when the server has them. */
const SOURCES: readonly { readonly value: SourceKind; readonly label: string }[] = [{ value: 'simulator', label: 'Simulator' }];

export function IngestionPanel() {
  const source = useDashboard((s) => s.source);
  const symbolsInput = useDashboard((s) => s.symbolsInput);
  const symbolsError = useDashboard((s) => s.symbolsError);
  const ingestion = useDashboard((s) => s.ingestion);
  const connection = useDashboard((s) => s.connection);
  const status = useDashboard((s) => s.status);
  const model = statusModel(connection, status, ingestion.pending, Date.now());

  return (
    <section className="panel" aria-labelledby="ingestion-heading">
      <h2 id="ingestion-heading" className="panel-title">
        Ingestion
      </h2>
      <label className="field">
        <span className="field-label">Source</span>
        <select data-testid="source-select" value={source} onChange={(e) => actions.setSource(dashboardStore, e.target.value as SourceKind)}>
          {SOURCES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Symbols</span>
        <input
          data-testid="symbols-input"
          type="text"
          spellCheck={false}
          autoComplete="off"
          value={symbolsInput}
          aria-invalid={symbolsError !== null}
          onChange={(e) => actions.setSymbolsInput(dashboardStore, e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && model.canStart) void startIngestion(dashboardStore, api);
          }}
        />
        {symbolsError !== null && (
          <span className="field-error" role="alert" data-testid="symbols-error">
            {symbolsError}
          </span>
        )}
      </label>
      <div className="button-row">
        <button type="button" className="button button-start" data-testid="start-button" disabled={!model.canStart} onClick={() => void startIngestion(dashboardStore, api)}>
          {ingestion.pending === 'start' ? 'Starting…' : 'Start'}
        </button>
        <button type="button" className="button button-stop" data-testid="stop-button" disabled={!model.canStop} onClick={() => void stopIngestion(dashboardStore, api)}>
          {ingestion.pending === 'stop' ? 'Stopping…' : 'Stop'}
        </button>
      </div>
      {ingestion.error !== null && (
        <p className="field-error" role="alert" data-testid="ingestion-error">
          {ingestion.error}
        </p>
      )}
    </section>
  );
}
