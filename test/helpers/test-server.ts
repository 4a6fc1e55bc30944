/**
 * A real Tandem server on 127.0.0.1 with a fresh SQLite file, for integration tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { buildServer } from '../../src/server/build-server.js';

export interface TestServer {
  readonly url: string;
  readonly wsUrl: string;
  readonly engine: LiveEngine;
  readonly app: FastifyInstance;
  readonly dbPath: string;
  close(): Promise<void>;
}

/** `dataDir`: the folder replay paths are confined to (default: the server's `data/`). */
export async function startTestServer(opts: { token?: string; dataDir?: string } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-it-'));
  const dbPath = join(dir, 'tandem.db');
  const engine = new LiveEngine({ dbPath, seed: 42 });
  const app = await buildServer({ engine, version: 'test', ...(opts.token ? { token: opts.token } : {}), ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: address,
    wsUrl: `${address.replace('http', 'ws')}/api/stream`,
    engine,
    app,
    dbPath,
    async close() {
      await app.close();
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function getJson<T = unknown>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

export async function postJson<T = unknown>(url: string, body: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}
