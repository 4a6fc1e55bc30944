/**
 * Live pair analytics against `tandem compute`: simulator ticks (a seeded `BasketModel`, driven
 * fast with a manual clock) go through a real LiveEngine and SQLite file; the pair engine's
 * live values for the stored range must equal `runCompute` on the same bars to 1e-9, and so
 * must `GET /api/pairs/analytics`. Also: too little data answers with what is missing, the
 * WebSocket channel pushes points and tests, and a regime shift moves the Kalman beta and
 * turns the health state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { alignBars } from '../../src/bars/pair-alignment.js';
import { runCompute } from '../../src/cli/compute/run-compute.js';
import { ManualClock } from '../../src/core/clock.js';
import { LiveEngine } from '../../src/engine/live-engine.js';
import type { PairUpdate } from '../../src/engine/live-pair.js';
import type { PairSubscription } from '../../src/engine/pair-engine.js';
import type { PairPoint } from '../../src/engine/pair-point.js';
import { computePairSeries } from '../../src/engine/pair-series.js';
import { computePairTests, testBarsNeeded } from '../../src/engine/pair-tests.js';
import { BasketModel } from '../../src/ingest/simulator/basket-model.js';
import { parsePairSpec, type PairSpec } from '../../src/model/pair-spec.js';
import type { Tick } from '../../src/model/tick.js';
import { buildServer } from '../../src/server/build-server.js';
import type { ErrorBody } from '../../src/server/dto/api-schemas.js';
import type { PairAnalytics } from '../../src/server/dto/pair-schemas.js';
import type { ServerMessage } from '../../src/server/dto/stream-messages.js';
import { getJson } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

const T0 = 1_800_000_000_000;
const SECONDS = 900;

const specOf = (method: string, window = 20): PairSpec => {
  const r = parsePairSpec({ y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method, window });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** `runCompute` on a request; its numbers with null as NaN. */
function compute<T>(op: string, input: object, options: object = {}): T {
  const { output, exitCode } = runCompute(JSON.stringify({ op, input, options }));
  expect(exitCode, output).toBe(0);
  return JSON.parse(output, (_k, v: unknown) => (v === null ? Number.NaN : v)) as T;
}

/** Largest |a − b| / max(1, |b|), NaN equal to NaN (and nothing else). */
function maxRel(a: ArrayLike<number | null>, b: ArrayLike<number | null>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? Number.NaN;
    const y = b[i] ?? Number.NaN;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    m = Math.max(m, Number.isNaN(x) !== Number.isNaN(y) ? Infinity : Math.abs(x - y) / Math.max(1, Math.abs(y)));
  }
  return m;
}

