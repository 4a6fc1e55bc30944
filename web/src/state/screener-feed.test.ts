import { describe, expect, it } from 'vitest';
import type { ScreenerQuery, ScreenerRanking } from '../../../src/server/dto/screener-schemas';
import { ApiError } from '../api/api-error';
import { screenerSearch } from '../api/screener-client';
import { shownRanking } from '../view/screener-model';
import { actions, createDashboardStore, initialDashboardState } from './dashboard-store';
import { ScreenerFeed } from './screener-feed';
import { screenerActions } from './screener-state';

const ranking = (over: Partial<ScreenerRanking> = {}): ScreenerRanking => ({
  asOf: 1000, tf: '1m', lookback: 1440, prices: 'log', symbols: ['BTCUSDT', 'ETHUSDT'], pairsTested: 1,
  items: [{ y: 'ETHUSDT', x: 'BTCUSDT', beta: 1, alpha: 0, pvalue: 0.01, halfLife: 10, corr: 0.9, hurst: 0.4, z: 0, betaStability: 0.1, score: 1, spread: [0, 1] }],
  ...over,
});

/** A hand-written fake of the route: records each query, answers with `answer` (or fails). */
class FakeScreenerApi {
  readonly calls: string[] = [];
  fail: ApiError | null = null;
  answer = ranking();
  ranking(q: ScreenerQuery, signal?: AbortSignal): Promise<ScreenerRanking> {
    this.calls.push(screenerSearch(q));
    if (this.fail !== null) return Promise.reject(this.fail);
    if (signal?.aborted === true) return Promise.reject(new DOMException('aborted', 'AbortError'));
    return Promise.resolve({ ...this.answer, tf: q.tf ?? '1m', lookback: q.lookback ?? 1440 });
  }
}

class FakeStream {
  readonly log: string[] = [];
  subscribe(channels: readonly string[]): Promise<void> {
    this.log.push(`+${channels.join(',')}`);
    return Promise.resolve();
  }
  unsubscribe(channels: readonly string[]): void {
    this.log.push(`-${channels.join(',')}`);
  }
}

const settle = (ms = 5) => new Promise((r) => setTimeout(r, ms));

function setup() {
  const store = createDashboardStore(initialDashboardState);
  const api = new FakeScreenerApi();
  const stream = new FakeStream();
  const feed = new ScreenerFeed(store, api, 20, () => 42);
  feed.start(stream);
  return { store, api, stream, feed };
}

