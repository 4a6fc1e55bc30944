import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompute } from '../../src/cli/compute/run-compute.js';
import type { BarsPage, ErrorBody } from '../../src/server/dto/api-schemas.js';
import type { CorrelationResponse, LaggedCorrelationResponse, OverviewResponse } from '../../src/server/dto/overview-schemas.js';
import { getJson, startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

describe('Overview and correlation API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.engine.startIngestion({ source: 'simulator', symbols: SYMBOLS, seed: 8 });
    await waitFor('twelve 1s bars of every symbol', async () => {
      for (const s of SYMBOLS) if ((await server.engine.store.bars.queryBars({ symbol: s, tf: '1s', limit: 100 })).length < 12) return false;
      return true;
    }, 30_000);
    await server.engine.stopIngestion();
    // The 1s bars forming when ingestion stopped close a moment later; wait, so every request sees the same bars.
    await waitFor('the last 1s bars to close', () => SYMBOLS.every((s) => server.engine.bars.forming(s, '1s') === null));
    await server.engine.flush();
  });
  afterAll(async () => server.close());

  it('sums the window\'s bars into the cards, with trade flow and liquidity', async () => {
    const { status, body } = await getJson<OverviewResponse>(`${server.url}/api/overview?tf=1s&window=600&symbols=BTCUSDT`);
    expect(status).toBe(200);
    const card = body.items[0]!;
    const bars = (await getJson<BarsPage>(`${server.url}/api/bars?symbol=BTCUSDT&tf=1s&from=${card.firstStart}`)).body.items;
    expect(card.bars).toBe(bars.length);
    expect(card.last).toBe(bars.at(-1)!.close);
    expect(card.change).toBeCloseTo(bars.at(-1)!.close - bars[0]!.open, 9);
    expect(card.high).toBe(Math.max(...bars.map((b) => b.high)));
    expect(card.trades).toBe(bars.reduce((n, b) => n + b.trades, 0));
    expect(card.volume).toBeCloseTo(bars.reduce((n, b) => n + b.volume, 0), 9);
    expect(card.rollingVwap).toBeCloseTo(bars.reduce((n, b) => n + b.vwap * b.volume, 0) / card.volume, 6);
    expect(card.buyVolume + card.sellVolume).toBeGreaterThan(0);
    expect(Math.abs(card.imbalance!)).toBeLessThanOrEqual(1);
    expect(card.amihud).toBeGreaterThan(0);
    expect(card.realisedVol).toBeGreaterThan(0);
    // Under a minute of data: the session VWAP comes from the 1s bars.
    expect(card.sessionVwap).toBeCloseTo(card.rollingVwap!, 6);
  });

  it('lists every known symbol when none is named', async () => {
    const { body } = await getJson<OverviewResponse>(`${server.url}/api/overview?tf=1s&window=30`);
    expect(body.items.map((i) => i.symbol).sort()).toEqual([...SYMBOLS].sort());
  });

  it('gives the same correlation matrix as tandem compute\'s corr_matrix on the same closes', async () => {
    const { status, body } = await getJson<CorrelationResponse>(`${server.url}/api/correlation?symbols=${SYMBOLS.join(',')}&tf=1s&window=600`);
    expect(status).toBe(200);
    const series: Record<string, (number | null)[]> = {};
    const closes = new Map<string, Map<number, number>>();
    const starts = new Set<number>();
    for (const s of SYMBOLS) {
      const bars = (await getJson<BarsPage>(`${server.url}/api/bars?symbol=${s}&tf=1s&limit=100000`)).body.items.slice(-600);
      closes.set(s, new Map(bars.map((b) => [b.start, b.close])));
      bars.forEach((b) => starts.add(b.start));
    }
    const sorted = [...starts].sort((a, b) => a - b);
    for (const s of SYMBOLS) series[s] = sorted.map((t) => closes.get(s)!.get(t) ?? null);
    const ref = JSON.parse(runCompute(JSON.stringify({ op: 'corr_matrix', input: { series } })).output) as { matrix: number[][]; nobs: number };
    expect(body.nobs).toBe(ref.nobs);
    body.matrix.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(ref.matrix[i]![j]!, 12)));
    expect(body.matrix[0]![0]).toBeCloseTo(1, 12);
  });

  it('answers a lagged correlation over −maxLag..maxLag', async () => {
    const { status, body } = await getJson<LaggedCorrelationResponse>(`${server.url}/api/correlation/lagged?y=ETHUSDT&x=BTCUSDT&tf=1s&window=600&maxLag=3`);
    expect(status).toBe(200);
    expect(body.lags).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(body.corr.every((c) => c === null || Math.abs(c) <= 1)).toBe(true);
  });

  it('names what is wrong', async () => {
    const one = await getJson<ErrorBody>(`${server.url}/api/correlation?symbols=BTCUSDT`);
    expect(one.status).toBe(400);
    expect(one.body.error.message).toMatch(/at least two symbols/);
    const lag = await getJson<ErrorBody>(`${server.url}/api/correlation/lagged?y=ETHUSDT&x=NOPEUSDT&tf=1s`);
    expect(lag.status).toBe(422);
    expect(lag.body.error.code).toBe('insufficient_data');
    expect(lag.body.error.message).toMatch(/NOPEUSDT/);
  });
});
