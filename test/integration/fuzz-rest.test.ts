/**
 * Fuzz (issue 10, part 4): every REST route, enumerated from the server's own OpenAPI
 * document, gets arbitrary query strings, path parameters and bodies: values shaped by the
 * route's schema but wrong at the leaves, arbitrary JSON, broken JSON, unknown fields, nasty
 * numbers. Properties: never a 5xx; every 4xx is `{error: {code, message}}`; the server
 * answers /api/health afterwards.
 * Cases: FUZZ_RUNS per route (200 in CI; `npm run fuzz` runs 10,000 per route).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { buildServer } from '../../src/server/build-server.js';
import { fuzzParams, fuzzRuns, fuzzTimeout, NASTY_NUMBER_TEXT, reportRuns, weirdValue } from './fuzz-runs.js';

const RUNS = fuzzRuns();

interface Schema {
  readonly type?: string | string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Record<string, Schema>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: unknown;
}
interface Operation {
  readonly parameters?: { readonly in: string; readonly name: string; readonly schema?: Schema }[];
  readonly requestBody?: { readonly content?: Record<string, { schema?: Schema }> };
}

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'btcusdt', 'X', ''];
const TFS = ['1s', '1m', '5m', '15s', '250ms', '1h', '0s', '-1m', '1x', '1e3s', '99999999d'];

/** Good-looking values for names this API uses, so fuzzing reaches past the first check. */
function likelyValue(name: string): fc.Arbitrary<unknown> | null {
  if (/^(symbol|y|x)$/.test(name)) return fc.constantFrom(...SYMBOLS);
  if (name === 'symbols') return fc.constantFrom('BTCUSDT,ETHUSDT', 'BTCUSDT', 'BTCUSDT,,ETHUSDT', ',', 'A'.repeat(40), 'BTCUSDT,ETHUSDT,SOLUSDT');
  if (name === 'tf') return fc.constantFrom(...TFS);
  if (name === 'method') return fc.constantFrom('ols', 'tls', 'kalman', 'huber', 'OLS', '');
  if (/window|lookback|maxLag|limit/.test(name)) return fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.constantFrom(0, 1, 2, 3, 2 ** 31, 1e9));
  if (/^(from|to)$/.test(name)) return fc.oneof(fc.integer({ min: 0, max: 2 ** 45 }), fc.constantFrom(-1, 0, Number.MAX_SAFE_INTEGER, 1e20));
  return null;
}

/** Values for a schema: right in shape, often wrong at the leaves. */
function fromSchema(schema: Schema | undefined, name: string, depth: number): fc.Arbitrary<unknown> {
  const wrong = depth > 3 ? fc.constant(null) : weirdValue;
  if (schema === undefined) return wrong;
  const likely = likelyValue(name);
  const alts = schema.anyOf ?? schema.oneOf;
  let right: fc.Arbitrary<unknown>;
  if (alts !== undefined && alts.length > 0) right = fc.oneof(...alts.map((s) => fromSchema(s, name, depth + 1)));
  else if (schema.const !== undefined) right = fc.constant(schema.const);
  else if (schema.enum !== undefined) right = fc.constantFrom(...schema.enum);
  else {
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    switch (type) {
      case 'object': {
        const props = Object.entries(schema.properties ?? {}).map(([k, s]) => [k, fromSchema(s, k, depth + 1)] as const);
        const extra = fc.dictionary(fc.string({ maxLength: 6 }), weirdValue, { maxKeys: 2 });
        right = fc.tuple(fc.record(Object.fromEntries(props), { requiredKeys: [] }), fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extra })).map(([a, b]) => ({ ...b, ...a }));
        break;
      }
      case 'array':
        right = fc.array(fromSchema(schema.items, name, depth + 1), { maxLength: depth > 2 ? 2 : 6 });
        break;
      case 'integer':
        right = fc.integer({ min: Math.max(schema.minimum ?? -1e6, -1e9), max: Math.min(schema.maximum ?? 1e6, 1e9) });
        break;
      case 'number':
        right = fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
        break;
      case 'boolean':
        right = fc.boolean();
        break;
      case 'string':
        right = fc.string({ maxLength: 30 });
        break;
      case 'null':
        right = fc.constant(null);
        break;
      default:
        right = fc.jsonValue({ maxDepth: 2 });
    }
  }
  return fc.oneof({ weight: 6, arbitrary: likely ?? right }, { weight: 2, arbitrary: right }, { weight: 2, arbitrary: wrong });
}

/** A query-string value: text of any value, or raw text that is hard to decode. */
function queryText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? '';
}

const rawQueryNoise = fc.constantFrom('', '&', '=', '%', '%zz', '%00', '%E0%A4%A', 'a=1&a=2', '[]=1', '__proto__=1', 'constructor[prototype]=1', `limit=${'9'.repeat(400)}`, '&&&==&', ';', '#x', '+', '%2B%2F');