describe('ScreenerFeed', () => {
  it('does nothing until the Screener tab opens, then subscribes and fetches the defaults at once', async () => {
    const { store, api, stream, feed } = setup();
    await settle();
    expect(api.calls).toEqual([]);
    expect(stream.log).toEqual([]);
    actions.setTab(store, 'screener');
    await settle();
    expect(stream.log).toEqual(['+screener']);
    expect(api.calls).toEqual(['tf=1m&lookback=1440&limit=50&prices=log']);
    expect(shownRanking(store.getState().screener)?.source).toBe('fetched');
    feed.stop();
  });

  it('fetches once after a burst of control changes, with the last values', async () => {
    const { store, api, feed } = setup();
    actions.setTab(store, 'screener');
    await settle();
    screenerActions.setControls(store, { lookback: '6' });
    screenerActions.setControls(store, { lookback: '60' });
    screenerActions.setControls(store, { lookback: '600', minCorr: '0.8' });
    await settle(60);
    expect(api.calls).toEqual(['tf=1m&lookback=1440&limit=50&prices=log', 'tf=1m&lookback=600&limit=50&minCorr=0.8&prices=log']);
    feed.stop();
  });

  it('does not fetch invalid controls', async () => {
    const { store, api, feed } = setup();
    actions.setTab(store, 'screener');
    await settle();
    screenerActions.setControls(store, { lookback: '5' });
    await settle(60);
    expect(api.calls).toHaveLength(1);
    feed.stop();
  });

  it('shows live rankings, and does not fetch settings the live ranking answers', async () => {
    const { store, api, feed } = setup();
    actions.setTab(store, 'screener');
    await settle();
    feed.onMessage({ type: 'screener', channel: 'screener', ranking: ranking({ asOf: 2000 }) });
    expect(shownRanking(store.getState().screener)?.source).toBe('live');
    // Another limit the live ranking holds every tested pair for: no fetch.
    screenerActions.setControls(store, { limit: '20' });
    await settle(60);
    expect(api.calls).toHaveLength(1);
    expect(shownRanking(store.getState().screener)?.source).toBe('live');
    // Raw prices: not the live screener's; fetched.
    screenerActions.setControls(store, { prices: 'raw' });
    await settle(60);
    expect(api.calls.at(-1)).toBe('tf=1m&lookback=1440&limit=20&prices=raw');
    expect(shownRanking(store.getState().screener)?.source).toBe('fetched');
    feed.stop();
  });

  it('fetches on Refresh, and keeps the server’s message on failure', async () => {
    const { store, api, feed } = setup();
    actions.setTab(store, 'screener');
    await settle();
    api.fail = new ApiError(503, 'busy', 'the job queue is full; retry in 2 s');
    feed.refresh();
    await settle();
    expect(api.calls).toHaveLength(2);
    const s = store.getState().screener;
    expect(s.fetched.error).toBe('the job queue is full; retry in 2 s');
    // The previous ranking of the same query stays on screen beside the error.
    expect(shownRanking(s)?.ranking.asOf).toBe(1000);
    feed.stop();
  });

  it('unsubscribes when the tab closes and fetches again when it reopens', async () => {
    const { store, api, stream, feed } = setup();
    actions.setTab(store, 'screener');
    await settle();
    actions.setTab(store, 'overview');
    actions.setTab(store, 'screener');
    await settle();
    expect(stream.log).toEqual(['+screener', '-screener', '+screener']);
    expect(api.calls).toHaveLength(2);
    feed.stop();
  });

  it('ignores other stream messages', () => {
    const { store, feed } = setup();
    feed.onMessage({ type: 'error', error: { code: 'x', message: 'y' } });
    expect(store.getState().screener.live).toBeNull();
    feed.stop();
  });
});

describe('screenerActions.sortBy', () => {
  it('starts each column at its better end and reverses on a second click', () => {
    const store = createDashboardStore(initialDashboardState);
    expect(store.getState().screener.sort).toEqual({ key: 'pvalue', dir: 'asc' });
    screenerActions.sortBy(store, 'pvalue');
    expect(store.getState().screener.sort).toEqual({ key: 'pvalue', dir: 'desc' });
    screenerActions.sortBy(store, 'score');
    expect(store.getState().screener.sort).toEqual({ key: 'score', dir: 'desc' });
    screenerActions.sortBy(store, 'halfLife');
    expect(store.getState().screener.sort).toEqual({ key: 'halfLife', dir: 'asc' });
  });
});

describe('screenerActions.fetched', () => {
  it('drops an answer to a query that is no longer asked', () => {
    const store = createDashboardStore(initialDashboardState);
    screenerActions.fetching(store, 'a');
    screenerActions.fetching(store, 'b');
    screenerActions.fetched(store, 'a', ranking(), 1);
    expect(store.getState().screener.fetched).toMatchObject({ key: 'b', phase: 'loading', value: null });
  });

  it('keeps the last ranking while another query loads, saying which query it answers', () => {
    const store = createDashboardStore(initialDashboardState);
    screenerActions.fetching(store, 'a');
    screenerActions.fetched(store, 'a', ranking(), 1);
    screenerActions.fetching(store, 'b');
    expect(store.getState().screener.fetched).toMatchObject({ key: 'b', phase: 'loading', valueKey: 'a', value: { asOf: 1000 } });
  });
});
