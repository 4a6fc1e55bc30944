/**
 * Runs the real `./bin/tandem serve` as a child process on a free port with a throw-away
 * database, for the browser tests. The dashboard it serves is the built one in dist/web.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/cli/bench/bench-serve.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export { freePort } from '../../src/cli/bench/bench-serve.js';

export interface TandemServer {
  readonly url: string;
  /** Everything the server printed so far (every run, after a restart), for failure messages. */
  output(): string;
  /**
   * Stops the server process (SIGTERM, as an operator would) and starts a new one on the same
   * port and the same database, resolving once /api/health answers again.
   */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface TandemServerOptions {
  /** How long to wait for /api/health (default 30 s). */
  readonly timeoutMs?: number;
  /** Extra environment, e.g. `TANDEM_BINANCE_WS_URL` pointed at a fake exchange. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts `tandem serve --port <free> --db <tmp>/tandem.db` and waits until /api/health answers. */
export async function startTandemServer({ timeoutMs = 30_000, env = {} }: TandemServerOptions = {}): Promise<TandemServer> {
  for (const file of ['dist/cli/main.js', 'dist/web/index.html']) {
    if (!existsSync(join(REPO_ROOT, file))) throw new Error(`${file} is missing: run "npm run build" first (npm test does)`);
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const spawnServer = (): ChildProcess => {
    const proc = spawn(join(REPO_ROOT, 'bin', 'tandem'), ['serve', '--port', String(port), '--db', join(dir, 'tandem.db')], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TANDEM_TOKEN: '', ...env },
    });
    proc.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    return proc;
  };
  const waitHealthy = async (proc: ChildProcess): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) return false;
      try {
        const res = await fetch(`${url}/api/health`);
        if (res.ok) return true;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  };
  let child = spawnServer();
  const server: TandemServer = {
    url,
    output: () => log,
    restart: async () => {
      await stopChild(child);
      log += '\n--- restart ---\n';
      child = spawnServer();
      if (!(await waitHealthy(child))) throw new Error(`tandem serve did not answer /api/health within ${timeoutMs} ms after a restart (exit code ${child.exitCode}); output:\n${log}`);
    },
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (await waitHealthy(child)) return server;
  await server.stop();
  throw new Error(`tandem serve did not answer /api/health within ${timeoutMs} ms (exit code ${child.exitCode}); output:\n${log}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
