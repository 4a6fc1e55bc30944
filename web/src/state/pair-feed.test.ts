import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PairAnalytics, PairAnalyticsQuery, PairPointDto, PairSeriesDto, PairTestsDto } from '../../../src/server/dto/pair-schemas';
import { ApiError } from '../api/api-error';
import { actions, createDashboardStore, initialDashboardState } from './dashboard-store';
import { pairActions } from './pair-actions';
import { PairFeed, pairHistoryRange, retryDelay, wantedPairChannel } from './pair-feed';
import { MAX_THINNED_PAIR_BARS } from '../../../src/server/dto/pair-schemas';

const CH = 'pair:ETHUSDT:BTCUSDT:1s:kalman:20';

const point = (start: number, z: number | null): PairPointDto => ({ start, y: 3400, x: 97000, yFilled: false, xFilled: false, beta: 0.035, alpha: 0, spread: z, z, corr: 0.9, olsBeta: 0.034 });

const tests = (asOf: number): PairTestsDto => ({ asOf, bars: 100, adf: null, coint: null, hedge: null, halflife: null, hurst: null, spreadMean: null, spreadStd: null, health: null, notes: [], computeMs: 1 });

function columns(points: readonly PairPointDto[]): PairSeriesDto {
  return {
    ts: points.map((p) => p.start),
    y: points.map((p) => p.y),
    x: points.map((p) => p.x),
    yFilled: points.map((p) => p.yFilled),
    xFilled: points.map((p) => p.xFilled),
    beta: points.map((p) => p.beta),
    alpha: points.map((p) => p.alpha),
    spread: points.map((p) => p.spread),
    z: points.map((p) => p.z),
    corr: points.map((p) => p.corr),
    olsBeta: points.map((p) => p.olsBeta),
  };
}

