import { describe, expect, it } from 'vitest';
import type { CoverageResponse, Status } from '../../../src/server/dto/api-schemas';
import { CoverageFeed } from './coverage-feed';
import { actions, createDashboardStore, initialDashboardState } from './dashboard-store';
import { pairActions } from './pair-actions';

const settle = () => new Promise((r) => setTimeout(r, 5));

class FakeApi {
  readonly calls: string[] = [];
  constructor(private readonly answer: CoverageResponse) {}
  coverage(tf: string): Promise<CoverageResponse> {
    this.calls.push(tf);
    return Promise.resolve(this.answer);
  }
}

const STORED: CoverageResponse = {
  tf: '1m',
  items: [
    { symbol: 'BTCUSDC', firstStart: 1_678_320_000_000, lastStart: 1_678_751_940_000 },
    { symbol: 'BTCUSDT', firstStart: 1_678_320_000_000, lastStart: 1_678_751_940_000 },
  ],
};

describe('CoverageFeed', () => {
  it('loads the coverage, and opens Pair Analytics on a stored pair when the default has no data', async () => {
    const store = createDashboardStore(initialDashboardState);
    const api = new FakeApi(STORED);
    const feed = new CoverageFeed(store, api, 60_000);
    feed.start();
    await settle();
    expect(api.calls).toEqual(['1m']);
    expect(store.getState().history.coverage).toEqual({
      BTCUSDC: { firstStart: 1_678_320_000_000, lastStart: 1_678_751_940_000 },
      BTCUSDT: { firstStart: 1_678_320_000_000, lastStart: 1_678_751_940_000 },
    });
    expect(store.getState().pair.selection).toMatchObject({ y: 'BTCUSDC', x: 'BTCUSDT' });
    expect(store.getState().backtest.form).toMatchObject({ y: 'BTCUSDC', x: 'BTCUSDT' });
    // Stored history changed: asked again.
    actions.reloadHistory(store);
    await settle();
    expect(api.calls).toEqual(['1m', '1m']);
    feed.stop();
  });

  it('never moves a pair the user or the address chose, nor one a running source feeds', async () => {
    const chosen = createDashboardStore(initialDashboardState);
    pairActions.select(chosen, { ...initialDashboardState.pair.selection });
    const a = new CoverageFeed(chosen, new FakeApi(STORED));
    a.start();
    await settle();
    expect(chosen.getState().pair.selection).toMatchObject({ y: 'ETHUSDT', x: 'BTCUSDT' });
    a.stop();

    const running = createDashboardStore(initialDashboardState);
    const sym = (symbol: string) => ({ symbol, lastTickTs: null }) as unknown as Status['symbols'][number];
    actions.setStatus(running, { source: 'simulator', state: 'live', symbols: [sym('ETHUSDT'), sym('BTCUSDT')], serverTime: 0 } as unknown as Status, 0);
    const b = new CoverageFeed(running, new FakeApi(STORED));
    b.start();
    await settle();
    expect(running.getState().pair.selection).toMatchObject({ y: 'ETHUSDT', x: 'BTCUSDT' });
    b.stop();
  });
});
