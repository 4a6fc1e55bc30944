import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { buildServer } from '../../src/server/build-server.js';
import { REPO_ROOT } from '../helpers/golden.js';

/** Two hours of 1m bars of two co-moving symbols from 2024-02-01T00:00Z, and a tick every 10 s. */
const T0 = Date.UTC(2024, 1, 1);
const FROM_ISO = '2024-02-01T00:30:00Z';
const TO_ISO = '2024-02-01T01:30:00+00:00';
const FROM_MS = T0 + 30 * 60_000;
const TO_MS = T0 + 90 * 60_000;

function ohlcCsv(base: number): string {
  let out = 'timestamp,open,high,low,close,volume\n';
  for (let i = 0; i < 120; i++) {
    const c = base * (1 + 0.01 * Math.sin(i / 7) + 0.001 * ((i * 7919) % 13));
    out += `${new Date(T0 + i * 60_000).toISOString()},${c},${c * 1.001},${c * 0.999},${c},10\n`;
  }
  return out;
}

function ticksNdjson(): string {
  let out = '';
  for (let i = 0; i < 720; i++) out += `${JSON.stringify({ symbol: 'SOLUSDT', ts: T0 + i * 10_000, price: 100 + (i % 5), qty: 1, tradeId: i + 1 })}\n`;
  return out;
}

