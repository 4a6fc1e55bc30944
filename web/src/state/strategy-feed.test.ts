import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BacktestResponse, BacktestTradeDto } from '../../../src/server/dto/backtest-schemas';
import { ApiError } from '../api/api-error';
import type { StrategyApi } from '../api/strategy-client';
import type { StrategyBody, StrategyDto } from '../../../src/server/dto/strategy-schemas';
import { actions, createDashboardStore } from './dashboard-store';
import { StrategyFeed } from './strategy-feed';
import { freshStrategy } from './strategy-state';

/** A strategy's request as the server fills it in, and the body that asked for it. */
const request = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'ols' as const, prices: 'raw' as const, window: 10, delta: 1e-4, ve: 1e-3, entry: 0.5, exit: 0.1, stop: null, maxHoldBars: null, fill: 'next_open', notional: 10_000, sizing: 'dollar_neutral', feeBps: 5, slippageBps: 1, lotStepY: null, lotStepX: null, capital: 10_000, funding: null };
const body = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'ols', window: 10, entry: 0.5, exit: 0.1, stop: null, maxHoldBars: null, fill: 'next_open', notional: 10_000, sizing: 'dollar_neutral', feeBps: 5, slippageBps: 1 } as const;
const backtest = {
  request: { ...request, from: 1000, to: 9000, funding: undefined },
  report: { metrics: {}, trades: [], curves: { time: [], equity: [], drawdown: [] } },
  computeMs: 3,
} as unknown as BacktestResponse;

/** A hand-written fake of the strategy API: one server-side table, and the calls made. */
function fakeApi() {
  const table = new Map<string, StrategyDto>();
  const calls: string[] = [];
  const bodies: StrategyBody[] = [];
  const api: StrategyApi = {
    create: async (sent) => {
      calls.push('create');
      bodies.push(sent);
      const summary = { id: `s${table.size + 1}`, request, state: 'running' as const, startedAt: 10_000 + table.size, stoppedAt: null, warmupFrom: 0, lastBarStart: null, backtestRange: null };
      table.set(summary.id, freshStrategy(summary));
      return summary;
    },
    list: async () => (calls.push('list'), { items: [...table.values()] }),
    touch: async (id) => (calls.push(`touch ${id}`), { id, lookbackMs: 60_000, fillsTotal: 0, priced: 0, totalExtraCost: 0, fills: [] }),
    get: async (id) => {
      calls.push(`get ${id}`);
      const s = table.get(id);
      if (s === undefined) throw new ApiError(404, 'not_found', `no strategy '${id}'`);
      return s;
    },
    stop: async (id) => {
      calls.push(`stop ${id}`);
      const s = table.get(id);
      if (s !== undefined) table.set(id, { ...s, state: 'stopped' });
      return null;
    },
    flatten: async (id) => (calls.push(`flatten ${id}`), null),
  };
  return { api, table, calls, bodies };
}

function fakeStream() {
  const channels = new Set<string>();
  return {
    channels,
    subscribe: vi.fn(async (cs: readonly string[]) => void cs.forEach((c) => channels.add(c))),
    unsubscribe: vi.fn((cs: readonly string[]) => void cs.forEach((c) => channels.delete(c))),
  };
}

