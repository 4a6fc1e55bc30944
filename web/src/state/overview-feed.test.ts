import { describe, expect, it } from 'vitest';
import type { CorrelationResponse, LaggedCorrelationResponse, OverviewResponse, SymbolOverviewDto } from '../../../src/server/dto/overview-schemas';
import type { CorrelationParams, LaggedParams, OverviewParams } from '../api/overview-client';
import { ApiError } from '../api/api-error';
import { actions, createDashboardStore, initialDashboardState } from './dashboard-store';
import { OverviewFeed, overviewEnd } from './overview-feed';
import { overviewActions } from './overview-state';

const figure = (symbol: string, tf: string): SymbolOverviewDto => ({
  symbol, tf, bars: 60, firstStart: 0, last: 1, change: 0, changePct: 0, high: 1, low: 1, volume: 1, trades: 1, tradesPerSecond: 1, avgTradeSize: 1,
  rollingVwap: 1, sessionVwap: 1, buyVolume: 1, sellVolume: 1, imbalance: 0, imbalanceSpanMs: 1, amihud: null, realisedVol: null, realisedVolAnnualised: null, volumeSpikes: [], spikeNow: false,
});

/** A hand-written fake of the three routes that records its calls and answers at once. */
class FakeOverviewApi {
  readonly calls: string[] = [];
  nobs = 59;
  failCorrelation = false;
  /** Bars in the window per symbol (default 60). */
  readonly bars = new Map<string, number>();
  overview(p: OverviewParams): Promise<OverviewResponse> {
    this.calls.push(`overview ${p.tf} ${p.window} ${p.symbols?.join(',')}`);
    return Promise.resolve({ items: (p.symbols ?? []).map((s) => ({ ...figure(s, p.tf), bars: this.bars.get(s) ?? 60 })), serverTime: 0 });
  }
  correlation(p: CorrelationParams): Promise<CorrelationResponse> {
    this.calls.push(`correlation ${p.tf} ${p.window} ${p.symbols.join(',')}`);
    if (this.failCorrelation) return Promise.reject(new ApiError(500, 'internal', 'boom'));
    return Promise.resolve({ symbols: [...p.symbols], matrix: p.symbols.map(() => p.symbols.map(() => 1)), nobs: this.nobs, basis: 'log_returns' });
  }
  lagged(p: LaggedParams): Promise<LaggedCorrelationResponse> {
    this.calls.push(`lagged ${p.y}~${p.x} ${p.maxLag}`);
    return Promise.resolve({ lags: [-1, 0, 1], corr: [0, 1, 0], nobs: this.nobs });
  }
}

const settle = () => new Promise((r) => setTimeout(r, 10));

function setup() {
  const store = createDashboardStore({ ...initialDashboardState, requestedSymbols: ['BTCUSDT', 'ETHUSDT'], tf: '1m' });
  const api = new FakeOverviewApi();
  const feed = new OverviewFeed(store, api, 60_000);
  return { store, api, feed };
}

