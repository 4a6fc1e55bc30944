/**
 * Issue 10, security: loopback by default; beyond loopback only with TANDEM_TOKEN, and then
 * every HTTP request (REST, the dashboard's files) and every WebSocket upgrade needs the token.
 * The browser side (the dashboard working through the cookie) is test/e2e/security.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { buildServer } from '../../src/server/build-server.js';
import { SESSION_COOKIE, sessionValue, tokenEquals, withoutToken } from '../../src/server/security/access-token-guard.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { waitFor } from '../helpers/wait-for.js';
import { freePort } from '../e2e/tandem-server.js';

const TOKEN = 'correct-horse-battery-staple';

/** The outcome of a WebSocket upgrade: 'open', or the HTTP status it was refused with. */
function upgrade(url: string, headers: Record<string, string> = {}): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', (e) => reject(e));
  });
}

describe('a server with TANDEM_TOKEN', () => {
  let dir: string;
  let engine: LiveEngine;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-sec-token-'));
    const web = join(dir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Tandem</title><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log("app");');
    engine = new LiveEngine({ dbPath: join(dir, 'tandem.db'), seed: 1 });
    app = await buildServer({ engine, version: 'test', token: TOKEN, webRoot: web, dataDir: dir });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await app.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['GET', '/api/health'],
    ['GET', '/api/status'],
    ['GET', '/api/bars?symbol=BTCUSDT&tf=1m'],
    ['POST', '/api/ingestion/stop'],
    ['POST', '/api/retention'],
    ['GET', '/api/docs/json'],
    ['GET', '/'],
    ['GET', '/index.html'],
    ['GET', '/assets/app.js'],
    ['GET', '/no/such/page'],
  ])('answers %s %s without the token with 401 and a problem', async (method, url) => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: `Basic ${TOKEN}` }, { cookie: `${SESSION_COOKIE}=${sessionValue('wrong')}` }, { cookie: `${SESSION_COOKIE}=${TOKEN}` }]) {
      const res = await app.inject({ method: method as 'GET', url, headers });
      expect(res.statusCode, `${method} ${url} with ${JSON.stringify(headers)}`).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 401, code: 'unauthorized', detail: expect.stringMatching(/TANDEM_TOKEN/), error: { code: 'unauthorized', message: expect.stringMatching(/TANDEM_TOKEN/) } });
    }
    const wrongQuery = await app.inject({ method: method as 'GET', url: `${url}${url.includes('?') ? '&' : '?'}token=wrong` });
    expect(wrongQuery.statusCode).toBe(401);
  });

  it('lets the API through with the token as Bearer header, query parameter or session cookie', async () => {
    for (const headers of [{ authorization: `Bearer ${TOKEN}` }, { cookie: `other=1; ${SESSION_COOKIE}=${sessionValue(TOKEN)}` }]) {
      expect((await app.inject({ url: '/api/health', headers })).statusCode).toBe(200);
      expect((await app.inject({ url: '/api/bars?symbol=BTCUSDT&tf=1m', headers })).statusCode).toBe(200);
    }
    expect((await app.inject({ url: `/api/bars?symbol=BTCUSDT&tf=1m&token=${TOKEN}` })).statusCode).toBe(200);
  });

  it('trades /?token= for an HttpOnly SameSite=Strict cookie and a redirect that drops the token', async () => {
    const res = await app.inject({ url: `/?token=${TOKEN}&tab=live` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/?tab=live');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Strict$`));
    expect(cookie).not.toContain(TOKEN);
    const value = /=([0-9a-f]+);/.exec(cookie)![1]!;
    const page = await app.inject({ url: '/?tab=live', headers: { cookie: `${SESSION_COOKIE}=${value}` } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Tandem</title>');
    expect((await app.inject({ url: '/assets/app.js', headers: { cookie: `${SESSION_COOKIE}=${value}` } })).statusCode).toBe(200);
  });

  it('trades the token for the cookie on the OpenAPI pages too, whose assets then load', async () => {
    const res = await app.inject({ url: `/api/docs?token=${TOKEN}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/api/docs');
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    expect((await app.inject({ url: '/api/docs/json', headers: { cookie } })).statusCode).toBe(200);
  });

  it('redirects only to a path of its own, never to another host', async () => {
    for (const url of [`//evil.example/?token=${TOKEN}`, `/\\evil.example/?token=${TOKEN}`, `///evil.example/x?token=${TOKEN}`]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location, url).toMatch(/^\/(?![/\\])/);
    }
    expect(withoutToken('/a/b?x=1&token=t#h')).toBe('/a/b?x=1#h');
  });

  it('refuses a WebSocket upgrade without the token with 401, and opens it with the token', async () => {
    const ws = `${base.replace('http', 'ws')}/api/stream`;
    expect(await upgrade(ws)).toBe(401);
    expect(await upgrade(`${ws}?token=wrong`)).toBe(401);
    expect(await upgrade(ws, { authorization: 'Bearer wrong' })).toBe(401);
    expect(await upgrade(ws, { cookie: `${SESSION_COOKIE}=${sessionValue('nope')}` })).toBe(401);
    expect(await upgrade(`${ws}?token=${TOKEN}`)).toBe('open');
    expect(await upgrade(ws, { authorization: `Bearer ${TOKEN}` })).toBe('open');
    expect(await upgrade(ws, { cookie: `${SESSION_COOKIE}=${sessionValue(TOKEN)}` })).toBe('open');
  });

  it("refuses a WebSocket from another site's page even with the cookie (cross-site WebSocket hijacking)", async () => {
    const ws = `${base.replace('http', 'ws')}/api/stream`;
    const cookie = `${SESSION_COOKIE}=${sessionValue(TOKEN)}`;
    expect(await upgrade(ws, { cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await upgrade(ws, { cookie, origin: base })).toBe('open');
  });
});

describe('tokenEquals', () => {
  it('accepts only the token itself, whatever the lengths', () => {
    expect(tokenEquals(TOKEN, TOKEN)).toBe(true);
    expect(tokenEquals(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokenEquals(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(tokenEquals('', TOKEN)).toBe(false);
    expect(tokenEquals(TOKEN.replace('c', 'C'), TOKEN)).toBe(false);
  });

  it('takes as long for a guess wrong in its first character as for one wrong in its last', () => {
    // A `===` comparison returns at the first differing byte, so on a long token an early
    // mismatch answers far sooner than a late one, which lets a guesser learn the token byte
    // by byte. Hashing both sides and comparing with timingSafeEqual removes the difference.
    const secret = 'k'.repeat(1 << 20);
    const early = `x${secret.slice(1)}`;
    const late = `${secret.slice(0, -1)}x`;
    const median = (guess: string): number => {
      const times: number[] = [];
      for (let i = 0; i < 41; i++) {
        const t0 = process.hrtime.bigint();
        tokenEquals(guess, secret);
        times.push(Number(process.hrtime.bigint() - t0));
      }
      return times.sort((a, b) => a - b)[20]!;
    };
    median(early);
    const ratio = median(late) / median(early);
    // `===` on 1 MiB gives a ratio in the thousands; equal work gives about 1.
    expect(ratio).toBeGreaterThan(0.33);
    expect(ratio).toBeLessThan(3);
  });
});

function withoutHost(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { TANDEM_HOST: _host, ...rest } = env;
  return rest;
}

describe('./bin/tandem serve and its bind address', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-sec-cli-'));
  });
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  function serve(args: string[], token: string): { child: ChildProcess; output: () => string } {
    const child = spawn(join(REPO_ROOT, 'bin', 'tandem'), ['serve', '--db', join(dir, `t${children.length}.db`), ...args], {
      cwd: REPO_ROOT,
      env: { ...withoutHost(process.env), TANDEM_TOKEN: token },
    });
    children.push(child);
    let out = '';
    child.stdout?.on('data', (d) => (out += String(d)));
    child.stderr?.on('data', (d) => (out += String(d)));
    return { child, output: () => out };
  }

  it('binds to 127.0.0.1 by default', async () => {
    const port = await freePort();
    const { child, output } = serve(['--port', String(port)], '');
    await waitFor('the listening line', () => output().includes('dashboard and API on'), 20_000);
    expect(output()).toContain(`on http://127.0.0.1:${port}`);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    child.kill('SIGTERM');
  });

  it('refuses to start on a non-loopback address without TANDEM_TOKEN', async () => {
    const { child, output } = serve(['--host', '0.0.0.0', '--port', String(await freePort())], '');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).not.toBe(0);
    expect(output()).toMatch(/binding to 0\.0\.0\.0 exposes the API beyond this machine: set TANDEM_TOKEN/);
  });

  it('starts on a non-loopback address with TANDEM_TOKEN and then wants it on every request', async () => {
    const port = await freePort();
    const { child, output } = serve(['--host', '0.0.0.0', '--port', String(port)], TOKEN);
    await waitFor('the listening line', () => output().includes('dashboard and API on'), 20_000);
    const url = `http://127.0.0.1:${port}`;
    expect((await fetch(`${url}/api/health`)).status).toBe(401);
    expect((await fetch(`${url}/`)).status).toBe(401);
    expect((await fetch(`${url}/api/health`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    const page = await fetch(`${url}/?token=${TOKEN}`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const html = await fetch(`${url}/`, { headers: { cookie } });
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('<div id="root">');
    child.kill('SIGTERM');
  });
});
