/**
 * Issue 10, security: the headers every response carries (a strict CSP above all), the loopback
 * Host check, upload size limits, and that no path from a request reaches a file outside the
 * data directory. Each block fails if its control is taken out.
 */
import { request as httpRequest } from 'node:http';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { buildServer } from '../../src/server/build-server.js';
import { confineToDataDir } from '../../src/server/security/data-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { fuzzParams, fuzzRuns } from './fuzz-runs.js';

const LIMIT = 64 * 1024;

function ndjson(symbol: string, n: number, t0 = 1_700_000_000_000): string {
  let out = '';
  for (let i = 0; i < n; i++) out += `${JSON.stringify({ symbol, ts: t0 + i * 1000, price: 100 + (i % 5), qty: 1, tradeId: i + 1 })}\n`;
  return out;
}

/** Sends a body through a raw socket, chunk by chunk, until the server answers; returns its status and how much was sent. */
function postStreaming(url: string, headers: Record<string, string>, chunks: Buffer | Iterator<Buffer>, maxBytes: number): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      answered = true;
      let body = '';
      res.on('data', (d) => (body += String(d)));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, sent });
      });
    });
    req.on('error', (e) => (answered ? undefined : reject(e)));
    const pump = (): void => {
      while (!answered && sent < maxBytes) {
        const chunk = Buffer.isBuffer(chunks) ? chunks : (chunks.next().value as Buffer);
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('the HTTP surface of a server', () => {
  let dir: string;
  let dataDir: string;
  let outside: string;
  let engine: LiveEngine;
  let app: FastifyInstance;
  let base: string;
  const savedLimit = process.env['TANDEM_IMPORT_MAX_BYTES'];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-sec-http-'));
    dataDir = join(dir, 'data');
    outside = join(dir, 'outside');
    mkdirSync(join(dataDir, 'nested'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(dataDir, 'ok.ndjson'), ndjson('BTCUSDT', 50));
    writeFileSync(join(dataDir, 'nested', 'deep.ndjson'), ndjson('BTCUSDT', 5));
    writeFileSync(join(outside, 'secret.ndjson'), ndjson('ETHUSDT', 50));
    symlinkSync(join(outside, 'secret.ndjson'), join(dataDir, 'link.ndjson'));
    symlinkSync(outside, join(dataDir, 'escape'));
    const web = join(dir, 'web');
    mkdirSync(web);
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Tandem</title>');
    process.env['TANDEM_IMPORT_MAX_BYTES'] = String(LIMIT);
    engine = new LiveEngine({ dbPath: join(dir, 'tandem.db'), seed: 1 });
    app = await buildServer({ engine, version: 'test', webRoot: web, dataDir });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    if (savedLimit === undefined) delete process.env['TANDEM_IMPORT_MAX_BYTES'];
    else process.env['TANDEM_IMPORT_MAX_BYTES'] = savedLimit;
    await app?.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('security headers', () => {
    it.each(['/', '/index.html', '/some/tab', '/api/health', '/api/nope', '/api/docsx'])('sets a strict CSP and the hardening headers on %s', async (url) => {
      const res = await app.inject({ url });
      const csp = String(res.headers['content-security-policy']);
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
      expect(directives.get('default-src')).toEqual(["'self'"]);
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('style-src')).toEqual(["'self'"]);
      expect(directives.get('connect-src')).toEqual(["'self'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('base-uri')).toEqual(["'none'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:|upgrade-insecure-requests/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(res.headers['x-frame-options']).toBe('DENY');
    });
  });

  describe('numbers in requests', () => {
    it.each(['/api/ticks?symbol=BTCUSDT&limit=1e999', `/api/ticks?symbol=BTCUSDT&limit=${'9'.repeat(400)}`, '/api/bars?symbol=BTCUSDT&tf=1m&from=1e999', '/api/alerts/events?limit=1e999'])(
      'answers %s with 400 naming the field, not with a 500 from the database',
      async (url) => {
        const res = await app.inject({ url });
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().error.message).toMatch(/^querystring\/(limit|from) must be a finite number$/);
      },
    );
  });

  describe('the OpenAPI pages', () => {
    it('allow inline styles for Swagger UI, and nothing else more than the app', async () => {
      const res = await app.inject({ url: '/api/docs/json' });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("script-src 'self';");
      expect(csp.replace(" 'unsafe-inline'", '')).toBe(String((await app.inject({ url: '/' })).headers['content-security-policy']));
    });
  });

  describe('a server without a token', () => {
    it.each(['evil.example', 'evil.example:8501', '10.0.0.7:8501', 'localhost.evil.example'])('turns away Host %s (DNS rebinding) with 421', async (host) => {
      const res = await app.inject({ url: '/api/health', headers: { host } });
      expect(res.statusCode).toBe(421);
      expect(res.json().error.code).toBe('misdirected_request');
    });

    it.each(['127.0.0.1:8501', 'localhost', 'LOCALHOST:1', '[::1]:8501'])('answers Host %s', async (host) => {
      expect((await app.inject({ url: '/api/health', headers: { host } })).statusCode).toBe(200);
    });
  });

  describe('upload size limits', () => {
    it('answers 413 to an import whose declared length is over the limit, before reading it', async () => {
      const res = await postStreaming(`${base}/api/import/ticks?format=ndjson`, { 'content-type': 'application/x-ndjson', 'content-length': String(1 << 30) }, Buffer.from(ndjson('BTCUSDT', 100)), 1 << 30);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body).error).toEqual({ code: 'payload_too_large', message: expect.stringContaining(`${LIMIT} bytes`) });
      expect(res.sent).toBeLessThan(64 * LIMIT);
      expect(await engine.store.ticks.tickCount()).toBe(0);
    });

    it('answers 413 to a chunked import that grows past the limit, and stores none of it', async () => {
      // Valid rows all the way: only the size is wrong. The sender would go on to 1 GiB.
      const chunk = Buffer.from(ndjson('BTCUSDT', 200));
      const res = await postStreaming(`${base}/api/import/ticks?format=ndjson`, { 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' }, chunk, 1 << 30);
      expect(res.status, res.body).toBe(413);
      expect(JSON.parse(res.body).error.code).toBe('payload_too_large');
      expect(res.sent).toBeLessThan(1 << 30);
      expect(await engine.store.ticks.tickCount()).toBe(0);
    });

    it('answers 413 to a chunked OHLC CSV that grows past the limit, and stays up', async () => {
      let minute = 0;
      const rows = function* (): Generator<Buffer> {
        for (;;) {
          let text = '';
          for (let i = 0; i < 100; i++, minute++) text += `${1_700_000_040 + minute * 60},1,2,0.5,1.5,10\n`;
          yield Buffer.from(text);
        }
      };
      const ohlc = await postStreaming(`${base}/api/import/ohlc?symbol=BTCUSDT&tf=1m`, { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' }, rows(), 1 << 30);
      expect(ohlc.status, ohlc.body).toBe(413);
      expect(await engine.store.bars.queryBars({ symbol: 'BTCUSDT', tf: '1m', limit: 10 })).toEqual([]);
      expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    });

    it('answers a CSV that is both bad and too large with 400 or 413, and the rest of its body does not crash the server', async () => {
      // A bad row early ends the reading; the body goes on past the limit. Reading the rest
      // used to raise the size error outside any handler and kill the process.
      const ohlc = await postStreaming(`${base}/api/import/ohlc?symbol=BTCUSDT&tf=1m`, { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' }, Buffer.from('2024-01-01T00:00:00Z,1,1,1,1,1\n'.repeat(100)), 1 << 30);
      // Which answer comes first depends on how far the reader got: either names the problem.
      expect([400, 413]).toContain(ohlc.status);
      expect(JSON.parse(ohlc.body).error.message).toMatch(ohlc.status === 400 ? /row 2/ : /import limit/);
      await new Promise((r) => setTimeout(r, 200));
      expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    });

    it('imports a file just under the limit', async () => {
      const body = ndjson('SOLUSDT', 400);
      expect(body.length).toBeLessThan(LIMIT);
      const res = await fetch(`${base}/api/import/ticks?format=ndjson`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { inserted: number }).inserted).toBe(400);
    });

    it('answers 413 to a JSON body over 1 MiB on the other routes', async () => {
      const big = JSON.stringify({ name: 'x'.repeat(2 << 20) });
      for (const url of ['/api/alerts/rules', '/api/backtest', '/api/ingestion/start']) {
        const res = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: big });
        expect(res.statusCode, url).toBe(413);
        expect(res.json()).toMatchObject({ status: 413, code: 'payload_too_large', detail: `the body is larger than this route's limit of ${1 << 20} bytes` });
      }
    });
  });

  describe('files named by a request', () => {
    const start = (path: string) => app.inject({ method: 'POST', url: '/api/ingestion/start', payload: { source: 'replay', symbols: ['BTCUSDT'], path, speed: 'max' } });

    it.each([
      ['../outside/secret.ndjson', /contains '\.\.'/],
      ['nested/../../outside/secret.ndjson', /contains '\.\.'/],
      ['..\\outside\\secret.ndjson', /contains '\.\.'/],
      ['link.ndjson', /leads outside the data directory .* symbolic link/],
      ['escape/secret.ndjson', /leads outside the data directory .* symbolic link/],
      ['ok.ndjson\0.csv', /NUL byte/],
      ['missing.ndjson', /does not exist in the data directory/],
      ['/etc/passwd', /is outside the data directory/],
    ])('refuses %j with 400 invalid_path naming it', async (path, why) => {
      const res = await start(path);
      expect(res.statusCode).toBe(400);
      const error = res.json().error as { code: string; message: string };
      expect(error.code).toBe('invalid_path');
      expect(error.message).toContain(path.replaceAll('\0', '\\0'));
      expect(error.message).toMatch(why);
      expect((await engine.status()).source).not.toBe('replay');
    });

    it('refuses an absolute path outside, and no ETHUSDT trade from it is ever stored', async () => {
      const res = await start(join(outside, 'secret.ndjson'));
      expect(res.statusCode).toBe(400);
      await engine.flush();
      expect((await engine.store.ticks.queryTicks({ symbol: 'ETHUSDT', limit: 10 })).length).toBe(0);
    });

    it.each(['ok.ndjson', 'nested/deep.ndjson'])('plays %s, relative to the data directory', async (path) => {
      const res = await start(path);
      expect(res.statusCode).toBe(200);
      await waitFor('the replay to be stored', async () => {
        await engine.flush();
        return (await engine.store.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 100 })).length >= 5;
      });
    });

    it('plays an absolute path inside the data directory', async () => {
      expect((await start(join(dataDir, 'ok.ndjson'))).statusCode).toBe(200);
    });

    it('gives only real paths inside the data directory for any path made of tricky segments (property)', () => {
      const segment = fc.oneof(fc.constantFrom('..', '.', '', 'ok.ndjson', 'nested', 'deep.ndjson', 'escape', 'link.ndjson', 'secret.ndjson', 'outside', '%2e%2e', '..\\', '\0', '~', dataDir, outside), fc.string({ maxLength: 6 }));
      const path = fc.tuple(fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 6 }), fc.constantFrom('/', '\\', '//')).map(([abs, parts, sep]) => `${abs ? '/' : ''}${parts.join(sep)}`);
      const root = realpathSync(dataDir);
      let accepted = 0;
      fc.assert(
        fc.property(path, (p) => {
          let real: string;
          try {
            real = confineToDataDir(p, dataDir);
          } catch (e) {
            expect((e as { code?: string }).code, `${JSON.stringify(p)}: ${String(e)}`).toBe('invalid_path');
            return;
          }
          accepted++;
          expect(realpathSync(real)).toBe(real);
          expect(real === root || real.startsWith(`${root}/`), `${JSON.stringify(p)} → ${real}`).toBe(true);
        }),
        fuzzParams(fuzzRuns(500)),
      );
      expect(accepted).toBeGreaterThan(0);
    });

    it('gives the real path of a file, and refuses when the data directory is missing', () => {
      expect(confineToDataDir('ok.ndjson', dataDir)).toBe(join(dataDir, 'ok.ndjson'));
      expect(() => confineToDataDir('ok.ndjson', join(dir, 'no-such-dir'))).toThrow(/data directory .* does not exist/);
    });

    it.each(['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/assets/..%5c..%5c..%5cetc%5cpasswd', `/${'..%2f'.repeat(12)}etc/hostname`])(
      'serves no file outside the web root for %s',
      async (url) => {
        const res = await app.inject({ url });
        expect(res.body).not.toMatch(/root:|daemon:/);
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode === 200) expect(res.body).toContain('<title>Tandem</title>');
      },
    );
  });
});
