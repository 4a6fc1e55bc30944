/**
 * Source and its settings, and Start/Stop. The picker offers what the server lists in
 * `status.sources`: Simulator and Binance Futures take the symbols field; Replay plays a file
 * on the server's machine (path and speed) or uploads one into the store. The server's
 * refusal (`{error: {message}}`) is shown below the buttons, in its own words.
 * @module
 */

import type { SourceKind } from '../../../src/server/dto/api-schemas';
import { api } from '../api/http-client';
import { uploadFile } from '../api/upload-client';
import { actions, dashboardStore, REPLAY_SPEEDS, useDashboard, type ReplayMode, type ReplaySpeed } from '../state/dashboard-store';
import { uploadChosenFile } from '../state/import-actions';
import { startIngestion, stopIngestion } from '../state/ingestion-actions';
import { sourceOptions } from '../view/source-model';
import { statusModel } from '../view/status-model';
import { uploadModel } from '../view/upload-model';
import { FileField } from './file-field';
import { PlaybackBar } from './playback-bar';
import { UploadStatus } from './upload-status';

const start = () => void startIngestion(dashboardStore, api);
const MODES: readonly { readonly value: ReplayMode; readonly label: string }[] = [
  { value: 'path', label: 'File on server' },
  { value: 'upload', label: 'Upload' },
];

function SymbolsField({ canStart }: { readonly canStart: boolean }) {
  const symbolsInput = useDashboard((s) => s.symbolsInput);
  const symbolsError = useDashboard((s) => s.symbolsError);
  return (
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
          if (e.key === 'Enter' && canStart) start();
        }}
      />
      {symbolsError !== null && (
        <span className="field-error" role="alert" data-testid="symbols-error">
          {symbolsError}
        </span>
      )}
    </label>
  );
}

function ReplayFields({ canStart }: { readonly canStart: boolean }) {
  const replay = useDashboard((s) => s.replay);
  const upload = useDashboard((s) => s.uploads.ticks);
  const m = uploadModel('ticks', upload);
  return (
    <>
      <div className="segmented segmented-2" role="radiogroup" aria-label="Replay from">
        {MODES.map((mode) => (
          <button
            key={mode.value}
            type="button"
            role="radio"
            aria-checked={replay.mode === mode.value}
            className={replay.mode === mode.value ? 'segment active' : 'segment'}
            data-testid={`replay-mode-${mode.value}`}
            onClick={() => actions.setReplay(dashboardStore, { mode: mode.value })}
          >
            {mode.label}
          </button>
        ))}
      </div>
      <label className="field">
        <span className="field-label">{replay.mode === 'path' ? 'Symbol' : 'Symbol (for a Binance dump)'}</span>
        <input
          data-testid="replay-symbol"
          type="text"
          spellCheck={false}
          autoComplete="off"
          placeholder={replay.mode === 'path' ? 'BTCUSDT' : 'from the file'}
          value={replay.symbol}
          onChange={(e) => actions.setReplay(dashboardStore, { symbol: e.target.value })}
        />
      </label>
      {replay.mode === 'path' ? (
        <>
          <label className="field">
            <span className="field-label">Path on the server</span>
            <input
              data-testid="replay-path"
              type="text"
              spellCheck={false}
              autoComplete="off"
              placeholder="/data/BTCUSDT-aggTrades-2024-01-01.zip"
              value={replay.path}
              onChange={(e) => actions.setReplay(dashboardStore, { path: e.target.value })}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && canStart) start();
              }}
            />
          </label>
          <label className="field field-row">
            <span className="field-label">Speed</span>
            <select data-testid="replay-speed" value={replay.speed} onChange={(e) => actions.setReplay(dashboardStore, { speed: e.target.value as ReplaySpeed })}>
              {REPLAY_SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        </>
      ) : (
        <>
          <FileField kind="ticks" label="Tick file (.csv, .zip, .ndjson)" accept=".csv,.zip,.ndjson,.jsonl,.txt" />
          <button type="button" className="button button-start" data-testid="ticks-upload" disabled={!m.canUpload} onClick={() => void uploadChosenFile(dashboardStore, 'ticks', uploadFile, api)}>
            {m.busy ? 'Uploading…' : 'Upload into the store'}
          </button>
          <UploadStatus model={m} testId="ticks-upload-status" />
        </>
      )}
    </>
  );
}

export function IngestionPanel() {
  const source = useDashboard((s) => s.source);
  const uploadMode = useDashboard((s) => s.source === 'replay' && s.replay.mode === 'upload');
  const sources = useDashboard((s) => s.status?.sources ?? null);
  const ingestion = useDashboard((s) => s.ingestion);
  const connection = useDashboard((s) => s.connection);
  const status = useDashboard((s) => s.status);
  const model = statusModel(connection, status, ingestion.pending, Date.now());
  const options = sourceOptions(sources, source);

  return (
    <section className="panel" aria-labelledby="ingestion-heading">
      <h2 id="ingestion-heading" className="panel-title">
        Ingestion
      </h2>
      <label className="field">
        <span className="field-label">Source</span>
        <select data-testid="source-select" value={source} onChange={(e) => actions.setSource(dashboardStore, e.target.value as SourceKind)}>
          {options.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      {source === 'replay' ? <ReplayFields canStart={model.canStart} /> : <SymbolsField canStart={model.canStart} />}
      <div className={uploadMode ? 'button-row button-row-1' : 'button-row'}>
        {!uploadMode && (
          <button type="button" className="button button-start" data-testid="start-button" disabled={!model.canStart} onClick={start}>
            {ingestion.pending === 'start' ? 'Starting…' : 'Start'}
          </button>
        )}
        <button type="button" className="button button-stop" data-testid="stop-button" disabled={!model.canStop} onClick={() => void stopIngestion(dashboardStore, api)}>
          {ingestion.pending === 'stop' ? 'Stopping…' : 'Stop'}
        </button>
      </div>
      {ingestion.error !== null && (
        <p className="field-error" role="alert" data-testid="ingestion-error">
          {ingestion.error}
        </p>
      )}
      <PlaybackBar />
    </section>
  );
}
