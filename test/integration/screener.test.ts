/**
 * The universe pair screener end to end: bars in a SQLite file, `GET /api/screener` on the job
 * lane, and its top pair's numbers against `tandem compute` on that pair's aligned bars as the
 * API exports them (`GET /api/pairs/analytics`); the `screener` channel; 400s naming the field.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { syntheticUniverse } from '../../src/cli/bench/screener-universe.js';
import { runCompute } from '../../src/cli/compute/run-compute.js';
import { epochMs, price, qty } from '../../src/core/brand.js';
import { LiveEngine } from '../../src/engine/live-engine.js';
import type { Bar } from '../../src/model/bar.js';
import type { Timeframe } from '../../src/model/timeframe.js';
import { buildServer } from '../../src/server/build-server.js';
import type { ScreenerRanking } from '../../src/server/dto/screener-schemas.js';
import type { ServerMessage } from '../../src/server/dto/stream-messages.js';
import { PostgresMarketStores } from '../../src/store/postgres/postgres-market-stores.js';
import { dropSchemas, PG_URL, postgresAvailable, uniqueSchema } from '../helpers/postgres-service.js';
import { waitFor } from '../helpers/wait-for.js';

const BARS = 800;
let dir: string;
let engine: LiveEngine;
let app: Awaited<ReturnType<typeof buildServer>>;
let url: string;
const u = syntheticUniverse(8, BARS, 2, 11);

function compute<T>(op: string, input: object, options: object = {}): T {
  const { output, exitCode } = runCompute(JSON.stringify({ op, input, options }));
  expect(exitCode, output).toBe(0);
  return JSON.parse(output) as T;
}

/** The universe's 1m bars; one symbol misses a bar now and then, which the grid fills forward. */
function universeBars(): Bar[] {
  const bars: Bar[] = [];
  u.symbols.forEach((symbol, s) => {
    for (let t = 0; t < BARS; t++) {
      if (s === 7 && t % 37 === 5) continue;
      const v = price(u.closes[s]![t]!);
      bars.push({ symbol, tf: '1m' as Timeframe, start: epochMs(u.starts[t]!), open: v, high: v, low: v, close: v, volume: qty(1000 + s), vwap: v, trades: 3 });
    }
  });
  return bars;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-screener-'));
  engine = new LiveEngine({ dbPath: join(dir, 'tandem.db'), seed: 1 });
  await engine.store.bars.upsertBars(universeBars(), 'ohlc');
  app = await buildServer({ engine, version: 'test', screenEvery: { seconds: 1, firstDelayMs: 50 } });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/screener', () => {
  it('ranks the planted pairs first, each number equal to tandem compute on the exported aligned bars', async () => {
    const res = await fetch(`${url}/api/screener?tf=1m&lookback=600&limit=10&minCorr=0`);
    expect(res.status).toBe(200);
    const r = (await res.json()) as ScreenerRanking;
    expect(r.tf).toBe('1m');
    expect(r.lookback).toBe(600);
    expect(r.prices).toBe('log');
    expect(r.asOf).toBe(u.starts[BARS - 1]);
    expect(r.symbols).toEqual([...u.symbols].sort());
    expect(r.pairsTested).toBe(28);
    expect(r.items).toHaveLength(10);
    const planted = new Set(u.planted);
    expect(new Set(r.items.slice(0, 2).map((i) => `${i.y}/${i.x}`))).toEqual(planted);
    for (let k = 1; k < r.items.length; k++) expect(r.items[k]!.pvalue).toBeGreaterThanOrEqual(r.items[k - 1]!.pvalue);

    for (const top of r.items.slice(0, 3)) {
      // The pair's aligned bars over the screened window, as the API exports them.
      const from = r.asOf! - 599 * 60_000;
      const pa = await fetch(`${url}/api/pairs/analytics?y=${top.y}&x=${top.x}&tf=1m&from=${from}&to=${r.asOf! + 60_000}`);
      expect(pa.status).toBe(200);
      const series = ((await pa.json()) as { series: { ts: number[]; y: number[]; x: number[] } }).series;
      expect(series.ts).toHaveLength(600);
      const y = series.y.map(Math.log);
      const x = series.x.map(Math.log);
      const ols = compute<{ slope: number; intercept: number }>('ols', { x, y });
      expect(top.beta).toBe(ols.slope);
      expect(top.alpha).toBe(ols.intercept);
      expect(top.pvalue).toBe(compute<{ pvalue: number }>('coint', { y, x }).pvalue);
      const spread = y.map((v, i) => v - ols.intercept - ols.slope * x[i]!);
      expect(top.halfLife).toBe(compute<{ halflife: number | null }>('halflife', { series: spread }).halflife);
      expect(top.hurst).toBe(compute<{ hurst: number }>('hurst', { series: spread }).hurst);
      expect(top.corr).toBe(compute<{ corr: (number | null)[] }>('rolling_corr', { x, y }, { window: 600 }).corr[599]);
      expect(top.z).toBe(compute<{ z: (number | null)[] }>('rolling_zscore', { series: spread }, { window: 600 }).z[599]);
      expect(top.spread).toHaveLength(60);
      expect(top.spread[59]).toBe(spread[599]);
    }
  });

  it('answers 400 naming the field', async () => {
    const cases: [string, RegExp][] = [
      ['lookback=5', /lookback/],
      ['prices=ln', /prices/],
      ['minCorr=2', /minCorr/],
      ['limit=0', /limit/],
      ['tf=5s', /tf: the screener reads stored bars/],
      ['tf=abc', /tf/],
      ['colour=red', /colour/],
    ];
    for (const [q, field] of cases) {
      const res = await fetch(`${url}/api/screener?${q}`);
      expect(res.status, q).toBe(400);
      expect(JSON.stringify(await res.json()), q).toMatch(field);
    }
  });
});

