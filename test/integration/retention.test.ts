/**
 * Tick retention (`jobs/retention/`) on every store: ticks older than the horizon are gone,
 * newer ones and every bar remain, tick counts and symbol summaries agree with what is left,
 * a second run deletes nothing, and live appends during a run all commit. Then the route
 * (`POST /api/retention`) and the CLI (`tandem retain`). PostgreSQL is skipped outside CI
 * when it does not answer (test/helpers/postgres-service.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { JobPool } from '../../src/jobs/job-pool.js';
import { retainTicks } from '../../src/jobs/retention/tick-retention.js';
import type { Tick } from '../../src/model/tick.js';
import { buildServer } from '../../src/server/build-server.js';
import type { MarketStores } from '../../src/store/market-stores.js';
import { PostgresMarketStores } from '../../src/store/postgres/postgres-market-stores.js';
import { SqliteMarketStores } from '../../src/store/sqlite/sqlite-market-stores.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { dropSchemas, PG_URL, postgresAvailable, uniqueSchema } from '../helpers/postgres-service.js';
import { waitFor } from '../helpers/wait-for.js';
import { bar, tick } from './store-contract/store-contract.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HORIZON = 2 * DAY;

const dir = mkdtempSync(join(tmpdir(), 'tandem-retention-'));
const available = await postgresAvailable();
const prefix = uniqueSchema('retention');
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (available) await dropSchemas(prefix);
});

/**
 * BTCUSDT: 12,000 ticks over the last 5 days (two sources), none within an hour of the cutoff
 * a run started now computes, so which ticks are old does not depend on the test's speed;
 * ETHUSDT: 3,000 ticks all older than 3 days; SOLUSDT: 500 ticks of the last day.
 */
function fixture(now: number): { ticks: Tick[]; old: Map<string, number> } {
  const cutoff = now - HORIZON;
  const ticks: Tick[] = [];
  const start = now - 5 * DAY;
  for (let i = 0; i < 12_000; i++) {
    const ts = start + Math.floor((i * (5 * DAY - 60_000)) / 12_000);
    if (Math.abs(ts - cutoff) < HOUR) continue;
    ticks.push(tick('BTCUSDT', 1_000_000 + i, ts, 60_000 + (i % 100), i % 5 === 0 ? 'simulator' : 'binance'));
  }
  for (let i = 0; i < 3_000; i++) ticks.push(tick('ETHUSDT', 500 + i, now - 4 * DAY + i * 1_000, 3_000));
  for (let i = 0; i < 500; i++) ticks.push(tick('SOLUSDT', 9 + i, now - DAY + i * 10_000, 150));
  const old = new Map<string, number>([['BTCUSDT', 0], ['ETHUSDT', 0], ['SOLUSDT', 0]]);
  for (const t of ticks) if (t.ts < cutoff) old.set(t.symbol, old.get(t.symbol)! + 1);
  return { ticks, old };
}

async function allTicks(stores: MarketStores, symbol: string): Promise<Tick[]> {
  const out: Tick[] = [];
  for await (const page of stores.ticks.streamTicks({ symbol })) out.push(...page);
  return out;
}

async function seed(stores: MarketStores): Promise<{ ticks: Tick[]; old: Map<string, number>; bars: number }> {
  const f = fixture(Date.now());
  for (let i = 0; i < f.ticks.length; i += 4_000) await stores.ticks.appendTicks(f.ticks.slice(i, i + 4_000));
  const old = f.ticks.filter((t) => t.symbol === 'ETHUSDT');
  const bars = Array.from({ length: 50 }, (_, i) => bar('ETHUSDT', '1m', Math.floor(old[0]!.ts / 60_000) * 60_000 + i * 60_000, 3_000 + i));
  await stores.bars.upsertBars(bars);
  return { ...f, bars: bars.length };
}

