import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { buildServer } from '../../src/server/build-server.js';
import { REPO_ROOT } from '../helpers/golden.js';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function operations(doc: Json): { where: string; op: Json }[] {
  return Object.entries(doc['paths'] as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => METHODS.includes(m))
      .map(([m, op]) => ({ where: `${m.toUpperCase()} ${path}`, op: op as Json })),
  );
}

/** Every `$ref` string anywhere in `node`. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out));
  else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('the OpenAPI document (/api/docs/json)', () => {
  let engine: LiveEngine;
  let app: FastifyInstance;
  let doc: Json;

  beforeAll(async () => {
    engine = new LiveEngine({ dbPath: ':memory:', seed: 1 });
    app = await buildServer({ engine, version: 'test' });
    const res = await app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    doc = res.json() as Json;
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
  });

  it('is OpenAPI 3.1.0, and the Swagger UI page still serves it', async () => {
    expect(doc['openapi']).toBe('3.1.0');
    const ui = await app.inject({ url: '/api/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/^text\/html/);
  });

  it('gives every operation its own camelCase operationId', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThanOrEqual(32);
    const ids = ops.map(({ where, op }) => {
      expect(op['operationId'], where).toMatch(/^[a-z][A-Za-z0-9]*$/);
      return op['operationId'];
    });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ops.find((o) => o.where === 'GET /api/bars')?.op['operationId']).toBe('listBars');
  });

  it('names the DTOs under components.schemas and every $ref leads to one', () => {
    const schemas = (doc['components'] as Json)['schemas'] as Json;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['Problem', 'ImportProblem', 'Bar', 'BarsPage', 'Status', 'HedgeMethod', 'PairAnalytics', 'BacktestBody', 'AlertRule']));
    for (const ref of refs(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
    }
    expect(schemas['HedgeMethod']).toMatchObject({ type: 'string', enum: ['ols', 'huber', 'theilsen', 'kalman'] });
  });

  it('declares the token, CSV downloads, binary import bodies and problem answers', () => {
    const schemes = (doc['components'] as Json)['securitySchemes'] as Json;
    expect(schemes).toMatchObject({ bearerToken: { type: 'http', scheme: 'bearer' }, tokenQuery: { type: 'apiKey', in: 'query', name: 'token' }, sessionCookie: { type: 'apiKey', in: 'cookie', name: 'tandem_session' } });
    expect(doc['security']).toEqual([{ bearerToken: [] }, { tokenQuery: [] }, { sessionCookie: [] }, {}]);
    const op = (where: string): Json => operations(doc).find((o) => o.where === where)!.op;
    expect(Object.keys((op('GET /api/export/bars.csv')['responses'] as Record<string, Json>)['200']!['content'] as Json)).toEqual(['text/csv']);
    const body = (op('POST /api/import/ticks')['requestBody'] as Json)['content'] as Record<string, Json>;
    expect(Object.keys(body).sort()).toEqual(['application/octet-stream', 'application/x-ndjson', 'application/zip', 'text/csv']);
    expect(body['application/zip']).toEqual({ schema: { type: 'string', format: 'binary', description: 'the file, as the raw request body' } });
    for (const { where, op: o } of operations(doc)) {
      const answers = o['responses'] as Record<string, Json>;
      const errors = Object.entries(answers).filter(([status]) => /^[45]/.test(status));
      expect(errors.some(([s]) => s.startsWith('4')), `${where} has a 4xx answer`).toBe(true);
      for (const [status, answer] of errors.filter(([s]) => s !== '503' || where !== 'GET /api/health/ready')) {
        expect(refs(answer['content']), `${where} ${status}`).toEqual([expect.stringMatching(/^#\/components\/schemas\/(Import)?Problem$/)]);
      }
    }
  });

  it('requires the token, without the no-token alternative, when the server has one', async () => {
    const guarded = await buildServer({ engine, version: 'test', token: 'secret' });
    const res = await guarded.inject({ url: '/api/docs/json', headers: { authorization: 'Bearer secret' } });
    const d = res.json() as Json;
    expect(d['security']).toEqual([{ bearerToken: [] }, { tokenQuery: [] }, { sessionCookie: [] }]);
    expect(Object.keys((d['paths'] as Record<string, Record<string, Json>>)['/api/bars']!['get']!['responses'] as Json)).toContain('401');
    await guarded.close();
  });

  // Redocly takes about a second on this document, so the lint runs here as well as in `npm run lint:openapi`.
  it('passes Redocly lint with the recommended rules: no errors, no warnings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const r = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'redocly'), ['lint', '--extends=recommended', '--format=summary', file], { encoding: 'utf8', cwd: dir });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout + r.stderr).toMatch(/Your API description is valid/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
