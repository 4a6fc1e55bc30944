import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resampleOhlcv } from '../../src/bars/resample-ohlcv.js';
import type { BarDto, BarsPage, ErrorBody, Status, SymbolList, TickDto } from '../../src/server/dto/api-schemas.js';
import { getJson, postJson, startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

async function allPages<T>(first: string): Promise<T[]> {
  const out: T[] = [];
  let url = first;
  for (;;) {
    const { status, body } = await getJson<{ items: T[]; next: string | null }>(url);
    expect(status).toBe(200);
    out.push(...body.items);
    if (body.next === null) return out;
    url = `${first}&cursor=${body.next}`;
  }
}

describe('simulator → store → REST', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const started = await postJson<Status>(`${server.url}/api/ingestion/start`, { source: 'simulator', symbols: ['BTCUSDT', 'ETHUSDT'], seed: 3 });
    expect(started.status).toBe(200);
    expect(started.body.state).toBe('live');
    // Three whole 1s bars stored for BTCUSDT.
    await waitFor('three final 1s bars', async () => (await getJson<BarsPage>(`${server.url}/api/bars?symbol=BTCUSDT&tf=1s`)).body.items.length >= 3, 20_000);
  });
  afterAll(async () => server.close());

  it('reports ticks flowing in /api/status', async () => {
    const { body } = await getJson<Status>(`${server.url}/api/status`);
    expect(body.source).toBe('simulator');
    expect(body.sources).toEqual(expect.arrayContaining(['simulator', 'binance', 'replay']));
    expect(body.playback).toBeNull();
    expect(body.rowsStored.ticks).toBeGreaterThan(0);
    expect(body.symbols.map((s) => s.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(body.symbols.every((s) => s.lastTickTs !== null && s.lastPrice !== null)).toBe(true);
  });

  it('serves 1s bars equal to resampling the stored ticks', async () => {
    await server.engine.stopIngestion();
    const bars = await allPages<BarDto>(`${server.url}/api/bars?symbol=BTCUSDT&tf=1s&limit=2`);
    const ticks = await allPages<TickDto>(`${server.url}/api/ticks?symbol=BTCUSDT&limit=500`);
    const cols = resampleOhlcv(ticks.map((t) => t.ts), ticks.map((t) => t.price), ticks.map((t) => t.qty), 1000);
    const byStart = new Map(Array.from(cols.ts, (s, i) => [s, i]));
    expect(bars.length).toBeGreaterThanOrEqual(3);
    for (const b of bars) {
      const i = byStart.get(b.start)!;
      expect(i).toBeDefined();
      expect([b.open, b.high, b.low, b.close, b.volume, b.vwap, b.trades]).toEqual([cols.open[i], cols.high[i], cols.low[i], cols.close[i], cols.volume[i], cols.vwap[i], cols.count[i]]);
    }
    // Every bucket but the last (still forming when ingestion stopped) is stored as a bar.
    expect(bars.length).toBeGreaterThanOrEqual(cols.ts.length - 1);
  });

  it('builds an unstored timeframe from stored ticks', async () => {
    const { status, body } = await getJson<BarsPage>(`${server.url}/api/bars?symbol=BTCUSDT&tf=2s&limit=100`);
    expect(status).toBe(200);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((b) => b.tf === '2s' && b.start % 2000 === 0)).toBe(true);
  });

  it('lists stored symbols', async () => {
    const { body } = await getJson<SymbolList>(`${server.url}/api/symbols`);
    expect(body.items.map((s) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(body.items[0]!.ticks).toBeGreaterThan(0);
  });

  it.each([
    ['/api/bars?symbol=BTCUSDT&tf=7x', 'invalid_request', /tf.*'7x'/],
    ['/api/bars?symbol=BTCUSDT', 'invalid_request', /missing the required field 'tf'/],
    ['/api/bars?symbol=BTCUSDT&tf=1s&limit=100001', 'invalid_request', /limit must be <= 100000/],
    ['/api/bars?symbol=BTCUSDT&tf=1s&frm=1', 'invalid_request', /unknown field 'frm'/],
    ['/api/ticks?symbol=btc-usdt', 'invalid_request', /symbol/],
    ['/api/ticks?symbol=BTCUSDT&cursor=nonsense', 'invalid_cursor', /cursor/],
    ['/api/nothing', 'not_found', /not a Tandem endpoint/],
  ])('answers %s with a JSON error naming what was wrong', async (path, code, message) => {
    const { status, body } = await getJson<ErrorBody>(`${server.url}${path}`);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
  });

  it('rejects an unknown source or bad symbols without stopping what runs', async () => {
    const bad = await postJson<ErrorBody>(`${server.url}/api/ingestion/start`, { source: 'nyse', symbols: ['BTCUSDT'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/source/);
    const badSymbol = await postJson<ErrorBody>(`${server.url}/api/ingestion/start`, { source: 'sim', symbols: ['BTC/USDT'] });
    expect(badSymbol.status).toBe(400);
    expect(badSymbol.body.error.message).toMatch(/BTC\/USDT/);
  });

  it('publishes the OpenAPI document at /api/docs', async () => {
    const { status, body } = await getJson<{ openapi: string; paths: Record<string, unknown> }>(`${server.url}/api/docs/json`);
    expect(status).toBe(200);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/status', '/api/bars', '/api/ticks', '/api/ingestion/start']));
  });
});

describe('a server bound with TANDEM_TOKEN', () => {
  it('refuses requests without the token', async () => {
    const server = await startTestServer({ token: 's3cret' });
    try {
      expect((await fetch(`${server.url}/api/health`)).status).toBe(401);
      expect((await fetch(`${server.url}/api/health`, { headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
      expect((await fetch(`${server.url}/api/health?token=s3cret`)).status).toBe(200);
      // A route that validates its query still accepts the token beside its own parameters.
      expect((await fetch(`${server.url}/api/bars?symbol=BTCUSDT&tf=1s&token=s3cret`)).status).toBe(200);
      // Every request needs it, the dashboard's files too (test/integration/security-token.test.ts).
      expect((await fetch(`${server.url}/index.html`)).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
