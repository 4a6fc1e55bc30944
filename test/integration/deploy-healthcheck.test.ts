/**
 * The container's health check, `deploy/healthcheck.mjs` (the Dockerfile's HEALTHCHECK and
 * compose.yaml's), against a real server that requires a token, as the image's does: it must
 * pass with the token, and fail, saying why, with a wrong one or with nothing listening.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/golden.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const SCRIPT = join(REPO_ROOT, 'deploy', 'healthcheck.mjs');
const TOKEN = 'health-check-token-0123456789';

/** Runs the script as Docker would (the server is in this process, so not with spawnSync). */
async function check(env: Readonly<Record<string, string>>): Promise<{ code: number; stderr: string }> {
  try {
    await promisify(execFile)(process.execPath, [SCRIPT], { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 15_000 });
    return { code: 0, stderr: '' };
  } catch (e) {
    const err = e as { code?: number; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stderr: err.stderr ?? '' };
  }
}

/** A port nothing listens on: one the kernel handed out and that was closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('deploy/healthcheck.mjs', () => {
  let server: TestServer;
  let port: string;
  beforeAll(async () => {
    server = await startTestServer({ token: TOKEN });
    port = new URL(server.url).port;
  });
  afterAll(async () => server.close());

  it('passes when the server answers /api/health to the token', async () => {
    expect(await check({ TANDEM_PORT: port, TANDEM_TOKEN: TOKEN })).toEqual({ code: 0, stderr: '' });
  });

  it('fails, naming the status, when the token is wrong or missing', async () => {
    const envs: Record<string, string>[] = [{ TANDEM_PORT: port, TANDEM_TOKEN: 'wrong' }, { TANDEM_PORT: port }];
    for (const env of envs) {
      const r = await check(env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`http://127.0.0.1:${port}/api/health answered 401`);
    }
  });

  it('fails, saying it is unreachable, when nothing listens on the port', async () => {
    const r = await check({ TANDEM_PORT: String(await closedPort()), TANDEM_TOKEN: TOKEN });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unreachable: ECONNREFUSED/);
  });

  it('fails within its timeout when the server accepts but does not answer', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const r = await check({ TANDEM_PORT: String((silent.address() as { port: number }).port), TANDEM_HEALTH_TIMEOUT_MS: '300' });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/unreachable: .*(aborted|timeout)/i);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      silent.close();
    }
  });
});