describe('StrategyFeed', () => {
  let feed: StrategyFeed | null = null;
  afterEach(() => feed?.stop());

  it('reads nothing while no tab shows strategies, and lists them when the Backtest tab opens', async () => {
    const store = createDashboardStore();
    const { api, calls } = fakeApi();
    feed = new StrategyFeed(store, api, 60_000);
    feed.start(fakeStream());
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual([]);
    actions.setTab(store, 'backtest');
    await vi.waitFor(() => expect(store.getState().strategies.phase).toBe('ready'));
    expect(calls).toEqual(['list']);
  });

  it('reads each listed strategy whole once, and not again on the next list', async () => {
    const store = createDashboardStore();
    const { api, calls } = fakeApi();
    await api.create(body);
    await api.create(body);
    calls.length = 0;
    feed = new StrategyFeed(store, api, 60_000);
    const stream = fakeStream();
    feed.start(stream);
    await feed.load();
    expect(calls.sort()).toEqual(['get s1', 'get s2', 'list']);
    expect([...stream.channels].sort()).toEqual(['strategy:s1', 'strategy:s2']);
    await feed.load();
    expect(calls.filter((c) => c === 'list')).toHaveLength(2);
    expect(calls.filter((c) => c.startsWith('get'))).toHaveLength(2);
  });

  it('starts a strategy with the report’s parameters but not its range, selects it and follows its channel', async () => {
    const store = createDashboardStore();
    const { api, bodies, calls } = fakeApi();
    const stream = fakeStream();
    feed = new StrategyFeed(store, api, 60_000);
    feed.start(stream);
    await feed.startFrom(backtest);
    expect(bodies).toEqual([{ ...body, capital: 10_000 }]);
    const s = store.getState().strategies;
    expect(s.start).toEqual({ phase: 'started', id: 's1', error: null });
    expect(s.selected).toBe('s1');
    expect(s.origins['s1']).toBe(backtest);
    expect([...stream.channels]).toEqual(['strategy:s1']);
    expect(calls).toEqual(['create', 'get s1']);
  });

  it('prices the selected strategy\'s fills at the touch after reading it, and no other strategy\'s', async () => {
    const store = createDashboardStore();
    const { api, table, calls } = fakeApi();
    await api.create(body);
    await api.create(body);
    const fill = { time: 5000, kind: 'entry' as const, side: 'long' as const, signalTime: 4000, priceY: 2000, priceX: 30_000, qtyY: 1, qtyX: -0.06, reason: null, netPnl: null, publishedAt: 5001 };
    for (const id of ['s1', 's2']) table.set(id, { ...table.get(id)!, fills: [fill] });
    calls.length = 0;
    feed = new StrategyFeed(store, api, 60_000);
    feed.start(fakeStream());
    feed.select('s2');
    await vi.waitFor(() => expect(store.getState().strategies.touch['s2']).toBeDefined());
    await feed.read('s1');
    expect(calls).toEqual(['get s2', 'touch s2', 'get s1']);
    expect(Object.keys(store.getState().strategies.touch)).toEqual(['s2']);
  });

  it("shows the server's message when the start is refused", async () => {
    const store = createDashboardStore();
    const { api } = fakeApi();
    api.create = () => Promise.reject(new ApiError(400, 'invalid_strategy', 'body/window: must be >= 2'));
    feed = new StrategyFeed(store, api, 60_000);
    feed.start(fakeStream());
    await feed.startFrom(backtest);
    expect(store.getState().strategies.start).toEqual({ phase: 'error', id: null, error: 'body/window: must be >= 2' });
  });

  it('moves the strategy on with each push, and reads it whole after a fill for the closed trade', async () => {
    const store = createDashboardStore();
    const { api, table, calls } = fakeApi();
    feed = new StrategyFeed(store, api, 60_000);
    feed.start(fakeStream());
    await feed.startFrom(backtest);
    const position = { side: 'long' as const, qy: 1.6, qx: -0.05, entryTime: 20_000, entryY: 3000, entryX: 97_000, unrealisedPnl: 1.5 };
    const base = { type: 'strategy', channel: 'strategy:s1', id: 's1', metrics: null, state: 'running' } as const;
    feed.onMessage({ ...base, position, equity: { time: 20_000, value: 10_001.5 }, lastBarStart: 20_000 });
    expect(store.getState().strategies.byId['s1']?.position).toEqual(position);
    expect(calls.filter((c) => c === 'get s1')).toHaveLength(1);
    const closed = { side: 'long', entryTime: 20_000, exitTime: 25_000, netPnl: 3.25 } as BacktestTradeDto;
    table.set('s1', { ...(table.get('s1') as StrategyDto), trades: [closed] });
    const fill = { time: 25_000, kind: 'exit', side: 'long', signalTime: 24_000, priceY: 3001, priceX: 97_001, qtyY: -1.6, qtyX: 0.05, reason: 'exit', netPnl: 3.25, publishedAt: 25_100 } as const;
    feed.onMessage({ ...base, fill, position: { ...position, side: null }, equity: { time: 25_000, value: 10_003.25 }, lastBarStart: 25_000 });
    await vi.waitFor(() => expect(store.getState().strategies.byId['s1']?.trades).toEqual([closed]));
    expect(calls.filter((c) => c === 'get s1')).toHaveLength(2);
  });

  it('stops a strategy, keeps its record and leaves its channel', async () => {
    const store = createDashboardStore();
    const { api, calls } = fakeApi();
    const stream = fakeStream();
    feed = new StrategyFeed(store, api, 60_000);
    feed.start(stream);
    await feed.startFrom(backtest);
    await feed.flatten('s1');
    await feed.stopStrategy('s1');
    expect(calls).toContain('flatten s1');
    expect(store.getState().strategies.byId['s1']?.state).toBe('stopped');
    expect([...stream.channels]).toEqual([]);
  });
});
