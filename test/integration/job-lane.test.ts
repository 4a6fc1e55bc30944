/**
 * The job lane (DESIGN.md, "Two lanes"): heavy requests run on worker threads, so the live
 * lane keeps answering; a full lane answers 503 with Retry-After; a client that goes away
 * frees its worker.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { get, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tickCsv } from '../../src/engine/csv-export.js';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { BasketModel } from '../../src/ingest/simulator/basket-model.js';
import type { JobPoolOptions } from '../../src/jobs/job-pool.js';
import { buildServer } from '../../src/server/build-server.js';
import { waitFor } from '../helpers/wait-for.js';

const TICKS = 1_000_000;

interface Served {
  readonly url: string;
  readonly engine: LiveEngine;
  readonly app: FastifyInstance;
}

async function serve(dbPath: string, jobs: JobPoolOptions): Promise<Served> {
  const engine = new LiveEngine({ dbPath, seed: 42 });
  const app = await buildServer({ engine, version: 'test', jobs });
  return { url: await app.listen({ host: '127.0.0.1', port: 0 }), engine, app };
}

async function sha256(chunks: AsyncIterable<Uint8Array | string>): Promise<{ hash: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const c of chunks) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    bytes += b.byteLength;
    h.update(b);
  }
  return { hash: h.digest('hex'), bytes };
}

describe('the job lane', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-jobs-it-'));
  const dbPath = join(dir, 'tandem.db');
  let expected: { hash: string; bytes: number };

  beforeAll(async () => {
    const seeding = new LiveEngine({ dbPath, seed: 1 });
    const model = new BasketModel({ symbols: ['BTCUSDT'], seed: 3, startMs: 1_795_000_000_000, tradesPerSecond: 1000 });
    let stored = 0;
    for (let t = 1_795_000_000_000; stored < TICKS; t += 100_000) {
      const batch = model.advanceTo(t + 100_000).slice(0, TICKS - stored);
      await seeding.store.ticks.appendTicks(batch);
      stored += batch.length;
    }
    // The main-thread generator the export used before: the worker must give the same bytes.
    expected = await sha256(tickCsv(seeding.store.ticks, { symbol: 'BTCUSDT' }));
    await seeding.close();
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps /api/health answering while a 1M-tick export streams, and the export is byte-correct', async () => {
    const s = await serve(dbPath, {});
    try {
      let worst = 0;
      let polls = 0;
      let exporting = true;
      const poller = (async () => {
        while (exporting) {
          const t0 = performance.now();
          const res = await fetch(`${s.url}/api/health`);
          await res.arrayBuffer();
          worst = Math.max(worst, performance.now() - t0);
          polls++;
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      const res = await fetch(`${s.url}/api/export/ticks.csv?symbol=BTCUSDT`);
      expect(res.status).toBe(200);
      const got = await sha256(res.body!);
      exporting = false;
      await poller;
      console.log(`exported ${(got.bytes / 2 ** 20).toFixed(1)} MiB; ${polls} health polls, slowest ${worst.toFixed(1)} ms`);
      expect(got).toEqual(expected);
      expect(polls).toBeGreaterThan(3);
      // Generous: before the job lane the loop stalled for seconds on a 1M-tick export.
      expect(worst).toBeLessThan(250);
    } finally {
      await s.app.close();
      await s.engine.close();
    }
  }, 120_000);

  it('answers 503 with Retry-After when the lane is full, and a cancelled export frees its worker', async () => {
    const s = await serve(dbPath, { workers: 1, maxQueue: 0 });
    try {
      const url = `${s.url}/api/export/ticks.csv?symbol=BTCUSDT`;
      // A client that reads nothing, then goes away (a socket destroyed mid-response).
      const held = await new Promise<ClientRequest & { status?: number }>((resolve, reject) => {
        const req = get(url, (res) => resolve(Object.assign(req, { status: res.statusCode }))).on('error', reject);
      });
      expect(held.status).toBe(200);
      // The first export is not read: its worker waits for credits, holding the only slot.
      const refused = await fetch(url);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('busy');
      // The Parquet and Arrow exports share the lane, and are refused before any byte too.
      for (const other of ['ticks.parquet?symbol=BTCUSDT', 'bars.arrow?symbol=BTCUSDT&tf=1m']) {
        const res = await fetch(`${s.url}/api/export/${other}`);
        expect(res.status, other).toBe(503);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('busy');
      }
      held.destroy();
      await waitFor('the cancelled export to free its worker', async () => {
        const res = await fetch(`${s.url}/api/export/ticks.csv?symbol=BTCUSDT&from=0&to=1000`);
        await res.arrayBuffer();
        return res.status === 200;
      }, 20_000);

    } finally {
      await s.app.close();
      await s.engine.close();
    }
  }, 120_000);
});
