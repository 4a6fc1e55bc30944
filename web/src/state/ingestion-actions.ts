/**
 * Start and Stop: the sidebar's calls to `/api/ingestion/*`. A refused request (the server's
 * 400 `{error: {code, message}}`) lands in the store as a message shown beside the buttons.
 * @module
 */

import { parseSymbol, parseSymbolList } from '../../../src/model/market-symbol';
import type { IngestionStartBody } from '../../../src/server/dto/api-schemas';
import { errorMessage } from '../api/api-error';
import type { api as httpApi } from '../api/http-client';
import { actions, type DashboardState, type DashboardStore } from './dashboard-store';

type Api = Pick<typeof httpApi, 'startIngestion' | 'stopIngestion' | 'status'>;

/** What Start sends, or which field is wrong and why. */
export type StartRequest =
  | { readonly ok: true; readonly body: IngestionStartBody; readonly symbols: readonly string[] }
  | { readonly ok: false; readonly field: 'symbols' | 'replay'; readonly message: string };

/**
 * The start request of the sidebar's form: the symbols field for the Simulator and Binance;
 * for a Replay by path, the path, its one symbol and the speed. Checked with the server's own
 * rules (src/model), so a typo is named before anything is sent.
 */
export function startRequest(state: Pick<DashboardState, 'source' | 'symbolsInput' | 'replay'>): StartRequest {
  if (state.source === 'replay') {
    const path = state.replay.path.trim();
    if (path === '') return { ok: false, field: 'replay', message: 'give the path of a file on the server (.csv, .zip, .ndjson or .jsonl)' };
    if (state.replay.symbol.trim() === '') return { ok: false, field: 'replay', message: "give the file's symbol (the one symbol a replay plays)" };
    const symbol = parseSymbol(state.replay.symbol);
    if (!symbol.ok) return { ok: false, field: 'replay', message: `symbol: ${symbol.error.message}` };
    return { ok: true, body: { source: 'replay', symbols: [symbol.value], path, speed: state.replay.speed }, symbols: [symbol.value] };
  }
  const parsed = parseSymbolList(state.symbolsInput);
  if (!parsed.ok) return { ok: false, field: 'symbols', message: parsed.error.message };
  return { ok: true, body: { source: state.source, symbols: parsed.value }, symbols: parsed.value };
}

async function refreshStatus(store: DashboardStore, api: Api): Promise<void> {
  try {
    actions.setStatus(store, await api.status(), Date.now());
  } catch {
    // The status channel brings the next snapshot within a second anyway.
  }
}

export async function startIngestion(store: DashboardStore, api: Api): Promise<void> {
  const request = startRequest(store.getState());
  if (!request.ok) {
    if (request.field === 'symbols') actions.setSymbolsError(store, request.message);
    else actions.setIngestion(store, { pending: null, error: request.message });
    return;
  }
  if (request.body.source === 'replay') actions.setReplay(store, { symbol: request.symbols[0] ?? '' });
  else actions.setSymbolsInput(store, request.symbols.join(','));
  actions.setIngestion(store, { pending: 'start', error: null });
  try {
    await api.startIngestion(request.body);
    actions.setRequestedSymbols(store, request.symbols);
    actions.setIngestion(store, { pending: null, error: null });
  } catch (e) {
    actions.setIngestion(store, { pending: null, error: errorMessage(e) });
  }
  await refreshStatus(store, api);
}

export async function stopIngestion(store: DashboardStore, api: Api): Promise<void> {
  actions.setIngestion(store, { pending: 'stop', error: null });
  try {
    await api.stopIngestion();
    actions.setIngestion(store, { pending: null, error: null });
  } catch (e) {
    actions.setIngestion(store, { pending: null, error: errorMessage(e) });
  }
  await refreshStatus(store, api);
}
