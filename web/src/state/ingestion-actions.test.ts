import { describe, expect, it } from 'vitest';
import type { IngestionStartBody, Status } from '../../../src/server/dto/api-schemas';
import { createDashboardStore, initialDashboardState } from './dashboard-store';
import { startIngestion, startRequest } from './ingestion-actions';

const form = { source: 'simulator' as const, symbolsInput: 'btcusdt, ethusdt', replay: initialDashboardState.replay };

describe('startRequest', () => {
  it('sends the symbols field for the Simulator and Binance', () => {
    expect(startRequest(form)).toEqual({ ok: true, body: { source: 'simulator', symbols: ['BTCUSDT', 'ETHUSDT'] }, symbols: ['BTCUSDT', 'ETHUSDT'] });
    expect(startRequest({ ...form, source: 'binance' })).toMatchObject({ ok: true, body: { source: 'binance' } });
    expect(startRequest({ ...form, symbolsInput: 'BTCUSDT,not a symbol' })).toMatchObject({ ok: false, field: 'symbols' });
  });

  it('sends a replay its path, one symbol and the speed', () => {
    const replay = { mode: 'path' as const, path: ' /data/BTCUSDT.ndjson ', speed: '100x' as const, symbol: 'btcusdt' };
    expect(startRequest({ ...form, source: 'replay', replay })).toEqual({
      ok: true,
      body: { source: 'replay', symbols: ['BTCUSDT'], path: '/data/BTCUSDT.ndjson', speed: '100x' },
      symbols: ['BTCUSDT'],
    });
  });

  it('names a missing path or a bad symbol of a replay', () => {
    expect(startRequest({ ...form, source: 'replay', replay: { ...initialDashboardState.replay, path: '' } })).toMatchObject({ ok: false, field: 'replay', message: expect.stringMatching(/path/) });
    expect(startRequest({ ...form, source: 'replay', replay: { ...initialDashboardState.replay, path: '/x.csv', symbol: 'BTC USDT' } })).toMatchObject({ ok: false, field: 'replay', message: expect.stringMatching(/^symbol: /) });
    expect(startRequest({ ...form, source: 'replay', replay: { ...initialDashboardState.replay, path: '/x.csv', symbol: ' ' } })).toMatchObject({ ok: false, field: 'replay', message: expect.stringMatching(/symbol/) });
  });
});

describe('startIngestion', () => {
  it('starts a replay and shows a refusal beside the buttons', async () => {
    const store = createDashboardStore({ ...initialDashboardState, source: 'replay', replay: { mode: 'path', path: '/data/a.ndjson', speed: 'max', symbol: 'ETHUSDT' } });
    const sent: IngestionStartBody[] = [];
    const api = {
      startIngestion: (body: IngestionStartBody) => {
        sent.push(body);
        return Promise.reject(new Error("cannot read '/data/a.ndjson'"));
      },
      stopIngestion: () => Promise.resolve({}),
      status: () => Promise.reject<Status>(new Error('offline')),
    };
    await startIngestion(store, api);
    expect(sent).toEqual([{ source: 'replay', symbols: ['ETHUSDT'], path: '/data/a.ndjson', speed: 'max' }]);
    expect(store.getState().ingestion).toEqual({ pending: null, error: "cannot read '/data/a.ndjson'" });
  });
});
