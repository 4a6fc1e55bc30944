import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { buildServer } from '../../src/server/build-server.js';

/** The problem of an answer, after checking its content type and that `error` repeats code and detail. */
function problemOf(res: LightMyRequestResponse): Record<string, unknown> {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as Record<string, unknown> & { error: { code: string; message: string } };
  expect(body.status).toBe(res.statusCode);
  expect(body.type).toBe(`urn:tandem:problem:${String(body.code)}`);
  expect(body.error).toMatchObject({ code: body.code, message: body.detail });
  return body;
}

describe('REST errors as RFC 9457 problems', () => {
  let engine: LiveEngine;
  let app: FastifyInstance;

  beforeAll(async () => {
    engine = new LiveEngine({ dbPath: ':memory:', seed: 1 });
    app = await buildServer({ engine, version: 'test' });
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
  });

  it('answers a schema violation with type, title, status, detail, code and the field', async () => {
    const res = await app.inject({ url: '/api/bars?symbol=BTCUSDT&tf=1m&limit=0' });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res)).toEqual({
      type: 'urn:tandem:problem:invalid_request',
      title: 'Invalid request',
      status: 400,
      detail: 'querystring/limit must be >= 1',
      code: 'invalid_request',
      field: 'querystring/limit',
      error: { code: 'invalid_request', message: 'querystring/limit must be >= 1' },
    });
  });

  it('lists the allowed values of an enum once, instead of "must be equal to constant" per value', async () => {
    const res = await app.inject({ url: '/api/pairs/analytics?y=ETHUSDT&x=BTCUSDT&tf=1m&method=lasso' });
    expect(problemOf(res)).toMatchObject({ detail: 'querystring/method must be one of ols, huber, theilsen, kalman', field: 'querystring/method' });
    const body = await app.inject({ method: 'POST', url: '/api/ingestion/start', payload: { source: 'nyse', symbols: ['BTCUSDT'] } });
    expect(problemOf(body)).toMatchObject({ detail: 'body/source must be one of simulator, binance, replay, sim', field: 'body/source' });
  });

  it('names an unknown and a missing field', async () => {
    expect(problemOf(await app.inject({ url: '/api/ticks?symbol=BTCUSDT&colour=red' }))).toMatchObject({ detail: "querystring has an unknown field 'colour'", field: 'querystring/colour' });
    expect(problemOf(await app.inject({ url: '/api/ticks' }))).toMatchObject({ detail: "querystring is missing the required field 'symbol'", field: 'querystring/symbol' });
  });

  it('answers a body that is not JSON with invalid_request, not a framework code', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/alerts/rules', headers: { 'content-type': 'application/json' }, payload: '{"type": ' });
    expect(res.statusCode).toBe(400);
    const p = problemOf(res);
    expect(p).toMatchObject({ code: 'invalid_request', detail: 'body is not valid JSON, but its content-type says application/json' });
    expect(JSON.stringify(p)).not.toMatch(/FST_/);
    const empty = await app.inject({ method: 'POST', url: '/api/alerts/rules', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(problemOf(empty)).toMatchObject({ status: 400, code: 'invalid_request' });
  });

  it('maps a content type no route takes, an unknown route and a body over the limit to our codes', async () => {
    const xml = await app.inject({ method: 'POST', url: '/api/backtest', headers: { 'content-type': 'application/xml' }, payload: '<x/>' });
    expect(problemOf(xml)).toMatchObject({ status: 415, code: 'unsupported_media_type', detail: 'POST /api/backtest does not take this content-type; send application/json' });
    const missing = await app.inject({ url: '/api/nothing-here?x=1' });
    expect(problemOf(missing)).toMatchObject({ status: 404, code: 'not_found', detail: 'GET /api/nothing-here is not a Tandem endpoint' });
    const big = await app.inject({ method: 'POST', url: '/api/backtest', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ y: 'x'.repeat(2 << 20) }) });
    expect(problemOf(big)).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('keeps the code of a TandemError and takes the field from its message', async () => {
    const res = await app.inject({ url: '/api/bars?symbol=BTCUSDT&tf=7q' });
    expect(problemOf(res)).toMatchObject({ status: 400, code: 'invalid_request', field: 'querystring/tf' });
    const rule = await app.inject({ url: '/api/alerts/rules/nope' });
    expect(problemOf(rule)).toMatchObject({ status: 404, code: 'not_found', title: 'Not found' });
    expect(problemOf(rule)).not.toHaveProperty('field');
  });

  it('answers a rejected import file with its rows in error, beside the problem', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/import/ohlc?symbol=BTCUSDT&tf=1m', headers: { 'content-type': 'text/csv' }, payload: 'timestamp,open,high,low,close,volume\nyesterday,1,1,1,1,1\n' });
    expect(res.statusCode).toBe(400);
    const p = problemOf(res) as { code: string; error: { rows: { row: number; reason: string }[]; moreRows: number } };
    expect(p.code).toBe('invalid_file');
    expect(p.error.rows).toEqual([{ row: 2, reason: expect.stringMatching(/^timestamp is neither ISO-8601/) }]);
    expect(p.error.moreRows).toBe(0);
  });
});