function retentionContract(name: string, open: () => Promise<MarketStores>): void {
  describe(`tick retention on ${name}`, () => {
    it('deletes the ticks older than the horizon, keeps newer ticks and every bar, and keeps counts right', async () => {
      const stores = await open();
      const pool = new JobPool({ workers: 1, maxQueue: 1 });
      try {
        const { ticks, old, bars } = await seed(stores);
        const r = await retainTicks(pool, stores, Date.now() - HORIZON);
        expect(r.symbols).toEqual([...old].map(([symbol, deleted]) => ({ symbol, deleted })));
        expect(r.deleted).toBe(old.get('BTCUSDT')! + 3_000);
        expect(old.get('BTCUSDT')).toBeGreaterThan(5_000); // more than one batch

        const kept = ticks.filter((t) => t.ts >= r.cutoff);
        const btc = await allTicks(stores, 'BTCUSDT');
        expect(btc.length).toBe(kept.filter((t) => t.symbol === 'BTCUSDT').length);
        expect(Math.min(...btc.map((t) => t.ts))).toBeGreaterThanOrEqual(r.cutoff);
        expect(await allTicks(stores, 'ETHUSDT')).toEqual([]);
        expect((await allTicks(stores, 'SOLUSDT')).length).toBe(500);
        expect(await stores.ticks.tickCount()).toBe(kept.length);
        const firstBtc = Math.min(...kept.filter((t) => t.symbol === 'BTCUSDT').map((t) => t.ts));
        const summaries = await stores.ticks.symbolSummaries();
        expect(summaries.map((s) => [s.symbol, s.ticks, s.firstTs])).toEqual([
          ['BTCUSDT', btc.length, firstBtc],
          ['SOLUSDT', 500, ticks.find((t) => t.symbol === 'SOLUSDT')!.ts],
        ]);
        expect((await stores.bars.queryBars({ symbol: 'ETHUSDT', tf: '1m' as never, limit: 1_000 })).length).toBe(bars);

        const again = await retainTicks(pool, stores, Date.now() - HORIZON);
        expect(again.deleted).toBe(0);
        expect(again.symbols).toEqual([
          { symbol: 'BTCUSDT', deleted: 0 },
          { symbol: 'SOLUSDT', deleted: 0 },
        ]);
      } finally {
        await pool.close();
        await stores.close();
      }
    });

    it('lets live appends commit while it deletes', async () => {
      const stores = await open();
      const pool = new JobPool({ workers: 1, maxQueue: 1 });
      const writer = stores.openTickWriter();
      try {
        const { ticks } = await seed(stores);
        const now = Date.now();
        const live = Array.from({ length: 40 }, (_, b) => Array.from({ length: 250 }, (_, i) => tick('BTCUSDT', 5_000_000 + b * 250 + i, now + b * 250 + i, 61_000)));
        const appends = (async () => {
          let inserted = 0;
          for (const batch of live) inserted += (await writer.append(batch)).inserted;
          return inserted;
        })();
        const [r, inserted] = await Promise.all([retainTicks(pool, stores, now - HORIZON), appends]);
        expect(inserted).toBe(10_000);
        expect(await stores.ticks.tickCount()).toBe(ticks.length - r.deleted + 10_000);
      } finally {
        await writer.close();
        await pool.close();
        await stores.close();
      }
    });
  });
}

let n = 0;
retentionContract('a SQLite file (job lane)', () => Promise.resolve(SqliteMarketStores.open(join(dir, `store-${++n}.db`))));
retentionContract('SQLite :memory: (slices on the event loop)', () => Promise.resolve(SqliteMarketStores.open(':memory:')));
if (available) {
  retentionContract('PostgreSQL (day partitions dropped, boundary day in batches)', () => PostgresMarketStores.open({ url: PG_URL, schema: `${prefix}_${++n}` }));

  describe('tick retention on PostgreSQL, its partitions and stats', () => {
    it('drops whole days before the cutoff, and tick_stats matches the ticks left', async () => {
      const stores = await PostgresMarketStores.open({ url: PG_URL, schema: `${prefix}_stats` });
      const pool = new JobPool({ workers: 1, maxQueue: 1 });
      try {
        await seed(stores);
        const r = await retainTicks(pool, stores, Date.now() - HORIZON);
        expect(r.partitionsDropped).toBeGreaterThanOrEqual(2);
        const stats = await stores.pool.query('SELECT symbol, source, n, first_ts, last_ts FROM tick_stats ORDER BY symbol, source');
        const actual = await stores.pool.query('SELECT symbol, source, count(*)::bigint AS n, min(ts) AS first_ts, max(ts) AS last_ts FROM ticks GROUP BY symbol, source ORDER BY symbol, source');
        expect(stats.rows).toEqual(actual.rows);
        // A tick for a dropped day is still accepted: its partition is made again.
        expect(await stores.ticks.appendTicks([tick('BTCUSDT', 42, Date.now() - 4 * DAY)])).toEqual({ inserted: 1, duplicates: 0 });
      } finally {
        await pool.close();
        await stores.close();
      }
    });
  });
}