describe('from/to as epoch ms or ISO-8601', () => {
  let engine: LiveEngine;
  let app: FastifyInstance;

  beforeAll(async () => {
    engine = new LiveEngine({ dbPath: ':memory:', seed: 1 });
    app = await buildServer({ engine, version: 'test' });
    for (const [symbol, base] of [['BTCUSDT', 40_000], ['ETHUSDT', 2_000]] as const) {
      const r = await app.inject({ method: 'POST', url: `/api/import/ohlc?symbol=${symbol}&tf=1m`, headers: { 'content-type': 'text/csv' }, payload: ohlcCsv(base) });
      expect(r.statusCode, r.body).toBe(200);
    }
    const t = await app.inject({ method: 'POST', url: '/api/import/ticks?format=ndjson', headers: { 'content-type': 'application/x-ndjson' }, payload: ticksNdjson() });
    expect(t.statusCode, t.body).toBe(200);
    // An alert event every 10 minutes (events belong to a stored rule).
    const rule = await app.inject({ method: 'POST', url: '/api/alerts/rules', payload: { type: 'price', name: 'btc', params: { symbol: 'BTCUSDT', level: 1 } } });
    expect(rule.statusCode, rule.body).toBe(201);
    const ruleId = (rule.json() as { id: string }).id;
    for (let k = 0; k < 12; k++) {
      const ts = T0 + k * 600_000;
      await engine.store.alerts.insertEvent({ ruleId, ruleName: 'btc', ruleType: 'price', kind: 'above', severity: 'info', subject: 'BTCUSDT', value: 1, threshold: 0, ts, barStart: ts, message: 'above', delivery: 'none' });
    }
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
  });

  const get = (url: string) => app.inject({ url });

  it.each([
    ['/api/bars?symbol=BTCUSDT&tf=1m'],
    ['/api/ticks?symbol=SOLUSDT'],
    ['/api/export/bars.csv?symbol=BTCUSDT&tf=5m'],
    ['/api/export/ticks.csv?symbol=SOLUSDT'],
    ['/api/pairs/analytics?y=ETHUSDT&x=BTCUSDT&tf=1m&window=10&lookback=20'],
    ['/api/export/pair.csv?y=ETHUSDT&x=BTCUSDT&tf=1m&window=10&lookback=20'],
    ['/api/alerts/events?limit=100'],
  ])('%s answers the same for ISO-8601 as for epoch ms', async (path) => {
    const ms = await get(`${path}&from=${FROM_MS}&to=${TO_MS}`);
    const iso = await get(`${path}&from=${encodeURIComponent(FROM_ISO)}&to=${encodeURIComponent(TO_ISO)}`);
    expect(ms.statusCode, ms.body).toBe(200);
    expect(iso.statusCode, iso.body).toBe(200);
    // The pair answer carries the tests' compute time; everything else is the same bytes.
    const strip = (s: string): string => s.replace(/"computeMs":[0-9.e-]+/, '');
    expect(strip(iso.body)).toBe(strip(ms.body));
    expect(ms.body.length).toBeGreaterThan(40);
  });

  it.each([
    ['/api/overview?tf=1m&window=20&symbols=BTCUSDT,ETHUSDT'],
    ['/api/correlation?symbols=BTCUSDT,ETHUSDT&tf=1m&window=20'],
    ['/api/correlation/lagged?y=ETHUSDT&x=BTCUSDT&tf=1m&window=20&maxLag=2'],
  ])('%s takes its `to` as ISO-8601 too', async (path) => {
    const ms = await get(`${path}&to=${TO_MS}`);
    const iso = await get(`${path}&to=${encodeURIComponent(TO_ISO)}`);
    expect(ms.statusCode, ms.body).toBe(200);
    const strip = (s: string): string => s.replace(/"serverTime":\d+/, '');
    expect(strip(iso.body)).toBe(strip(ms.body));
  });

  it('reads a date alone as its midnight UTC', async () => {
    const page = (await get('/api/bars?symbol=BTCUSDT&tf=1m&from=2024-02-01&to=2024-02-02')).json() as { items: { start: number }[] };
    expect(page.items).toHaveLength(120);
    expect(page.items[0]!.start).toBe(T0);
  });

  it.each([
    ['/api/bars?symbol=BTCUSDT&tf=1m&from=2024-02-30', 'querystring/from'],
    ['/api/ticks?symbol=SOLUSDT&to=2024-02-30T00:00:00Z', 'querystring/to'],
    ['/api/export/bars.csv?symbol=BTCUSDT&tf=1m&from=2024-02-30', 'querystring/from'],
    ['/api/export/ticks.csv?symbol=SOLUSDT&to=2024-02-30', 'querystring/to'],
    ['/api/pairs/analytics?y=ETHUSDT&x=BTCUSDT&tf=1m&from=2024-02-30', 'querystring/from'],
    ['/api/export/pair.csv?y=ETHUSDT&x=BTCUSDT&tf=1m&to=2024-02-30', 'querystring/to'],
    ['/api/alerts/events?from=2024-02-30', 'querystring/from'],
    ['/api/overview?symbols=BTCUSDT&to=2024-02-30', 'querystring/to'],
  ])('%s is refused with 400 naming %s', async (url, field) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_request', field, detail: expect.stringMatching(new RegExp(`^${field}: '2024-02-30[^']*' names a date or time that does not exist$`)) });
  });

  it('refuses other shapes, quoting them', async () => {
    const res = await get('/api/bars?symbol=BTCUSDT&tf=1m&from=yesterday');
    expect(res.json()).toMatchObject({ field: 'querystring/from', detail: "querystring/from: 'yesterday' is neither epoch ms nor an ISO-8601 date or date-time (2024-02-01, 2024-02-01T09:30:00Z)" });
  });

  it('takes ISO-8601 in a backtest and a sweep body, and refuses 2024-02-30 naming body/from', async () => {
    const body = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1m', window: 10, entry: 1, exit: 0.2 };
    const ms = await app.inject({ method: 'POST', url: '/api/backtest', payload: { ...body, from: FROM_MS, to: TO_MS } });
    const iso = await app.inject({ method: 'POST', url: '/api/backtest', payload: { ...body, from: FROM_ISO, to: TO_ISO } });
    expect(ms.statusCode, ms.body).toBe(200);
    expect(iso.json().request).toEqual(ms.json().request);
    expect(ms.json().request).toMatchObject({ from: FROM_MS, to: TO_MS });
    const bad = await app.inject({ method: 'POST', url: '/api/backtest', payload: { ...body, from: '2024-02-30' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'body/from', detail: "body/from: '2024-02-30' names a date or time that does not exist" });
    const sweep = await app.inject({ method: 'POST', url: '/api/backtest/sweep', payload: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1m', to: '2024-02-30', grid: { entry: [1], exit: [0.2], window: [10] } } });
    expect(sweep.json()).toMatchObject({ field: 'body/to' });
  });
});

// The built CLI (`npm run build` first): the same parser, so an impossible date is an error, not March 1st.
describe('tandem --from/--to', () => {
  const tandem = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'tandem'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

  it('export refuses --from 2024-02-30 with exit 2, naming the option', () => {
    const r = tandem('export', 'ticks', '--symbol', 'BTCUSDT', '--from', '2024-02-30', '--db', join(REPO_ROOT, 'no-such-dir', 'x.db'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("tandem export: --from: '2024-02-30' names a date or time that does not exist");
  });

  it('backtest refuses --to 2024-02-30 with exit 2, naming the option', () => {
    const r = tandem('backtest', '--y', 'ETHUSDT', '--x', 'BTCUSDT', '--tf', '1m', '--entry', '2', '--exit', '0.5', '--to', '2024-02-30', '--db', join(REPO_ROOT, 'no-such-dir', 'x.db'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--to: '2024-02-30' names a date or time that does not exist");
  });
});
