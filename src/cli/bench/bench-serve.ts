/**
 * Runs the built `tandem serve` as a child process for the load benchmarks and tests: its own
 * process, so its memory and event loop are measured apart from the load generator's, on a
 * free port with a throw-away database unless one is given.
 * @module
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-info.js';

/** A port that was free a moment ago (the OS picks it; it is released for the server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServeChildOptions {
  /** Arguments after `serve`, e.g. `['--source', 'binance', '--symbols', 'BTCUSDT']`. */
  readonly args?: readonly string[];
  /** Environment added to this process's, e.g. the fake Binance's URLs. */
  readonly env?: Readonly<Record<string, string>>;
  /** SQLite file (default: a new temp directory's `tandem.db`, removed by `stop()`). */
  readonly db?: string;
  /** Port (default: a free one). */
  readonly port?: number;
  /** How long to wait for /api/health (default 30 s). */
  readonly timeoutMs?: number;
  /** Node options before the script, e.g. `['--cpu-prof']` to profile the server. */
  readonly nodeArgs?: readonly string[];
}

export interface ServeChild {
  readonly url: string;
  readonly port: number;
  readonly db: string;
  readonly process: ChildProcess;
  output(): string;
  /** SIGTERM (then SIGKILL after 5 s); removes the temp directory if it made one. */
  stop(): Promise<void>;
  /** SIGKILL, no flush: a crash. Resolves when the process is gone. */
  kill(): Promise<void>;
}

export const MAIN_JS = join(PACKAGE_ROOT, 'dist', 'cli', 'main.js');

/** Starts `node dist/cli/main.js serve ...` and resolves once /api/health answers. */
export async function startServeChild(opts: ServeChildOptions = {}): Promise<ServeChild> {
  if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run "npm run build" first`);
  const port = opts.port ?? (await freePort());
  const dir = opts.db === undefined ? mkdtempSync(join(tmpdir(), 'tandem-serve-')) : null;
  const db = opts.db ?? join(dir!, 'tandem.db');
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), MAIN_JS, 'serve', '--port', String(port), '--db', db, ...(opts.args ?? [])], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Request lines at info would be measured too and pile up in `log`: warnings only, unless asked.
    env: { ...process.env, TANDEM_TOKEN: '', TANDEM_LOG_LEVEL: process.env['TANDEM_LOG_LEVEL'] ?? 'warn', ...opts.env },
  });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  // A benchmark or test that dies or times out must not leave its server running.
  const reap = (): void => void child.kill('SIGKILL');
  process.once('exit', reap);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', reap);
      resolve();
    }),
  );
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const served: ServeChild = {
    url,
    port,
    db,
    process: child,
    output: () => log,
    async stop() {
      if (!gone()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (dir !== null) rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      if (!gone()) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  while (Date.now() < deadline && !gone()) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return served;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await served.stop();
  throw new Error(`tandem serve did not answer /api/health (exit code ${String(child.exitCode)}); output:\n${log}`);
}

/** The server's own figures (GET /api/metrics). */
export interface ServerMetrics {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly eventLoopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly stream: { readonly clients: number; readonly pendingTotal: number; readonly pendingMax: number; readonly bufferedBytesTotal: number; readonly bufferedBytesMax: number; readonly dropped: number };
}

export async function serverMetrics(url: string): Promise<ServerMetrics> {
  const res = await fetch(`${url}/api/metrics`);
  if (!res.ok) throw new Error(`GET /api/metrics answered ${res.status}`);
  return (await res.json()) as ServerMetrics;
}