const analytics = (points: readonly PairPointDto[], asOf: number): PairAnalytics => ({
  pair: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', tfMs: 1000, method: 'kalman', prices: 'raw', window: 20, delta: 1e-4, ve: 1e-3, lookback: 1000 },
  from: 0,
  to: 10_000,
  bars: { y: points.length, x: points.length },
  series: columns(points),
  tests: tests(asOf),
  channel: CH,
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
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
}

class FakeApi {
  readonly calls: PairAnalyticsQuery[] = [];
  answers: ReturnType<typeof deferred<PairAnalytics>>[] = [];
  analytics(q: PairAnalyticsQuery): Promise<PairAnalytics> {
    this.calls.push(q);
    const d = deferred<PairAnalytics>();
    this.answers.push(d);
    return d.promise;
  }
  get last() {
    return this.answers[this.answers.length - 1] as ReturnType<typeof deferred<PairAnalytics>>;
  }
}

const settle = () => new Promise((r) => setTimeout(r, 5));

function setup() {
  const store = createDashboardStore(initialDashboardState);
  pairActions.select(store, { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'kalman', window: 20, prices: 'raw' });
  const stream = new FakeStream();
  const api = new FakeApi();
  const feed = new PairFeed(store, api, 0);
  feed.start(stream);
  return { store, stream, api, feed };
}

afterEach(() => vi.useRealTimers());

describe('PairFeed', () => {
  it('follows the selected pair only while its tab is open', async () => {
    const { store, stream } = setup();
    expect(stream.acks.size).toBe(0);
    actions.setTab(store, 'pair');
    expect([...stream.acks.keys()]).toEqual([CH]);
    actions.setTab(store, 'overview');
    expect(stream.unsubscribed).toEqual([CH]);
    expect(wantedPairChannel(store.getState())).toBeNull();
  });

  it('subscribes first, fetches after the acknowledgement, and joins what arrived meanwhile', async () => {
    const { store, stream, api, feed } = setup();
    actions.setTab(store, 'pair');
    await settle();
    expect(api.calls).toHaveLength(0);
    expect(store.getState().pair.phase).toBe('loading');
    stream.acks.get(CH)?.resolve();
    await settle();
    expect(api.calls).toEqual([{ y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'kalman', window: 20 }]);
    // While the history request is out: the live snapshot (overlapping it) and two updates of
    // the forming bucket.
    feed.onMessage({ type: 'pair_snapshot', channel: CH, series: columns([point(2000, 20), point(3000, 30)]), provisional: point(4000, 39), tests: null });
    feed.onMessage({ type: 'pair_point', channel: CH, point: point(4000, 40), final: false });
    feed.onMessage({ type: 'pair_point', channel: 'pair:SOLUSDT:BTCUSDT:1s:kalman:20', point: point(4000, 99), final: true });
    api.last.resolve(analytics([point(1000, 1), point(2000, 2), point(3000, 3)], 3000));
    await settle();
    let pair = store.getState().pair;
    expect(pair.phase).toBe('ready');
    expect(pair.points.map((p) => [p.start, p.z])).toEqual([[1000, 1], [2000, 20], [3000, 30], [4000, 40]]);
    expect(pair.tests?.asOf).toBe(3000);

    // Live: the final point replaces the forming one; newer tests replace older.
    const generation = pair.generation;
    feed.onMessage({ type: 'pair_point', channel: CH, point: point(4000, 41), final: true });
    feed.onMessage({ type: 'pair_tests', channel: CH, tests: tests(4000) });
    await settle();
    pair = store.getState().pair;
    expect(pair.points.map((p) => [p.start, p.z]).slice(-1)).toEqual([[4000, 41]]);
    expect(pair.generation).toBe(generation);
    expect(pair.tests?.asOf).toBe(4000);
  });

  it("shows the server's message for too few bars, then loads once there are enough", async () => {
    vi.useFakeTimers();
    const { store, stream, api, feed } = setup();
    actions.setTab(store, 'pair');
    stream.acks.get(CH)?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    const message = 'need 20 bars of ETHUSDT at 1s, have 7 (a 20-bar z-score window)';
    api.last.reject(new ApiError(422, 'insufficient_data', message));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().pair).toMatchObject({ phase: 'insufficient', message, points: [] });
    // Points keep arriving on the channel meanwhile; they must not be lost.
    feed.onMessage({ type: 'pair_point', channel: CH, point: point(21_000, 2.1), final: true });
    await vi.advanceTimersByTimeAsync(retryDelay(1000));
    expect(api.calls).toHaveLength(2);
    api.last.resolve(analytics([point(20_000, 2)], 20_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().pair.phase).toBe('ready');
    expect(store.getState().pair.points.map((p) => p.start)).toEqual([20_000, 21_000]);
  });

  it('shows any other failure as an error, and drops answers for a pair no longer selected', async () => {
    const { store, stream, api } = setup();
    actions.setTab(store, 'pair');
    stream.acks.get(CH)?.resolve();
    await settle();
    pairActions.select(store, { y: 'SOLUSDT', x: 'BTCUSDT', tf: '1s', method: 'kalman', window: 20, prices: 'raw' });
    api.answers[0]?.resolve(analytics([point(1000, 1)], 1000));
    await settle();
    expect(store.getState().pair).toMatchObject({ key: 'pair:SOLUSDT:BTCUSDT:1s:kalman:20', phase: 'loading', points: [] });
    stream.acks.get('pair:SOLUSDT:BTCUSDT:1s:kalman:20')?.resolve();
    await settle();
    api.last.reject(new ApiError(400, 'invalid_request', 'querystring/y: bad'));
    await settle();
    expect(store.getState().pair).toMatchObject({ phase: 'error', message: 'querystring/y: bad' });
  });

  it('loads again after a reconnect', async () => {
    const { store, stream, api, feed } = setup();
    actions.setTab(store, 'pair');
    stream.acks.get(CH)?.resolve();
    await settle();
    api.last.resolve(analytics([point(1000, 1)], 1000));
    await settle();
    feed.onConnection({ phase: 'open', attempt: 0, retryAt: null });
    stream.acks.get(CH)?.resolve();
    await settle();
    expect(api.calls).toHaveLength(2);
    // The chart keeps its points while the same pair reloads.
    expect(store.getState().pair.points).toHaveLength(1);
  });
});

describe('PairFeed over a chosen range', () => {
  it('asks for the range at screen resolution, and loads again when the range changes', async () => {
    const { store, stream, api, feed } = setup();
    const last = Date.UTC(2023, 2, 13, 23, 59);
    actions.setCoverage(store, { ETHUSDT: { firstStart: Date.UTC(2023, 2, 9), lastStart: last }, BTCUSDT: { firstStart: Date.UTC(2023, 2, 9), lastStart: last } });
    actions.setRange(store, { kind: 'span', ms: 3_600_000 });
    actions.setTab(store, 'pair');
    stream.acks.get(CH)?.resolve();
    await settle();
    const end = last + 60_000;
    expect(api.calls).toEqual([{ y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'kalman', window: 20, from: end - 3_600_000, to: end, maxPoints: expect.any(Number) }]);
    expect(api.calls[0]!.maxPoints).toBeGreaterThanOrEqual(200);
    api.last.resolve(analytics([point(1000, 1)], 1000));
    await settle();
    // A fixed end: live points are not part of the range.
    feed.onMessage({ type: 'pair_point', channel: CH, point: point(end + 5000, 9), final: true });
    await settle();
    expect(store.getState().pair.points.map((p) => p.start)).toEqual([1000]);

    actions.setRange(store, { kind: 'between', from: Date.UTC(2023, 2, 10), to: Date.UTC(2023, 2, 11) });
    expect(stream.unsubscribed).toEqual([CH]);
    stream.acks.get(CH)?.resolve();
    await settle();
    expect(api.calls[1]).toMatchObject({ from: Date.UTC(2023, 2, 10), to: Date.UTC(2023, 2, 11) });
  });

  it('reads at most the bars one thinned request may analyse', async () => {
    const { store, stream, api } = setup();
    actions.setCoverage(store, { ETHUSDT: { firstStart: 0, lastStart: 30 * 86_400_000 }, BTCUSDT: { firstStart: 0, lastStart: 30 * 86_400_000 } });
    actions.setRange(store, { kind: 'all' });
    actions.setTab(store, 'pair');
    stream.acks.get(CH)?.resolve();
    await settle();
    const end = 30 * 86_400_000 + 60_000;
    expect(api.calls[0]).toMatchObject({ from: end - (MAX_THINNED_PAIR_BARS - 1) * 1000, to: end });
  });
});

describe('history range and retry', () => {
  it('uses the server default for live data and ends at the last tick of an old file', () => {
    expect(pairHistoryRange(1_000_000, 999_500, 999_900, 1000)).toEqual({});
    expect(pairHistoryRange(10_000_000, 500_400, 400_000, 1000, 100)).toEqual({ from: 401_000, to: 501_000 });
    expect(pairHistoryRange(10_000_000, null, 400_000, 1000)).toEqual({});
  });

  it('asks again after about a bar, within 1 to 10 seconds', () => {
    expect([retryDelay(250), retryDelay(1000), retryDelay(60_000)]).toEqual([1000, 1000, 10_000]);
  });
});
