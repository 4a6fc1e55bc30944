/**
 * The sidebar's uploads: a tick file to `POST /api/import/ticks` (Replay → upload) and an
 * OHLC CSV to `POST /api/import/ohlc`. Progress, the result counts and a rejected file's bad
 * rows land in the store; after a successful import the charts reload their history, since
 * the server rebuilt the bars of everything the file touched.
 * @module
 */

import { parseSymbol } from '../../../src/model/market-symbol';
import { errorMessage } from '../api/api-error';
import type { api as httpApi } from '../api/http-client';
import { importContentType, ImportError, importOhlcUrl, importTicksUrl, type Uploader } from '../api/upload-client';
import { actions, selectWatchedSymbols, type DashboardStore, type UploadKind } from './dashboard-store';

type Api = Pick<typeof httpApi, 'status'>;

/** Where the upload of `kind` goes, or why the form is not ready. */
export function uploadTarget(
  kind: UploadKind,
  form: { readonly replaySymbol: string; readonly ohlcSymbol: string; readonly ohlcTf: string },
): { readonly ok: true; readonly url: string; readonly symbol: string | null } | { readonly ok: false; readonly message: string } {
  if (kind === 'ticks') {
    // Optional: a Binance dump needs it (or a name like BTCUSDT-aggTrades-…), the other formats name their symbols.
    if (form.replaySymbol.trim() === '') return { ok: true, url: importTicksUrl(), symbol: null };
    const s = parseSymbol(form.replaySymbol);
    return s.ok ? { ok: true, url: importTicksUrl(s.value), symbol: s.value } : { ok: false, message: `symbol: ${s.error.message}` };
  }
  const s = parseSymbol(form.ohlcSymbol);
  if (!s.ok) return { ok: false, message: `symbol: ${s.error.message}` };
  return { ok: true, url: importOhlcUrl(s.value, form.ohlcTf), symbol: s.value };
}

/** Uploads the chosen file of `kind`; never throws (the outcome is in the store). */
export async function uploadChosenFile(store: DashboardStore, kind: UploadKind, upload: Uploader, api: Api): Promise<void> {
  const state = store.getState();
  const file = state.uploads[kind].file;
  if (file === null || state.uploads[kind].phase === 'uploading' || state.uploads[kind].phase === 'storing') return;
  const target = uploadTarget(kind, { replaySymbol: state.replay.symbol, ohlcSymbol: state.ohlc.symbol, ohlcTf: state.ohlc.tf });
  if (!target.ok) {
    actions.uploadFailed(store, kind, target.message);
    return;
  }
  actions.uploadStarted(store, kind);
  try {
    const result = await upload(target.url, file, importContentType(file.name), (p) => actions.uploadProgress(store, kind, p));
    actions.uploadDone(store, kind, result);
  } catch (e) {
    if (e instanceof ImportError) actions.uploadFailed(store, kind, e.message, e.rows, e.moreRows);
    else actions.uploadFailed(store, kind, errorMessage(e));
    return;
  }
  // The file's symbol is in the store now: a fresh status lists it, the chart shows it, and
  // every series reloads its history (the import rebuilt the bars it touched).
  const before = new Set(selectWatchedSymbols(store.getState()));
  try {
    actions.setStatus(store, await api.status(), Date.now());
  } catch {
    // The status channel brings it within a second.
  }
  if (kind === 'ohlc' && target.symbol !== null) actions.addImportedSymbol(store, target.symbol);
  const shown = target.symbol ?? selectWatchedSymbols(store.getState()).find((s) => !before.has(s)) ?? null;
  if (shown !== null && selectWatchedSymbols(store.getState()).includes(shown)) actions.selectSymbol(store, shown);
  // Imported bars exist at their own timeframe only: show that one.
  if (kind === 'ohlc') actions.setTimeframe(store, state.ohlc.tf);
  actions.reloadHistory(store);
}
