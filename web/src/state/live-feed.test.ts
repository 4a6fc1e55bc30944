import { describe, expect, it } from 'vitest';
import type { BarDto, BarsPage, BarsQuery, Status } from '../../../src/server/dto/api-schemas';
import { createDashboardStore, initialDashboardState } from './dashboard-store';
import { actions } from './dashboard-store';
import { historyBarCount, historyFrom, LiveFeed } from './live-feed';

const bar = (symbol: string, start: number, close: number, trades = 10): BarDto => ({ symbol, tf: '1s', start, open: close, high: close, low: close, close, volume: 1, vwap: close, trades });

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

class FakeStream {
  readonly acks = new Map<string, ReturnType<typeof deferred<void>>>();
  readonly unsubscribed: string[] = [];
  subscribe(channels: readonly string[]): Promise<void> {
    const d = deferred<void>();
    for (const c of channels) this.acks.set(c, d);
    return d.promise;
  }
  unsubscribe(channels: readonly string[]): void {
    this.unsubscribed.push(...channels);
  }
  start(): void {}
  stop(): void {}
}

class FakeApi {
  readonly calls: BarsQuery[] = [];
  readonly pages = new Map<string, ReturnType<typeof deferred<BarsPage>>>();
  bars(q: BarsQuery): Promise<BarsPage> {
    this.calls.push(q);
    const d = deferred<BarsPage>();
    this.pages.set(q.symbol, d);
    return d.promise;
  }
}

const settle = () => new Promise((r) => setTimeout(r, 5));

function setup(symbols: readonly string[]) {
  const store = createDashboardStore({ ...initialDashboardState, requestedSymbols: symbols, selectedSymbol: symbols[0] ?? null });
  const stream = new FakeStream();
  const api = new FakeApi();
  const feed = new LiveFeed(store, api, 0);
  feed.start(stream);
  return { store, stream, api, feed };
}

describe('LiveFeed', () => {
  it('fetches history only after the subscription is acknowledged', async () => {
    const { stream, api } = setup(['BTCUSDT']);
    await settle();
    expect(api.calls).toHaveLength(0);
    stream.acks.get('bars:BTCUSDT:1s')?.resolve();
    await settle();
    expect(api.calls.map((q) => [q.symbol, q.tf])).toEqual([['BTCUSDT', '1s']]);
  });

  it('joins history and the bars that arrived while it loaded, without gap or duplicate', async () => {
    const { store, stream, api, feed } = setup(['BTCUSDT']);
    stream.acks.get('bars:BTCUSDT:1s')?.resolve();
    await settle();
    // Live messages while the history request is out: a stale copy of a history bar, the
    // forming bar of the next bucket, then its update.
    for (const b of [bar('BTCUSDT', 1000, 1), bar('BTCUSDT', 3000, 30, 2), bar('BTCUSDT', 3000, 31, 3)]) {
      feed.onMessage({ type: 'bar', channel: 'bars:BTCUSDT:1s', bar: b, final: false });
    }
    api.pages.get('BTCUSDT')?.resolve({ items: [bar('BTCUSDT', 1000, 10), bar('BTCUSDT', 2000, 20)], next: null });
    await settle();
    const series = store.getState().series['BTCUSDT'];
    expect(series?.phase).toBe('ready');
    expect(series?.bars.map((b) => [b.start, b.close])).toEqual([[1000, 10], [2000, 20], [3000, 31]]);

    feed.onMessage({ type: 'bar', channel: 'bars:BTCUSDT:1s', bar: bar('BTCUSDT', 3000, 32, 4), final: true });
    feed.onMessage({ type: 'bar', channel: 'bars:BTCUSDT:1s', bar: bar('BTCUSDT', 4000, 40, 1), final: false });
    await settle();
    expect(store.getState().series['BTCUSDT']?.bars.map((b) => [b.start, b.close])).toEqual([[1000, 10], [2000, 20], [3000, 32], [4000, 40]]);
  });

  it('asks for about two hours of history, within 300 to 5000 bars, from the server clock', async () => {
    const { store, stream, api, feed } = setup(['BTCUSDT']);
    const serverTime = Date.now() + 60_000;
    const status: Status = { source: null, state: 'idle', reason: null, symbols: [], ticksPerSecond: 0, rowsStored: { ticks: 0, bars: 0 }, timeframes: [], serverTime, sources: ['simulator'], playback: null, store: { kind: 'sqlite', location: ':memory:', schema: null } };
    feed.onMessage({ type: 'status', channel: 'status', status });
    expect(store.getState().clockOffsetMs).toBeGreaterThan(59_000);
    stream.acks.get('bars:BTCUSDT:1s')?.resolve();
    await settle();
    const q = api.calls[0];
    expect(q?.limit).toBeGreaterThanOrEqual(5000);
    expect(Math.abs(Number(q?.from ?? 0) - (serverTime - 5000 * 1000))).toBeLessThan(1000);
    expect([historyBarCount(250), historyBarCount(1000), historyBarCount(60_000), historyBarCount(300_000)]).toEqual([5000, 5000, 300, 300]);
  });

  it('reloads every series on a timeframe change and drops the old channels', async () => {
    const { store, stream, api } = setup(['BTCUSDT', 'ETHUSDT']);
    store.setState({ tf: '250ms', series: {} });
    await settle();
    expect(stream.unsubscribed.sort()).toEqual(['bars:BTCUSDT:1s', 'bars:ETHUSDT:1s']);
    expect([...stream.acks.keys()]).toContain('bars:ETHUSDT:250ms');
    stream.acks.get('bars:BTCUSDT:250ms')?.resolve();
    await settle();
    expect(api.calls.at(-1)).toMatchObject({ symbol: 'BTCUSDT', tf: '250ms' });
  });

  it('ignores bars of other timeframes and of symbols it does not watch', async () => {
    const { store, stream, api, feed } = setup(['BTCUSDT']);
    stream.acks.get('bars:BTCUSDT:1s')?.resolve();
    await settle();
    api.pages.get('BTCUSDT')?.resolve({ items: [], next: null });
    await settle();
    feed.onMessage({ type: 'bar', channel: 'bars:BTCUSDT:1m', bar: { ...bar('BTCUSDT', 60_000, 5), tf: '1m' }, final: false });
    feed.onMessage({ type: 'bar', channel: 'bars:XRPUSDT:1s', bar: bar('XRPUSDT', 1000, 5), final: false });
    await settle();
    expect(store.getState().series['BTCUSDT']?.bars).toEqual([]);
    expect(store.getState().series['XRPUSDT']).toBeUndefined();
  });

  it('reloads every series when stored history changed (an import)', async () => {
    const { store, stream, api } = setup(['BTCUSDT']);
    stream.acks.get('bars:BTCUSDT:1s')?.resolve();
    await settle();
    api.pages.get('BTCUSDT')?.resolve({ items: [bar('BTCUSDT', 1000, 10)], next: null });
    await settle();
    expect(store.getState().series['BTCUSDT']?.generation).toBe(1);
    actions.reloadHistory(store);
    stream.acks.get('bars:BTCUSDT:1s')?.resolve();
    await settle();
    expect(api.calls).toHaveLength(2);
    api.pages.get('BTCUSDT')?.resolve({ items: [bar('BTCUSDT', 1000, 10), bar('BTCUSDT', 2000, 11)], next: null });
    await settle();
    expect(store.getState().series['BTCUSDT']).toMatchObject({ phase: 'ready', generation: 2 });
    expect(store.getState().series['BTCUSDT']?.bars).toHaveLength(2);
  });
});