if (available) {
  describe('two servers pruning one PostgreSQL schema at once', () => {
    it('delete every old tick once between them, and tick_stats stays right', async () => {
      const schema = `${prefix}_twice`;
      const [a, b] = [await PostgresMarketStores.open({ url: PG_URL, schema }), await PostgresMarketStores.open({ url: PG_URL, schema })];
      const pool = new JobPool({ workers: 1, maxQueue: 2 });
      try {
        const { old } = await seed(a);
        const cutoff = Date.now() - HORIZON;
        const [ra, rb] = await Promise.all([retainTicks(pool, a, cutoff), retainTicks(pool, b, cutoff)]);
        expect(ra.deleted + rb.deleted).toBe([...old.values()].reduce((x, y) => x + y, 0));
        const stats = await a.pool.query('SELECT symbol, source, n, first_ts FROM tick_stats ORDER BY symbol, source');
        const actual = await a.pool.query('SELECT symbol, source, count(*)::bigint AS n, min(ts) AS first_ts FROM ticks GROUP BY symbol, source ORDER BY symbol, source');
        expect(stats.rows).toEqual(actual.rows);
      } finally {
        await pool.close();
        await Promise.all([a.close(), b.close()]);
      }
    });
  });
}

describe('POST /api/retention', () => {
  it('deletes once and answers the counts per symbol; a bad horizon is a 400 naming it', async () => {
    const engine = new LiveEngine({ dbPath: join(dir, 'api.db'), seed: 1 });
    const app = await buildServer({ engine, version: 'test', jobs: { workers: 1 } });
    try {
      const { old } = await seed(engine.store);
      const res = await app.inject({ method: 'POST', url: '/api/retention', payload: { olderThan: '2d' } });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ deleted: number; symbols: { symbol: string; deleted: number }[] }>();
      expect(body.symbols).toEqual([...old].map(([symbol, deleted]) => ({ symbol, deleted })));
      for (const bad of ['2 weeks', '0', '400d']) {
        const refused = await app.inject({ method: 'POST', url: '/api/retention', payload: { olderThan: bad } });
        expect(refused.statusCode).toBe(400);
        expect(refused.json<{ error: { message: string } }>().error.message).toContain(`olderThan '${bad}'`);
      }
      const unknown = await app.inject({ method: 'POST', url: '/api/retention', payload: { olderThan: '2d', dryRun: true } });
      expect(unknown.statusCode).toBe(400);
    } finally {
      await app.close();
      await engine.close();
    }
  });
});

describe('serve --retain-ticks (buildServer retainTicks)', () => {
  it('prunes on its own shortly after start, and again on the interval', async () => {
    const engine = new LiveEngine({ dbPath: join(dir, 'schedule.db'), seed: 1 });
    const results: number[] = [];
    const { ticks, old } = await seed(engine.store);
    const app = await buildServer({ engine, version: 'test', jobs: { workers: 1 }, retainTicks: { horizonMs: HORIZON, firstDelayMs: 10, intervalMs: 50, onResult: (r) => results.push(r.deleted) } });
    try {
      await waitFor('the first scheduled run', () => results.length > 0, 15_000);
      expect(results[0]).toBe(old.get('BTCUSDT')! + old.get('ETHUSDT')!);
      expect(await engine.store.ticks.tickCount()).toBe(ticks.length - results[0]!);
      // A tick that ages past the horizon after start goes in a later run.
      await engine.store.ticks.appendTicks([tick('SOLUSDT', 1, Date.now() - 3 * DAY)]);
      await waitFor('a later scheduled run', () => results.length > 1, 15_000);
      expect(results[1]).toBe(1);
    } finally {
      await app.close();
      await engine.close();
    }
  });
});

function tandem(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(join(REPO_ROOT, 'bin', 'tandem'), args, { cwd: REPO_ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('tandem retain', () => {
  it('deletes from a SQLite file and prints the count per symbol', async () => {
    const db = join(dir, 'cli.db');
    const stores = SqliteMarketStores.open(db);
    const { old } = await seed(stores);
    await stores.close();
    const run = await tandem('retain', '--older-than', '2d', '--db', db);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const [symbol, deleted] of old) expect(run.stdout).toMatch(new RegExp(`${symbol}\\s+${deleted.toLocaleString('en-US')} deleted`));
    const json = await tandem('retain', '--older-than', '2d', '--db', db, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ deleted: 0 });
  });

  it('names a bad horizon', async () => {
    const run = await tandem('retain', '--older-than', 'forever', '--db', join(dir, 'cli.db'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--older-than 'forever' is not <n><unit> with unit m, h or d/);
  });

  it('serve refuses a bad --retain-ticks before it listens', async () => {
    const run = await tandem('serve', '--retain-ticks', '0', '--port', '0', '--db', join(dir, 'serve.db'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--retain-ticks '0' must be longer than 0/);
  });
});