describe('pair analytics: live engine = tandem compute', () => {
  let dir: string;
  let clock: ManualClock;
  let engine: LiveEngine;
  let app: FastifyInstance;
  let url: string;
  let model: BasketModel;
  let now = T0;
  const subs = new Map<string, { sub: PairSubscription; updates: PairUpdate[] }>();

  /** Plays the simulator's trades second by second, closing bars on the manual clock. */
  const play = (seconds: number): void => {
    for (let k = 0; k < seconds; k++) {
      now += 1000;
      clock.set(now);
      const ticks = model.advanceTo(now);
      if (ticks.length > 0) engine.hub.publish(ticks);
      engine.bars.closeDue(now);
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-pairs-'));
    clock = new ManualClock(T0);
    engine = new LiveEngine({ dbPath: join(dir, 'tandem.db'), clock });
    app = await buildServer({ engine, version: 'test' });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    model = new BasketModel({ symbols: ['BTCUSDT', 'ETHUSDT'], seed: 21, startMs: T0, tradesPerSecond: 12 });
    // Subscribed before the first trade, so the live state starts at the first bar, as a batch over the stored range does.
    for (const method of ['ols', 'kalman', 'huber']) {
      const updates: PairUpdate[] = [];
      const sub = engine.pairs.subscribe(specOf(method), (u) => updates.push(u));
      await sub.ready;
      subs.set(method, { sub, updates });
    }
    play(SECONDS);
    await engine.flush();
  });

  afterAll(async () => {
    for (const { sub } of subs.values()) sub.unsubscribe();
    await app.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const livePoints = (method: string): readonly PairPoint[] => subs.get(method)!.sub.snapshot().points;

  it('aligns the stored bars of both legs, filling the empty buckets', async () => {
    const points = livePoints('ols');
    const last = points.at(-1)!.start;
    const bars = async (symbol: string) => engine.store.bars.queryBars({ symbol, tf: '1s', from: T0, to: last + 1, limit: 100_000 });
    const aligned = alignBars(await bars('ETHUSDT'), await bars('BTCUSDT'));
    expect(points.length).toBeGreaterThan(SECONDS - 10);
    expect(points.map(({ start, y, x, yFilled, xFilled }) => ({ start, y, x, yFilled, xFilled }))).toEqual(aligned);
    expect(points.some((p) => p.yFilled || p.xFilled)).toBe(true);
  });

  it('has rolling OLS beta, spread z-score and log-return correlation equal to rolling_ols, rolling_zscore and rolling_corr (1e-9)', () => {
    const points = livePoints('ols');
    const x = points.map((p) => p.x);
    const y = points.map((p) => p.y);
    const ols = compute<{ beta: number[]; alpha: number[] }>('rolling_ols', { x, y }, { window: 20 });
    expect(maxRel(points.map((p) => p.beta), ols.beta)).toBeLessThan(1e-9);
    expect(maxRel(points.map((p) => p.alpha), ols.alpha)).toBeLessThan(1e-9);
    const spread = points.map((_, i) => y[i]! - ols.beta[i]! * x[i]! - ols.alpha[i]!);
    const first = spread.findIndex((s) => Number.isFinite(s));
    const z = compute<{ z: number[] }>('rolling_zscore', { series: spread.slice(first) }, { window: 20 }).z;
    expect(maxRel(points.slice(first).map((p) => p.z), z)).toBeLessThan(1e-9);
    const ret = (v: number[]) => v.slice(1).map((p, i) => Math.log(p) - Math.log(v[i]!));
    const corr = compute<{ corr: number[] }>('rolling_corr', { x: ret(x), y: ret(y) }, { window: 20 }).corr;
    expect(maxRel(points.slice(1).map((p) => p.corr), corr)).toBeLessThan(1e-9);
    expect(Number.isFinite(points.at(-1)!.z)).toBe(true);
  });

  it('has a Kalman beta, alpha and spread (the forecast error) equal to kalman_hedge, and z to rolling_zscore (1e-9)', () => {
    const points = livePoints('kalman');
    const k = compute<{ beta: number[]; alpha: number[]; e: number[] }>('kalman_hedge', { x: points.map((p) => p.x), y: points.map((p) => p.y) });
    expect(maxRel(points.map((p) => p.beta), k.beta)).toBeLessThan(1e-9);
    expect(maxRel(points.map((p) => p.alpha), k.alpha)).toBeLessThan(1e-9);
    // The first window of forecast errors is the filter's warm-up and left undefined.
    expect(points.slice(0, 20).every((p) => Number.isNaN(p.spread))).toBe(true);
    expect(maxRel(points.slice(20).map((p) => p.spread), k.e.slice(20))).toBeLessThan(1e-9);
    const z = compute<{ z: number[] }>('rolling_zscore', { series: k.e.slice(20) }, { window: 20 }).z;
    expect(maxRel(points.slice(20).map((p) => p.z), z)).toBeLessThan(1e-9);
    expect(Math.abs(points.at(-1)!.spread)).toBeGreaterThan(1e-6);
  });

  it('has Huber refits equal to the huber op on the same windows', () => {
    const points = livePoints('huber');
    const i = points.length - 1;
    const win = points.slice(i - 19, i + 1);
    const h = compute<{ slope: number; intercept: number }>('huber', { x: win.map((p) => p.x), y: win.map((p) => p.y) });
    expect(maxRel([points[i]!.beta, points[i]!.alpha], [h.slope, h.intercept])).toBeLessThan(1e-9);
  });

  it('recomputes ADF, Engle-Granger and half-life on the worker as adf, coint and halflife do', async () => {
    await engine.pairs.recomputeTests();
    const { sub, updates } = subs.get('ols')!;
    const tests = sub.snapshot().tests!.tests;
    const points = sub.snapshot().points.slice(-tests.bars);
    expect(updates.some((u) => u.kind === 'tests')).toBe(true);
    const adf = compute<{ adf_stat: number; pvalue: number }>('adf', { series: points.map((p) => p.spread).filter((s) => Number.isFinite(s)) });
    const coint = compute<{ t_stat: number; pvalue: number }>('coint', { y: points.map((p) => p.y), x: points.map((p) => p.x) });
    const hl = compute<{ halflife: number }>('halflife', { series: points.map((p) => p.spread).filter((s) => Number.isFinite(s)) });
    expect(maxRel([tests.adf!.stat, tests.adf!.pvalue, tests.coint!.stat, tests.coint!.pvalue, tests.halflife!.bars!], [adf.adf_stat, adf.pvalue, coint.t_stat, coint.pvalue, hl.halflife])).toBeLessThan(1e-9);
    expect(tests.health?.state).toMatch(/cointegrated|weakening|broken/);
  });

  it('serves the same series and tests from GET /api/pairs/analytics', async () => {
    const points = livePoints('ols');
    const from = points[0]!.start;
    const to = points.at(-1)!.start + 1;
    const { status, body } = await getJson<PairAnalytics>(`${url}/api/pairs/analytics?y=ETHUSDT&x=BTCUSDT&tf=1s&method=ols&window=20&from=${from}&to=${to}`);
    expect(status).toBe(200);
    expect(body.channel).toBe('pair:ETHUSDT:BTCUSDT:1s:ols:20');
    expect(body.series.ts).toEqual(points.map((p) => p.start));
    expect(body.series.yFilled).toEqual(points.map((p) => p.yFilled));
    for (const f of ['beta', 'alpha', 'spread', 'z', 'corr', 'olsBeta'] as const) expect(maxRel(body.series[f], points.map((p) => p[f])), f).toBeLessThan(1e-9);
    const live = subs.get('ols')!.sub.snapshot().tests!.tests;
    expect(body.tests.coint!.pvalue).toBeCloseTo(live.coint!.pvalue, 12);
    expect(body.tests.health?.state).toBe(live.health?.state);
  });

  it('computes on log prices with prices=log: rolling_ols, rolling_zscore and coint of the logged closes, on its own channel', async () => {
    const points = livePoints('ols');
    const from = points[0]!.start;
    const to = points.at(-1)!.start + 1;
    const { status, body } = await getJson<PairAnalytics>(`${url}/api/pairs/analytics?y=ETHUSDT&x=BTCUSDT&tf=1s&method=ols&window=20&prices=log&from=${from}&to=${to}`);
    expect(status).toBe(200);
    expect(body.channel).toBe('pair:ETHUSDT:BTCUSDT:1s:ols:20:log');
    expect(body.pair.prices).toBe('log');
    // The series keeps the prices; the regression and the spread are on their logs.
    expect(body.series.y).toEqual(points.map((p) => p.y));
    const lx = points.map((p) => Math.log(p.x));
    const ly = points.map((p) => Math.log(p.y));
    const ols = compute<{ beta: number[]; alpha: number[] }>('rolling_ols', { x: lx, y: ly }, { window: 20 });
    expect(maxRel(body.series.beta, ols.beta)).toBeLessThan(1e-9);
    const spread = ly.map((v, i) => v - ols.beta[i]! * lx[i]! - ols.alpha[i]!);
    expect(maxRel(body.series.spread, spread)).toBeLessThan(1e-9);
    const first = spread.findIndex((v) => Number.isFinite(v));
    const z = compute<{ z: number[] }>('rolling_zscore', { series: spread.slice(first) }, { window: 20 }).z;
    expect(maxRel(body.series.z.slice(first), z)).toBeLessThan(1e-9);
    const n = body.tests.bars;
    const coint = compute<{ t_stat: number; pvalue: number }>('coint', { y: ly.slice(-n), x: lx.slice(-n) });
    expect(maxRel([body.tests.coint!.stat, body.tests.coint!.pvalue], [coint.t_stat, coint.pvalue])).toBeLessThan(1e-9);
    // Not the raw-price numbers.
    const raw = await getJson<PairAnalytics>(`${url}/api/pairs/analytics?y=ETHUSDT&x=BTCUSDT&tf=1s&method=ols&window=20&from=${from}&to=${to}`);
    expect(raw.body.pair.prices).toBe('raw');
    expect(Math.abs(raw.body.series.beta.at(-1)! - body.series.beta.at(-1)!)).toBeGreaterThan(1e-6);
    const bad = await getJson<ErrorBody>(`${url}/api/pairs/analytics?y=ETHUSDT&x=BTCUSDT&tf=1s&prices=ln`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/prices/);
  });

  it('answers too little data with 422 and what is missing', async () => {
    const { status, body } = await getJson<ErrorBody>(`${url}/api/pairs/analytics?y=ETHUSDT&x=BTCUSDT&tf=1s&window=20&from=${T0}&to=${T0 + 7000}`);
    expect(status).toBe(422);
    expect(body.error.code).toBe('insufficient_data');
    expect(body.error.message).toMatch(/^need 39 bars of ETHUSDT at 1s, have [0-7] /);
    const minute = await getJson<ErrorBody>(`${url}/api/pairs/analytics?y=ETHUSDT&x=BTCUSDT&tf=1m&method=kalman&window=20&from=${T0}`);
    expect(minute.status).toBe(422);
    expect(minute.body.error.message).toMatch(/need 40 bars of ETHUSDT at 1m, have 1[45]/);
    const docs = await getJson<{ paths: Record<string, unknown> }>(`${url}/api/docs/json`);
    expect(Object.keys(docs.body.paths)).toContain('/api/pairs/analytics');
    const bad = await getJson<ErrorBody>(`${url}/api/pairs/analytics?y=ETHUSDT&x=ETHUSDT&tf=1s`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/two different symbols/);
  });

  it('pushes a snapshot, final and provisional points and tests on the pair channel', async () => {
    const ws = new WebSocket(url.replace('http', 'ws') + '/api/stream');
    const messages: ServerMessage[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as ServerMessage));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ op: 'subscribe', channels: ['pair:ethusdt:btcusdt:1s:ols:20', 'pair:ETHUSDT:BTCUSDT:1s:magic:20'] }));
    const snap = await waitFor('a pair snapshot', () => messages.find((m) => m.type === 'pair_snapshot'));
    expect(snap.type === 'pair_snapshot' && snap.series.ts.length).toBeGreaterThan(SECONDS - 10);
    expect(messages.some((m) => m.type === 'error' && /magic/.test(m.error.message))).toBe(true);
    play(5);
    await waitFor('final pair points', () => messages.filter((m) => m.type === 'pair_point' && m.final).length >= 3);
    // A tick into the next bucket gives a forming bar, so a provisional point.
    engine.hub.publish(model.advanceTo(now + 600));
    await waitFor('a provisional pair point', () => messages.some((m) => m.type === 'pair_point' && !m.final));
    await engine.pairs.recomputeTests();
    const tests = await waitFor('pair tests', () => messages.find((m) => m.type === 'pair_tests'));
    expect(tests.type === 'pair_tests' && tests.channel).toBe('pair:ETHUSDT:BTCUSDT:1s:ols:20');
    const point = messages.find((m) => m.type === 'pair_point' && m.final);
    expect(point?.type === 'pair_point' && typeof point.point.z).toBe('number');
    ws.close();
  });
});

