/**
 * `GET /api/health/live` and `GET /api/health/ready` on real servers: ready with a real SQLite
 * file, with real PostgreSQL, and with real Redis as hot cache and bus (the last two fail this
 * file under CI=true when their service is missing); 503 naming `store` once the store is closed, naming `redis` when the hot cache's
 * Redis is a closed port, and naming `bus` and `redis` when the connection to Redis is cut;
 * liveness stays 200 throughout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEngine } from '../../src/engine/live-engine.js';
import { openEngine, type RedisConfig } from '../../src/engine/open-engine.js';
import { buildServer } from '../../src/server/build-server.js';
import type { NotReady, Ready } from '../../src/server/dto/api-schemas.js';
import { dropSchemas, PG_URL, postgresAvailable, uniqueSchema } from '../helpers/postgres-service.js';
import { dropPrefix, REDIS_URL, redisAvailable, uniquePrefix } from '../helpers/redis-service.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

interface Probed {
  status: number;
  body: Ready | NotReady;
}

const ready = async (app: FastifyInstance): Promise<Probed> => {
  const res = await app.inject({ url: '/api/health/ready' });
  return { status: res.statusCode, body: res.json<Ready | NotReady>() };
};

describe('health probes on SQLite', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('is live and ready, the store having answered SELECT 1', async () => {
    const live = await fetch(`${server.url}/api/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'live', uptimeMs: expect.any(Number) });
    const r = await ready(server.app);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ready', checks: { store: { ok: true, ms: expect.any(Number) } } });
  });

  it('keeps GET /api/health as it was', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(await res.json()).toMatchObject({ status: 'ok', version: 'test' });
  });

  it('is not ready, naming the store, once the store is closed; still live', async () => {
    await server.engine.store.close();
    const r = await ready(server.app);
    expect(r.status).toBe(503);
    const body = r.body as NotReady;
    expect(body.status).toBe('not_ready');
    expect(body.failing).toEqual(['store']);
    expect(body.checks['store']).toMatchObject({ ok: false, error: expect.stringContaining('closed') });
    expect(body.error).toEqual({ code: 'not_ready', message: expect.stringMatching(/^store: /) });
    expect((await server.app.inject({ url: '/api/health/live' })).statusCode).toBe(200);
  });
});

describe('health probes with a Redis hot cache on a closed port', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-ready-'));
  let engine: LiveEngine;
  let app: FastifyInstance;
  afterAll(async () => {
    await app?.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 naming redis within the time limit, the store being fine', async () => {
    const port = await closedPort();
    engine = await openEngine({ store: { kind: 'sqlite', path: join(dir, 'tandem.db') }, redis: { url: `redis://127.0.0.1:${port}`, bus: false } });
    app = await buildServer({ engine, version: 'test' });
    const t0 = Date.now();
    const r = await ready(app);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(r.status).toBe(503);
    const body = r.body as NotReady;
    expect(body.failing).toEqual(['redis']);
    expect(body.checks['store']!.ok).toBe(true);
    expect(body.checks['redis']).toMatchObject({ ok: false, error: expect.stringContaining(`the hot cache's Redis at 127.0.0.1:${port} does not answer PING`) });
  });
});

const pgAvailable = await postgresAvailable();

describe.skipIf(!pgAvailable)('health probes on PostgreSQL', () => {
  const schema = uniqueSchema('ready');
  let engine: LiveEngine;
  let app: FastifyInstance;
  afterAll(async () => {
    await app?.close();
    await engine?.close();
    await dropSchemas(schema);
  });

  it('is ready while the pool answers SELECT 1, and names the store once it is closed', async () => {
    engine = await openEngine({ store: { kind: 'postgres', url: PG_URL, schema } });
    app = await buildServer({ engine, version: 'test' });
    const r = await ready(app);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ready', checks: { store: { ok: true, ms: expect.any(Number) } } });
    await engine.store.close();
    const down = await ready(app);
    expect(down.status).toBe(503);
    expect((down.body as NotReady).failing).toEqual(['store']);
  });
});

const available = await redisAvailable();

describe.skipIf(!available)('health probes with real Redis as hot cache and bus', () => {
  const prefix = uniquePrefix('ready');
  const dirs: string[] = [];
  const proxy = new TcpProxy('127.0.0.1', Number(new URL(REDIS_URL).port || 6379));
  let engine: LiveEngine | null = null;
  let app: FastifyInstance | null = null;

  const open = async (redis: RedisConfig): Promise<FastifyInstance> => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-ready-redis-'));
    dirs.push(dir);
    engine = await openEngine({ store: { kind: 'sqlite', path: join(dir, 'tandem.db') }, redis });
    app = await buildServer({ engine, version: 'test' });
    return app;
  };
  afterEach(async () => {
    await app?.close();
    await engine?.close();
    app = null;
    engine = null;
  });
  afterAll(async () => {
    await proxy.stop();
    await dropPrefix(prefix);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('is ready when the store, the bus and the cache all answer', async () => {
    const r = await ready(await open({ url: REDIS_URL, prefix, bus: true }));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      status: 'ready',
      checks: { store: { ok: true, ms: expect.any(Number) }, bus: { ok: true, ms: expect.any(Number) }, redis: { ok: true, ms: expect.any(Number) } },
    });
  });

  it('names bus and redis once the connection to Redis is cut, and is ready again when it is back', async () => {
    await proxy.start();
    const a = await open({ url: `redis://127.0.0.1:${proxy.port}`, prefix, bus: true });
    expect((await ready(a)).status).toBe(200);
    await proxy.stop();
    const t0 = Date.now();
    const down = await ready(a);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(down.status).toBe(503);
    expect((down.body as NotReady).failing).toEqual(['bus', 'redis']);
    expect(down.body.checks['store']!.ok).toBe(true);
    expect(down.body.checks['bus']!.error).toContain(`the bus's Redis at 127.0.0.1:${proxy.port} does not answer PING`);
    await proxy.start();
    await waitFor('ready again after Redis is back', async () => (await ready(a)).status === 200, 20_000, 200);
  });
});
