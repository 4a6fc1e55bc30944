/**
 * Logging (docs/operations.md): a server logs JSON lines through the root pino logger with
 * secrets masked, gives every request an id (the caller's `x-request-id` when sane) that comes
 * back in the response header and in its log lines, and logs a 500 with its stack and that id,
 * which the reply names. The built CLI logs JSON by default, honours `--log-level`, and refuses
 * a level it does not know.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentLogger, rootLogger, setRootLogger, type Logger } from '../../src/core/logger.js';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { buildServer } from '../../src/server/build-server.js';
import { createRootLogger } from '../../src/server/logging/root-logger.js';
import { freePort } from '../../src/cli/bench/bench-serve.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { waitFor } from '../helpers/wait-for.js';

const TOKEN = 'tok-3f9c2a7d1e-not-in-any-log';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type LogLine = Record<string, unknown> & { level: number; msg?: string; reqId?: string };

/** A pino destination that keeps every line. */
function capture(): { stream: DestinationStream; raw: string[]; lines: () => LogLine[] } {
  const raw: string[] = [];
  return { stream: { write: (s: string) => void raw.push(s) }, raw, lines: () => raw.map((l) => JSON.parse(l) as LogLine) };
}

describe('a server logging through the root logger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-log-'));
  const out = capture();
  let previousRoot: Logger;
  let engine: LiveEngine;
  let app: FastifyInstance;
  let url: string;
  const auth = { authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    // Debug, so the arrival of each request is logged too (the stream's upgrade has no completion line).
    const root = await createRootLogger({ level: 'debug', destination: out.stream });
    previousRoot = rootLogger();
    setRootLogger(root);
    engine = new LiveEngine({ dbPath: join(dir, 'tandem.db'), seed: 42 });
    app = await buildServer({ engine, version: 'test', logger: root, token: TOKEN });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await app.close();
    await engine.close().catch(() => undefined);
    setRootLogger(previousRoot);
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes JSON lines that never contain the token, from the URL, the Authorization header or a field', async () => {
    expect((await fetch(`${url}/api/health?token=${TOKEN}`)).status).toBe(200);
    expect((await fetch(`${url}/api/status`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${url}/api/health`, { headers: { authorization: `Bearer ${TOKEN}-wrong` } })).status).toBe(401);
    // The stream's upgrade request carries the token in its URL too.
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/stream?token=${TOKEN}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.close();
    componentLogger('test').info({ token: TOKEN, password: TOKEN, nested: { token: TOKEN }, headers: { authorization: TOKEN, cookie: TOKEN } }, 'fields that hold secrets');
    await waitFor('the request lines', () => out.lines().filter((l) => l.msg === 'request completed').length >= 3);
    for (const line of out.raw) expect(line).not.toContain(TOKEN);
    const lines = out.lines();
    const health = lines.find((l) => l.msg === 'request completed' && (l['req'] as { url: string }).url.startsWith('/api/health?'));
    expect((health?.['req'] as { url: string }).url).toBe('/api/health?token=[REDACTED]');
    expect((health?.['res'] as { statusCode: number }).statusCode).toBe(200);
    const upgrade = lines.find((l) => l.msg === 'incoming request' && (l['req'] as { url: string }).url.startsWith('/api/stream'));
    expect((upgrade?.['req'] as { url: string }).url).toBe('/api/stream?token=[REDACTED]');
    const secrets = lines.find((l) => l.msg === 'fields that hold secrets');
    expect(secrets).toMatchObject({ component: 'test', token: '[REDACTED]', password: '[REDACTED]', nested: { token: '[REDACTED]' }, headers: { authorization: '[REDACTED]', cookie: '[REDACTED]' } });
  });

  it("echoes a caller's x-request-id, generates one when there is none, and logs the request under it", async () => {
    const given = await fetch(`${url}/api/health`, { headers: { ...auth, 'x-request-id': 'client-req-42' } });
    expect(given.headers.get('x-request-id')).toBe('client-req-42');
    const fresh = await fetch(`${url}/api/health`, { headers: auth });
    const id = fresh.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    const refused = await fetch(`${url}/api/health`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toMatch(UUID);
    await waitFor('both request lines', () => ['client-req-42', id].every((r) => out.lines().some((l) => l.reqId === r && l.msg === 'request completed')));
  });

  it('logs ingestion state changes as events', async () => {
    await engine.startIngestion({ source: 'simulator', symbols: ['BTCUSDT'] });
    await engine.stopIngestion();
    const events = out.lines().filter((l) => l['event'] === 'ingestion_state').map((l) => `${String(l['from'])}→${String(l['to'])}`);
    expect(events).toEqual(['idle→starting', 'starting→live', 'live→stopping', 'stopping→idle']);
    expect(out.lines().find((l) => l['event'] === 'ingestion_state')).toMatchObject({ component: 'ingest', source: 'simulator', level: 30 });
  });

  it('logs a 500 at error level with its stack and request id, and names that id in the reply', async () => {
    // A closed store makes /api/status fail the way a lost database would.
    await engine.store.close();
    const res = await fetch(`${url}/api/status`, { headers: { ...auth, 'x-request-id': 'trace-500' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('x-request-id')).toBe('trace-500');
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 500, code: 'internal', detail: 'internal error; request id trace-500', error: { code: 'internal', message: 'internal error; request id trace-500' } });
    const line = await waitFor('the error line', () => out.lines().find((l) => l.level === 50 && l.reqId === 'trace-500'));
    const err = line['err'] as { message: string; stack: string };
    expect(err.message).toMatch(/not open|closed/);
    expect(err.stack).toMatch(/\n\s+at /);
    expect(line['statusCode']).toBe(500);
  });
});

describe('Binance feed events', () => {
  it('logs each reconnect as a feed_reconnect event with its reason', async () => {
    const out = capture();
    const previousRoot = rootLogger();
    setRootLogger(await createRootLogger({ level: 'info', destination: out.stream }));
    const dir = mkdtempSync(join(tmpdir(), 'tandem-log-feed-'));
    // A port nothing listens on: every connection is refused, as offline.
    const engine = new LiveEngine({
      dbPath: join(dir, 'tandem.db'),
      env: { TANDEM_BINANCE_WS_URL: 'ws://127.0.0.1:9', TANDEM_BINANCE_REST_URL: 'http://127.0.0.1:9' },
      sources: { binance: { backoff: { baseMs: 20, capMs: 50 } } },
    });
    try {
      await engine.startIngestion({ source: 'binance', symbols: ['BTCUSDT'] });
      const reconnects = await waitFor('two reconnect events', () => {
        const r = out.lines().filter((l) => l['event'] === 'feed_reconnect');
        return r.length >= 2 ? r : undefined;
      });
      expect(reconnects[0]).toMatchObject({ level: 40, component: 'ingest', symbols: ['BTCUSDT'], reconnects: 1 });
      expect(String(reconnects[0]!['reason'])).toMatch(/ECONNREFUSED|socket error/);
      expect(reconnects[1]!['reconnects']).toBe(2);
    } finally {
      await engine.close();
      setRootLogger(previousRoot);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface CliRun {
  readonly kill: () => void;
  readonly done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts the built CLI (`npm test` builds first) with a clean log level unless `env` sets one. */
function startCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): CliRun {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'tandem'), ...args], { cwd: REPO_ROOT, env: { ...process.env, TANDEM_LOG_LEVEL: '', TANDEM_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return { kill: () => void child.kill('SIGTERM'), done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr }))) };
}

/** Runs the built `tandem serve` on a free port, requests `paths` once it answers, and stops it. */
async function serveAndRequest(extraArgs: readonly string[], paths: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-log-cli-'));
  const port = await freePort();
  const run = startCli(['serve', '--port', String(port), '--db', join(dir, 't.db'), ...extraArgs], env);
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor('tandem serve to answer', async () => (await fetch(`${base}/api/health`)).ok, 20_000);
    for (const p of paths) expect((await fetch(`${base}${p}`)).status).toBe(200);
  } finally {
    run.kill();
  }
  const result = await run.done;
  rmSync(dir, { recursive: true, force: true });
  return result;
}

const jsonLines = (text: string): LogLine[] => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as LogLine);

describe('./bin/tandem logging', () => {
  it('writes JSON lines to stdout at info by default: the listening line, each request, the shutdown', async () => {
    const r = await serveAndRequest([], ['/api/status?limit=1']);
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines.every((l) => typeof l.level === 'number' && typeof l['time'] === 'number')).toBe(true);
    expect(lines.find((l) => l['event'] === 'listening')?.msg).toMatch(/dashboard and API on http:\/\/127\.0\.0\.1:\d+/);
    expect(lines.find((l) => l.msg === 'request completed' && (l['req'] as { url: string }).url === '/api/status?limit=1')?.reqId).toMatch(UUID);
    expect(lines.some((l) => l['event'] === 'shutdown')).toBe(true);
  });

  it('writes nothing below warn with --log-level warn', async () => {
    const r = await serveAndRequest(['--log-level', 'warn'], ['/api/status']);
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout).filter((l) => l.level < 40)).toEqual([]);
  });

  it('takes the level from TANDEM_LOG_LEVEL, and the flag over it', async () => {
    const fromEnv = await serveAndRequest([], ['/api/status'], { TANDEM_LOG_LEVEL: 'warn' });
    expect(jsonLines(fromEnv.stdout).filter((l) => l.level < 40)).toEqual([]);
    const flagWins = await serveAndRequest(['--log-level', 'info'], ['/api/status'], { TANDEM_LOG_LEVEL: 'warn' });
    expect(jsonLines(flagWins.stdout).some((l) => l.msg === 'request completed')).toBe(true);
  });

  it('refuses an unknown TANDEM_LOG_LEVEL at start, naming it', async () => {
    const r = await startCli(['serve', '--port', '0'], { TANDEM_LOG_LEVEL: 'loud' }).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/TANDEM_LOG_LEVEL.*trace, debug, info, warn, error, fatal, silent/);
    expect(r.stderr).toMatch(/loud/);
  });

  it('refuses an unknown --log-level at start, naming it, for serve and ingest alike', async () => {
    for (const args of [['serve', '--port', '0'], ['ingest', '--source', 'sim', '--bus', 'redis']]) {
      const r = await startCli([...args, '--log-level', 'verbose']).done;
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/--log-level 'verbose' is not a log level/);
      expect(r.stdout).toBe('');
    }
  });
});
