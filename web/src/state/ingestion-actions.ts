/**
 * Start and Stop: the sidebar's calls to `/api/ingestion/*`. A refused request (the server's
 * 400 `{error: {code, message}}`) lands in the store as a message shown beside the buttons.
 * @module
 */

import { parseSymbolList } from '../../../src/model/market-symbol';
import { errorMessage } from '../api/api-error';
import type { api as httpApi } from '../api/http-client';
import { actions, type DashboardStore } from './dashboard-store';

type Api = Pick<typeof httpApi, 'startIngestion' | 'stopIngestion' | 'status'>;

async function refreshStatus(store: DashboardStore, api: Api): Promise<void> {
  try {
    actions.setStatus(store, await api.status(), Date.now());
  } catch {
    // The status channel brings the next snapshot within a second anyway.
  }
}

export async function startIngestion(store: DashboardStore, api: Api): Promise<void> {
  const state = store.getState();
  const parsed = parseSymbolList(state.symbolsInput);
  if (!parsed.ok) {
    actions.setSymbolsError(store, parsed.error.message);
    return;
  }
  actions.setSymbolsInput(store, parsed.value.join(','));
  actions.setIngestion(store, { pending: 'start', error: null });
  try {
    await api.startIngestion({ source: state.source, symbols: parsed.value });
    actions.setRequestedSymbols(store, parsed.value);
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