describe('a simulator regime shift', () => {
  it('moves the Kalman beta and turns the health state (seed 3, 5m bars)', () => {
    // The batch path the API serves (bars → alignment → analytics → tests), equal to the live
    // path as the tests above show; four days of 5m bars with a shift of ETH's loading about daily.
    const start = 1_800_000_000_000;
    const model = new BasketModel({ symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'], seed: 3, startMs: start, tradesPerSecond: 3, regimeShiftEverySeconds: 86_400 });
    const tfMs = 300_000;
    const ticks: Tick[] = [];
    let shiftAt: number | null = null;
    let loading = model.loadings()['ETHUSDT']!;
    let loadingBefore = loading;
    for (let t = start; t < start + 4 * 86_400_000 && shiftAt === null; t += tfMs) {
      ticks.push(...model.advanceTo(t + tfMs));
      // The first shift of ETH's loading after the first day (earlier ones fall in the warm-up).
      if (model.loadings()['ETHUSDT'] !== loading) {
        if (t > start + 86_400_000) shiftAt = t;
        loadingBefore = loading;
        loading = model.loadings()['ETHUSDT']!;
      }
    }
    expect(shiftAt).not.toBeNull();
    for (const t of model.advanceTo(shiftAt! + 12 * 3_600_000)) ticks.push(t);
    const barsOf = (symbol: string) => {
      const own = ticks.filter((t) => t.symbol === symbol);
      const c = compute<{ ts: number[]; close: number[] }>('resample_ohlcv', { ts: own.map((t) => t.ts), price: own.map((t) => t.price), qty: own.map((t) => t.qty) }, { interval: '5min' });
      return c.ts.map((s, i) => ({ start: s, close: c.close[i]! }));
    };
    const points = alignBars(barsOf('ETHUSDT'), barsOf('BTCUSDT'));
    const spec = parsePairSpec({ y: 'ETHUSDT', x: 'BTCUSDT', tf: '5m', method: 'kalman', window: 20 });
    if (!spec.ok) throw new Error(spec.error.message);
    const cols = computePairSeries(spec.value, points);
    const at = (t: number): number => points.findIndex((p) => p.start >= t);
    const testsAt = (i: number) => {
      const k = Math.max(0, i + 1 - testBarsNeeded(144));
      return computePairTests({ start: cols.start.slice(k, i + 1), y: cols.y.slice(k, i + 1), x: cols.x.slice(k, i + 1), spread: cols.spread.slice(k, i + 1), tfMs, lookback: 144, prices: 'raw' });
    };
    const s = at(shiftAt!);
    // Cointegrated just before the shift; broken or weakening within two hours after it.
    const before = testsAt(s - 1).health!;
    expect(before.state).toBe('cointegrated');
    const after = Array.from({ length: 24 }, (_, k) => testsAt(s + k).health!);
    const turned = after.find((h) => h.state !== 'cointegrated');
    expect(turned?.state).toMatch(/broken|weakening/);
    expect(turned?.reason).toMatch(/EG p-value|hedge ratio|half-life/);
    // The Kalman beta tracks y/x on price levels, so it moves with x as (b_ETH − b_BTC)/b_BTC:
    // before the shift ETH's loading is above BTC's (β rises with x), after it below (β falls).
    const elasticity = (from: number, to: number): number => {
      const lx = Array.from(cols.x.subarray(from, to), Math.log);
      const lb = Array.from(cols.beta.subarray(from, to), Math.log);
      return compute<{ slope: number }>('ols', { x: lx, y: lb }).slope;
    };
    expect(loading).toBeLessThan(1);
    expect(elasticity(s - 144, s)).toBeGreaterThan(0.05);
    expect(elasticity(s + 12, s + 144)).toBeLessThan(0);
    // On log prices β is an elasticity, about b_ETH / b_BTC, so a rolling OLS β on log prices
    // sits at the loadings' ratio before the shift and moves to the new ratio after it.
    const logSpec = parsePairSpec({ y: 'ETHUSDT', x: 'BTCUSDT', tf: '5m', method: 'ols', window: 20, prices: 'log' });
    if (!logSpec.ok) throw new Error(logSpec.error.message);
    const logBeta = computePairSeries(logSpec.value, points).beta;
    const mean = (a: Float64Array): number => a.reduce((acc, v) => acc + v, 0) / a.length;
    const bBtc = model.loadings()['BTCUSDT']!;
    expect(Math.abs(mean(logBeta.subarray(s - 144, s)) - loadingBefore / bBtc)).toBeLessThan(0.1);
    expect(Math.abs(mean(logBeta.subarray(s + 48, s + 144)) - loading / bBtc)).toBeLessThan(0.1);
  });
});