describe('the screener channel', () => {
  it('pushes the live screener\'s rankings, which GET /api/screener with the default parameters serves', async () => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/stream`);
    const messages: ServerMessage[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as ServerMessage));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    try {
      ws.send(JSON.stringify({ op: 'subscribe', channels: ['screener'] }));
      await waitFor('a screener ranking', () => messages.some((m) => m.type === 'screener'), 20_000);
      const pushed = messages.find((m): m is ServerMessage & { type: 'screener' } => m.type === 'screener')!;
      expect(pushed.channel).toBe('screener');
      expect(pushed.ranking.lookback).toBe(1440);
      expect(pushed.ranking.symbols).toHaveLength(8);
      expect(pushed.ranking.items.length).toBeGreaterThan(0);
      expect(new Set(pushed.ranking.items.slice(0, 2).map((i) => `${i.y}/${i.x}`))).toEqual(new Set(u.planted));
      const res = await fetch(`${url}/api/screener`);
      const got = (await res.json()) as ScreenerRanking;
      expect(got.items.slice(0, 2)).toEqual(pushed.ranking.items.slice(0, 2));
    } finally {
      ws.close();
    }
  });
});

const pgAvailable = await postgresAvailable();
const schema = uniqueSchema('screener');

describe.skipIf(!pgAvailable)('GET /api/screener on PostgreSQL', () => {
  afterAll(async () => {
    await dropSchemas(schema);
  });

  it('answers the ranking the SQLite store answers for the same bars', async () => {
    const stores = await PostgresMarketStores.open({ url: PG_URL, schema });
    await stores.bars.upsertBars(universeBars(), 'ohlc');
    const pgEngine = new LiveEngine({ stores, seed: 1 });
    const pgApp = await buildServer({ engine: pgEngine, version: 'test' });
    try {
      const pgUrl = await pgApp.listen({ host: '127.0.0.1', port: 0 });
      const query = '/api/screener?tf=1m&lookback=600&limit=10&minCorr=0';
      const [a, b] = await Promise.all([fetch(`${url}${query}`), fetch(`${pgUrl}${query}`)]);
      expect(b.status).toBe(200);
      const onPg = (await b.json()) as ScreenerRanking;
      expect(onPg.items).toHaveLength(10);
      expect(onPg).toEqual((await a.json()) as ScreenerRanking);
    } finally {
      await pgApp.close();
      await pgEngine.close();
    }
  });
});
