/**
 * OHLC import: a CSV `timestamp,open,high,low,close,volume`, a Binance kline dump, or a zip of
 * either (docs/api.md lists the shapes), uploaded to
 * `POST /api/import/ohlc?symbol=&tf=`, with its progress, the bars stored, or every bad row.
 * Importing the same file again changes nothing (the server replaces the same buckets).
 * @module
 */

import { DEFAULT_TIMEFRAMES } from '../../../src/model/timeframe';
import { api } from '../api/http-client';
import { uploadFile } from '../api/upload-client';
import { actions, dashboardStore, useDashboard } from '../state/dashboard-store';
import { uploadChosenFile } from '../state/import-actions';
import { uploadModel } from '../view/upload-model';
import { FileField } from './file-field';
import { UploadStatus } from './upload-status';

export function OhlcImportPanel() {
  const form = useDashboard((s) => s.ohlc);
  const upload = useDashboard((s) => s.uploads.ohlc);
  // The stored timeframes; other ones are built from ticks, so imported bars there would never be read.
  const stored = useDashboard((s) => s.status?.timeframes ?? null);
  const timeframes = stored !== null && stored.length > 0 ? stored : DEFAULT_TIMEFRAMES;
  const m = uploadModel('ohlc', upload);
  return (
    <section className="panel" aria-labelledby="ohlc-heading">
      <h2 id="ohlc-heading" className="panel-title">
        Import OHLC
      </h2>
      <div className="field-pair">
        <label className="field">
          <span className="field-label">Symbol</span>
          <input data-testid="ohlc-symbol" type="text" spellCheck={false} autoComplete="off" value={form.symbol} onChange={(e) => actions.setOhlcForm(dashboardStore, { symbol: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">Timeframe</span>
          <select data-testid="ohlc-tf" value={form.tf} onChange={(e) => actions.setOhlcForm(dashboardStore, { tf: e.target.value })}>
            {timeframes.map((tf) => (
              <option key={tf} value={tf}>
                {tf}
              </option>
            ))}
          </select>
        </label>
      </div>
      <FileField kind="ohlc" label="CSV or zip: timestamp,open,high,low,close,volume, or a Binance kline dump" accept=".csv,.zip,.txt" />
      <button type="button" className="button" data-testid="ohlc-upload" disabled={!m.canUpload} onClick={() => void uploadChosenFile(dashboardStore, 'ohlc', uploadFile, api)}>
        {m.busy ? 'Uploading…' : 'Upload bars'}
      </button>
      <UploadStatus model={m} testId="ohlc-upload-status" />
    </section>
  );
}