describe('LiveFeed with OHLC-imported symbols', () => {
  it('falls back to the oldest bars when the window by now is empty', async () => {
    const { store, stream, api } = setup(['BNBUSDT']);
    store.setState({ importedSymbols: ['BNBUSDT'] });
    stream.acks.get('bars:BNBUSDT:1s')?.resolve();
    await settle();
    expect(api.calls[0]?.from).toBeGreaterThan(0);
    api.pages.get('BNBUSDT')?.resolve({ items: [], next: null });
    await settle();
    expect(api.calls[1]?.from).toBe(0);
    api.pages.get('BNBUSDT')?.resolve({ items: [bar('BNBUSDT', 1000, 600)], next: null });
    await settle();
    expect(store.getState().series['BNBUSDT']?.bars).toHaveLength(1);
  });
});

describe('historyFrom', () => {
  it('counts back from now, or from the last stored tick of an older file', () => {
    const now = Date.UTC(2026, 10, 24);
    expect(historyFrom(now, null, 300, 60_000)).toBe(now - 300 * 60_000);
    expect(historyFrom(now, now - 500, 300, 60_000)).toBe(now - 300 * 60_000);
    const old = Date.UTC(2024, 0, 1, 12, 30);
    expect(historyFrom(now, old, 300, 60_000)).toBe(old + 60_000 - 300 * 60_000);
    expect(historyFrom(1000, null, 300, 60_000)).toBe(0);
  });
});

describe('LiveFeed over history', () => {
  const last = Date.UTC(2023, 2, 13, 23, 59);
  const coverage = { BTCUSDT: { firstStart: Date.UTC(2023, 2, 9), lastStart: last } };

  it('anchors the latest window of bars without ticks (imported klines) at their coverage', async () => {
    const { store, stream, api } = setup(['BTCUSDT']);
    actions.setCoverage(store, coverage);
    actions.setTimeframe(store, '1m');
    stream.acks.get('bars:BTCUSDT:1m')?.resolve();
    await settle();
    const q = api.calls.at(-1)!;
    expect(q.maxPoints).toBeUndefined();
    expect(q.from).toBe(historyFrom(Date.now(), last, historyBarCount(60_000), 60_000));
    expect(q.from).toBeLessThan(last);
  });

  it('loads a chosen range at screen resolution in one request, and keeps live bars out of fixed dates', async () => {
    const { store, stream, api, feed } = setup(['BTCUSDT']);
    actions.setCoverage(store, coverage);
    actions.setRange(store, { kind: 'all' });
    stream.acks.get('bars:BTCUSDT:1s')?.resolve();
    await settle();
    const q = api.calls.at(-1)!;
    expect(q).toMatchObject({ symbol: 'BTCUSDT', tf: '1s', from: Date.UTC(2023, 2, 9), to: last + 60_000 });
    expect(q.maxPoints).toBeGreaterThanOrEqual(200);
    expect(q.limit).toBeUndefined();
    feed.onMessage({ type: 'bar', channel: 'bars:BTCUSDT:1s', bar: bar('BTCUSDT', last + 120_000, 9), final: true });
    api.pages.get('BTCUSDT')?.resolve({ items: [bar('BTCUSDT', Date.UTC(2023, 2, 9), 1)], next: null, bucketMs: 600_000 });
    await settle();
    feed.onMessage({ type: 'bar', channel: 'bars:BTCUSDT:1s', bar: bar('BTCUSDT', last + 180_000, 9), final: true });
    await settle();
    expect(store.getState().series['BTCUSDT']?.bars.map((b) => b.start)).toEqual([Date.UTC(2023, 2, 9)]);
  });
});
