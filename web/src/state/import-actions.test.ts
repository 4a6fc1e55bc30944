import { describe, expect, it } from 'vitest';
import type { ImportResult, Status, SymbolStatus } from '../../../src/server/dto/api-schemas';
import { ImportError, type Uploader } from '../api/upload-client';
import { actions, createDashboardStore, initialDashboardState, selectWatchedSymbols } from './dashboard-store';
import { uploadChosenFile, uploadTarget } from './import-actions';

const file = (name: string) => ({ name, size: 100 }) as File;
const sym = (symbol: string): SymbolStatus => ({ symbol, ticksPerSecond: 0, lastTickTs: 1000, lastPrice: null, ticksStored: 10, quality: null });
const status = (symbols: string[]): Status => ({
  source: null,
  state: 'idle',
  reason: null,
  symbols: symbols.map(sym),
  ticksPerSecond: 0,
  rowsStored: { ticks: 0, bars: 0 },
  timeframes: ['1s', '1m', '5m'],
  serverTime: 0,
  sources: ['simulator', 'replay'],
  playback: null,
  store: { kind: 'sqlite', location: 'data/tandem.db', schema: null },
});

describe('uploadTarget', () => {
  it('sends a tick file with its symbol only when one is given', () => {
    const form = { replaySymbol: '', ohlcSymbol: 'ethusdt', ohlcTf: '1m' };
    expect(uploadTarget('ticks', form)).toEqual({ ok: true, url: '/api/import/ticks', symbol: null });
    expect(uploadTarget('ticks', { ...form, replaySymbol: 'btcusdt' })).toEqual({ ok: true, url: '/api/import/ticks?symbol=BTCUSDT', symbol: 'BTCUSDT' });
    expect(uploadTarget('ohlc', form)).toEqual({ ok: true, url: '/api/import/ohlc?symbol=ETHUSDT&tf=1m', symbol: 'ETHUSDT' });
    expect(uploadTarget('ohlc', { ...form, ohlcSymbol: '' })).toMatchObject({ ok: false });
  });
});

describe('uploadChosenFile', () => {
  it('reports progress, stores the counts, shows the imported symbol and reloads the charts', async () => {
    const store = createDashboardStore({ ...initialDashboardState, replay: { ...initialDashboardState.replay, symbol: 'SOLUSDT' } });
    actions.chooseFile(store, 'ticks', file('sol.csv'));
    const result: ImportResult = { inserted: 90, duplicates: 10, bars: 12, rows: 100 };
    const seen: string[] = [];
    const upload: Uploader = (url, _file, contentType, onProgress) => {
      seen.push(url, contentType);
      onProgress({ loaded: 50, total: 100 });
      seen.push(store.getState().uploads.ticks.phase);
      onProgress({ loaded: 100, total: 100 });
      seen.push(store.getState().uploads.ticks.phase);
      return Promise.resolve(result);
    };
    await uploadChosenFile(store, 'ticks', upload, { status: () => Promise.resolve(status(['BTCUSDT', 'SOLUSDT'])) });
    expect(seen).toEqual(['/api/import/ticks?symbol=SOLUSDT', 'text/csv', 'uploading', 'storing']);
    const s = store.getState();
    expect(s.uploads.ticks).toMatchObject({ phase: 'done', result, loaded: 100 });
    expect(s.selectedSymbol).toBe('SOLUSDT');
    expect(s.historyRevision).toBe(1);
  });

  it("keeps a rejected file's bad rows and reloads nothing", async () => {
    const store = createDashboardStore(initialDashboardState);
    actions.chooseFile(store, 'ohlc', file('bars.csv'));
    const upload: Uploader = () => Promise.reject(new ImportError(400, 'invalid_file', '2 bad rows', [{ row: 3, reason: 'high is below low' }], 1));
    await uploadChosenFile(store, 'ohlc', upload, { status: () => Promise.resolve(status([])) });
    expect(store.getState().uploads.ohlc).toMatchObject({ phase: 'error', error: '2 bad rows', badRows: [{ row: 3, reason: 'high is below low' }], moreRows: 1 });
    expect(store.getState().historyRevision).toBe(0);
  });

  it('shows imported bars at their own timeframe', async () => {
    const store = createDashboardStore({ ...initialDashboardState, ohlc: { symbol: 'ETHUSDT', tf: '5m' } });
    actions.chooseFile(store, 'ohlc', file('bars.csv'));
    await uploadChosenFile(store, 'ohlc', () => Promise.resolve({ inserted: 0, duplicates: 0, bars: 3, rows: 3 }), { status: () => Promise.resolve(status(['ETHUSDT'])) });
    expect(store.getState()).toMatchObject({ tf: '5m', selectedSymbol: 'ETHUSDT', historyRevision: 1 });
  });

  it('watches an OHLC-only symbol, which the server does not list (it has no ticks)', async () => {
    const store = createDashboardStore({ ...initialDashboardState, ohlc: { symbol: 'BNBUSDT', tf: '1m' } });
    actions.chooseFile(store, 'ohlc', file('bars.csv'));
    await uploadChosenFile(store, 'ohlc', () => Promise.resolve({ inserted: 0, duplicates: 0, bars: 3, rows: 3 }), { status: () => Promise.resolve(status(['ETHUSDT'])) });
    expect(selectWatchedSymbols(store.getState())).toEqual(['ETHUSDT', 'BNBUSDT']);
    expect(store.getState().selectedSymbol).toBe('BNBUSDT');
    actions.setStatus(store, status(['ETHUSDT']), 0);
    expect(store.getState().selectedSymbol).toBe('BNBUSDT');
  });

  it('does nothing without a file', async () => {
    const store = createDashboardStore(initialDashboardState);
    await uploadChosenFile(store, 'ohlc', () => Promise.reject(new Error('not called')), { status: () => Promise.resolve(status([])) });
    expect(store.getState().uploads.ohlc.phase).toBe('idle');
  });
});

describe('setStatus', () => {
  it('reloads the charts once when a replay finishes', () => {
    const store = createDashboardStore(initialDashboardState);
    const playback = (state: 'playing' | 'done') => ({ ...status(['BTCUSDT']), playback: { state, path: '/a.ndjson', speed: 'max', totalBytes: 1, bytesRead: 1, rowsRead: 1, ticksTotal: 1, ticksPlayed: 1, lastTickTs: 1, error: null } });
    actions.setStatus(store, playback('playing'), 0);
    actions.setStatus(store, playback('done'), 0);
    actions.setStatus(store, playback('done'), 0);
    expect(store.getState().historyRevision).toBe(1);
  });
});