describe('OverviewFeed', () => {
  it('fetches the figures, the matrix and the default pair’s lagged correlation on start', async () => {
    const { store, api, feed } = setup();
    feed.start();
    await settle();
    feed.stop();
    expect(api.calls).toEqual(['overview 1m 60 BTCUSDT,ETHUSDT', 'correlation 1m 60 BTCUSDT,ETHUSDT', 'lagged ETHUSDT~BTCUSDT 10']);
    const o = store.getState().overview;
    expect(Object.keys(o.figures.value ?? {})).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(o.correlation.value?.nobs).toBe(59);
    expect(o.lagged.value?.lags).toEqual([-1, 0, 1]);
  });

  it('does not ask for the lagged correlation before there are enough aligned returns (the server would answer 422)', async () => {
    const { api, feed } = setup();
    api.nobs = 12;
    feed.start();
    await settle();
    feed.stop();
    expect(api.calls.some((c) => c.startsWith('lagged'))).toBe(false);
  });

  it('leaves symbols with fewer than three bars in the window out of the matrix, and asks for none below two symbols', async () => {
    const { store, api, feed } = setup();
    actions.setRequestedSymbols(store, ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    api.bars.set('SOLUSDT', 2);
    feed.start();
    await settle();
    expect(api.calls).toContain('correlation 1m 60 BTCUSDT,ETHUSDT');
    api.calls.length = 0;
    api.bars.set('ETHUSDT', 0);
    await feed.refresh();
    feed.stop();
    expect(api.calls).toEqual(['overview 1m 60 BTCUSDT,ETHUSDT,SOLUSDT']);
  });

  it('refreshes at once when the window or the pair changes', async () => {
    const { store, api, feed } = setup();
    feed.start();
    await settle();
    api.calls.length = 0;
    overviewActions.setWindow(store, 15);
    await settle();
    expect(api.calls).toContain('overview 1m 15 BTCUSDT,ETHUSDT');
    expect(api.calls).toContain('lagged ETHUSDT~BTCUSDT 3');
    api.calls.length = 0;
    overviewActions.selectPair(store, { y: 'BTCUSDT', x: 'ETHUSDT' });
    await settle();
    feed.stop();
    expect(api.calls).toContain('lagged BTCUSDT~ETHUSDT 3');
  });

  it('keeps the last matrix beside the error when a refresh of the same request fails', async () => {
    const { store, api, feed } = setup();
    feed.start();
    await settle();
    api.failCorrelation = true;
    await feed.refresh();
    feed.stop();
    const c = store.getState().overview.correlation;
    expect(c.error).toBe('boom');
    expect(c.value?.nobs).toBe(59);
  });

  it('stops asking once stopped', async () => {
    const { api, feed } = setup();
    feed.start();
    await settle();
    feed.stop();
    const n = api.calls.length;
    await feed.refresh();
    expect(api.calls.length).toBe(n);
  });
});

describe('overviewEnd', () => {
  const last = Date.UTC(2023, 2, 13, 23, 59);
  const stored = { BTCUSDC: { firstStart: Date.UTC(2023, 2, 9), lastStart: last }, BTCUSDT: { firstStart: Date.UTC(2023, 2, 9), lastStart: last - 60_000 } };

  it('is now before the coverage is known and while a symbol is live', () => {
    const store = createDashboardStore(initialDashboardState);
    expect(overviewEnd(store.getState(), ['BTCUSDC', 'BTCUSDT'])).toBeUndefined();
    actions.setCoverage(store, stored);
    const live = { source: 'simulator', state: 'live', symbols: [{ symbol: 'BTCUSDT', lastTickTs: Date.now() }], serverTime: Date.now() };
    actions.setStatus(store, live as unknown as Parameters<typeof actions.setStatus>[1], Date.now());
    expect(overviewEnd(store.getState(), ['BTCUSDC', 'BTCUSDT'])).toBeUndefined();
  });

  it('stays now for symbols with neither coverage nor live ticks (a source starting), so the key does not follow the clock', () => {
    const store = createDashboardStore(initialDashboardState);
    actions.setCoverage(store, {});
    const starting = { source: 'simulator', state: 'starting', symbols: [{ symbol: 'BTCUSDT', lastTickTs: null }], serverTime: Date.now() };
    actions.setStatus(store, starting as unknown as Parameters<typeof actions.setStatus>[1], Date.now());
    expect(overviewEnd(store.getState(), ['BTCUSDT'])).toBeUndefined();
  });

  it('ends at the latest stored bar of stored history, or at a chosen range\'s fixed end', () => {
    const store = createDashboardStore(initialDashboardState);
    actions.setCoverage(store, stored);
    expect(overviewEnd(store.getState(), ['BTCUSDC', 'BTCUSDT'])).toBe(last + 60_000);
    actions.setRange(store, { kind: 'between', from: 0, to: Date.UTC(2023, 2, 10) });
    expect(overviewEnd(store.getState(), ['BTCUSDC', 'BTCUSDT'])).toBe(Date.UTC(2023, 2, 10));
  });
});
