/**
 * A pair with only stored history (issue 14, item 3): real BTCUSDC and BTCUSDT 1m klines around
 * the March 2023 USDC depeg, stored as bars with no live feed. `GET /api/pairs/analytics` with
 * no range opens on the latest bars both legs have, not on the empty minutes before the wall
 * clock, and so does the pair CSV export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../../src/model/bar.js';
import type { BarsPage, CoverageResponse } from '../../src/server/dto/api-schemas.js';
import type { CorrelationResponse, OverviewResponse } from '../../src/server/dto/overview-schemas.js';
import type { PairAnalytics } from '../../src/server/dto/pair-schemas.js';
import { DEFAULT_PAIR_BARS } from '../../src/server/pair-range.js';
import { realKlines } from '../helpers/realdata.js';
import { getJson, startTestServer, type TestServer } from '../helpers/test-server.js';

const klines = (symbol: string): Bar[] => realKlines(symbol, '20230309_20230313');

describe('pair analytics over stored history only', () => {
  let server: TestServer;
  const usdc = klines('BTCUSDC');
  const usdt = klines('BTCUSDT');
  beforeAll(async () => {
    server = await startTestServer();
    await server.engine.store.bars.upsertBars(usdc, 'ohlc');
    await server.engine.store.bars.upsertBars(usdt, 'ohlc');
  });
  afterAll(async () => server.close());

  it('opens on the latest bars both legs have stored', async () => {
    const r = await getJson<PairAnalytics>(`${server.url}/api/pairs/analytics?y=BTCUSDC&x=BTCUSDT&tf=1m&window=60`);
    expect(r.status).toBe(200);
    const last = usdt[usdt.length - 1]!.start;
    expect(r.body.to).toBe(last + 60_000);
    expect(r.body.series.ts.at(-1)).toBe(last);
    expect(r.body.series.ts.length).toBe(DEFAULT_PAIR_BARS);
    expect(r.body.bars).toEqual({ y: DEFAULT_PAIR_BARS, x: DEFAULT_PAIR_BARS });
  });

  it('answers /api/bars?maxPoints= with at most that many bucket bars that keep every high and low', async () => {
    const from = usdt[0]!.start;
    const to = usdt[usdt.length - 1]!.start + 60_000;
    const r = await getJson<BarsPage>(`${server.url}/api/bars?symbol=BTCUSDT&tf=1m&from=${from}&to=${to}&maxPoints=500`);
    expect(r.status).toBe(200);
    const w = r.body.bucketMs!;
    expect(w % 60_000).toBe(0);
    expect(r.body.items.length).toBeLessThanOrEqual(500);
    expect(r.body.items.length).toBeGreaterThan(400);
    expect(r.body.next).toBeNull();
    for (const b of r.body.items) {
      const inside = usdt.filter((x) => x.start >= b.start && x.start < b.start + w);
      expect(b.high).toBe(Math.max(...inside.map((x) => x.high)));
      expect(b.low).toBe(Math.min(...inside.map((x) => x.low)));
      expect(b.open).toBe(inside[0]!.open);
      expect(b.close).toBe(inside.at(-1)!.close);
    }
    const few = await getJson<BarsPage>(`${server.url}/api/bars?symbol=BTCUSDT&tf=1m&from=${from}&to=${from + 10 * 60_000}&maxPoints=500`);
    expect(few.body).toMatchObject({ bucketMs: 60_000 });
    expect(few.body.items).toEqual(usdt.slice(0, 10).map((b) => ({ ...b })));
    for (const bad of ['maxPoints=1', 'maxPoints=2.5', 'maxPoints=500&cursor=abc']) {
      expect((await getJson(`${server.url}/api/bars?symbol=BTCUSDT&tf=1m&${bad}`)).status).toBe(400);
    }
  });

  it('thins the pair series to maxPoints with each bucket\'s range, and computes the statistics on every bar', async () => {
    const from = usdt[0]!.start;
    const to = usdt[usdt.length - 1]!.start + 60_000;
    const base = `${server.url}/api/pairs/analytics?y=BTCUSDC&x=BTCUSDT&tf=1m&window=60&lookback=5000&from=${from}&to=${to}`;
    const full = (await getJson<PairAnalytics>(base)).body;
    const r = await getJson<PairAnalytics>(`${base}&maxPoints=300`);
    expect(r.status).toBe(200);
    const thin = r.body;
    const w = thin.bucketMs!;
    expect(w % 60_000).toBe(0);
    expect(thin.series.ts.length).toBeLessThanOrEqual(300);
    expect(thin.tests).toEqual({ ...full.tests, computeMs: thin.tests.computeMs });
    const val = (v: number | null): number => (v === null ? Number.NaN : v);
    thin.series.ts.forEach((start, b) => {
      const idx = full.series.ts.flatMap((t, i) => (t >= start && t < start + w ? [i] : []));
      const last = idx.at(-1)!;
      expect(thin.series.z[b]).toEqual(full.series.z[last]);
      expect(thin.series.y[b]).toBe(full.series.y[last]);
      for (const col of ['z', 'spread', 'y'] as const) {
        const vals = idx.map((i) => val(full.series[col][i]!)).filter((v) => !Number.isNaN(v));
        expect(thin.envelope!.min[col][b]).toBe(vals.length === 0 ? null : Math.min(...vals));
        expect(thin.envelope!.max[col][b]).toBe(vals.length === 0 ? null : Math.max(...vals));
      }
    });
    expect((await getJson(`${base}&maxPoints=1`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/export/pair.csv?y=BTCUSDC&x=BTCUSDT&tf=1m&maxPoints=300`)).status).toBe(400);
  });

  it('answers the span of stored bars per symbol at a stored timeframe, and refuses any other timeframe', async () => {
    const r = await getJson<CoverageResponse>(`${server.url}/api/coverage?tf=1m`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      tf: '1m',
      items: [
        { symbol: 'BTCUSDC', firstStart: usdc[0]!.start, lastStart: usdc.at(-1)!.start },
        { symbol: 'BTCUSDT', firstStart: usdt[0]!.start, lastStart: usdt.at(-1)!.start },
      ],
    });
    expect((await getJson<CoverageResponse>(`${server.url}/api/coverage`)).body.tf).toBe('1m');
    expect((await getJson<CoverageResponse>(`${server.url}/api/coverage?tf=5m`)).body).toEqual({ tf: '5m', items: [] });
    const bad = await getJson<{ error: { message: string } }>(`${server.url}/api/coverage?tf=7m`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('7m is not a stored timeframe');
  });

  it('answers the Overview figures and correlations as of a past time', async () => {
    const end = usdt.at(-1)!.start + 60_000;
    const now = await getJson<OverviewResponse>(`${server.url}/api/overview?symbols=BTCUSDC,BTCUSDT&tf=1m&window=60`);
    expect(now.body.items.map((i) => i.bars)).toEqual([0, 0]);
    const r = await getJson<OverviewResponse>(`${server.url}/api/overview?symbols=BTCUSDC,BTCUSDT&tf=1m&window=60&to=${end}`);
    expect(r.status).toBe(200);
    const [c, t] = r.body.items;
    expect([c!.bars, t!.bars]).toEqual([60, 60]);
    expect(t!.last).toBe(usdt.at(-1)!.close);
    expect(t!.firstStart).toBe(usdt.at(-60)!.start);
    expect(t!.high).toBe(Math.max(...usdt.slice(-60).map((b) => b.high)));
    const corr = await getJson<CorrelationResponse>(`${server.url}/api/correlation?symbols=BTCUSDC,BTCUSDT&tf=1m&window=60&to=${end}`);
    expect(corr.status).toBe(200);
    expect(corr.body.nobs).toBe(59);
    const lagged = await getJson<{ nobs: number }>(`${server.url}/api/correlation/lagged?y=BTCUSDC&x=BTCUSDT&tf=1m&window=60&maxLag=5&to=${end}`);
    expect(lagged.status).toBe(200);
    expect((await getJson(`${server.url}/api/overview?tf=1m&to=-5`)).status).toBe(400);
  });

  it('exports the same range as CSV', async () => {
    const res = await fetch(`${server.url}/api/export/pair.csv?y=BTCUSDC&x=BTCUSDT&tf=1m&window=60`);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n');
    expect(lines.length).toBe(DEFAULT_PAIR_BARS + 1);
    expect(lines.at(-1)!.startsWith('2023-03-13T23:59:00.000Z,')).toBe(true);
  });
});