describe('fuzz: every REST route from the OpenAPI document', { timeout: fuzzTimeout(200) }, () => {
  let dir: string;
  let engine: LiveEngine;
  let app: FastifyInstance;
  const routes: { method: string; path: string; op: Operation }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-fuzz-rest-'));
    // Sources the fuzz may start go nowhere: Binance is a closed local port, replays need the (empty) data directory.
    // Alert rules the fuzz makes may name any webhook URL: one short attempt each, so closing
    // the engine does not wait out retries against hosts that never answer.
    engine = new LiveEngine({
      dbPath: join(dir, 'tandem.db'),
      seed: 5,
      env: { TANDEM_BINANCE_WS_URL: 'ws://127.0.0.1:9', TANDEM_BINANCE_REST_URL: 'http://127.0.0.1:9' },
      alerts: { attempts: 1, timeoutMs: 200, baseDelayMs: 1 },
    });
    app = await buildServer({ engine, version: 'test', dataDir: dir });
    await app.ready();
    // Some history, so analytics, exports and backtests have bars to work on.
    const t0 = Date.UTC(2024, 0, 1);
    let text = '';
    for (let i = 0; i < 3000; i++) {
      const w = Math.sin(i / 50);
      text += `${JSON.stringify({ symbol: 'BTCUSDT', ts: t0 + i * 1000, price: 100 + w + (i % 7) * 0.01, qty: 1, tradeId: i + 1 })}\n`;
      text += `${JSON.stringify({ symbol: 'ETHUSDT', ts: t0 + i * 1000 + 1, price: 50 + w / 2 + (i % 5) * 0.01, qty: 2, tradeId: i + 1 })}\n`;
    }
    const res = await app.inject({ method: 'POST', url: '/api/import/ticks?format=ndjson', headers: { 'content-type': 'application/x-ndjson' }, payload: text });
    expect(res.statusCode, res.body).toBe(200);
    const doc = app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> };
    for (const [path, methods] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(methods)) routes.push({ method: method.toUpperCase(), path, op });
  });

  afterAll(async () => {
    await engine?.stopIngestion();
    await app?.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the routes in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(25);
  });

  it('answers arbitrary queries, path parameters and bodies on every route with a 2xx or a JSON 4xx, never a 5xx', async () => {
    const counts: Record<string, number> = {};
    for (const { method, path, op } of routes) {
      if (path.startsWith('/api/docs')) continue;
      const params = op.parameters ?? [];
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const request = fc.record({
        query: fc.record(Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, fromSchema(p.schema, p.name, 0)])), { requiredKeys: [] }),
        pathParams: fc.record(Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, fc.oneof(fc.string({ maxLength: 40 }), fc.uuid(), fc.constantFrom('..', '%2e%2e', '0', '-1', 'null', 'a/b', '%00'))])), { requiredKeys: params.filter((p) => p.in === 'path').map((p) => p.name) }),
        noise: fc.option(rawQueryNoise, { freq: 4 }),
        body: fc.oneof(
          { weight: 5, arbitrary: bodySchema === undefined ? fc.constant(undefined) : fromSchema(bodySchema, 'body', 0).map((v) => JSON.stringify(v)) },
          { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
          { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
          { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '[1,', 'nul', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"polluted":1}}}', ...NASTY_NUMBER_TEXT.slice(0, 6)) },
        ),
        contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'text/csv', 'application/json; charset=latin1'),
      });
      let n = 0;
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          n++;
          let url = path;
          for (const [k, v] of Object.entries(r.pathParams)) url = url.replace(`{${k}}`, encodeURIComponent(String(v)));
          const qs = Object.entries(r.query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(queryText(v))}`);
          if (r.noise !== null) qs.push(r.noise);
          if (qs.length > 0) url += `?${qs.join('&')}`;
          const hasBody = method !== 'GET' && method !== 'DELETE' && r.body !== undefined;
          const res = await app.inject({ method: method as 'GET', url, ...(hasBody ? { payload: r.body, headers: { 'content-type': r.contentType } } : {}) });
          const what = `${method} ${url} ${hasBody ? `(${r.contentType}) ${String(r.body).slice(0, 300)}` : ''} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, what).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const body = res.json() as { error?: { code?: unknown; message?: unknown } };
            expect(typeof body.error?.code, what).toBe('string');
            expect(typeof body.error?.message, what).toBe('string');
          }
        }),
        fuzzParams(),
      );
      counts[`${method} ${path}`] = n;
      await engine.stopIngestion();
    }
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    reportRuns(`REST, per route (${Object.keys(counts).length} routes, ${Object.values(counts).reduce((a, b) => a + b, 0)} requests)`, RUNS);
    for (const n of Object.values(counts)) expect(n).toBe(RUNS);
  });
});
