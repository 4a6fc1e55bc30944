/**
 * Measures tick retention on SQLite (docs/reliability.md, "Retention"): `npx tsx
 * scripts/measure-retention.ts [ticks]` (default 1,000,000) fills a file with simulated ticks of
 * four symbols and deletes the older half (1) batch by batch on one connection, timing each
 * 5,000-row transaction (how long it holds SQLite's write lock), then (2) through `retainTicks`
 * on the job lane while the live writer thread appends a batch every 100 ms, reporting the main
 * thread's event-loop delay and how long live commits waited. With `TANDEM_PG_URL` set, (3) the
 * same number of ticks spread over 10 days in a PostgreSQL schema of its own (dropped after),
 * pruned at day 5.5: whole day partitions dropped, the boundary half-day in batches.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PostgresMarketStores } from '../src/store/postgres/postgres-market-stores.js';
import { BasketModel } from '../src/ingest/simulator/basket-model.js';
import { JobPool } from '../src/jobs/job-pool.js';
import { retainTicks } from '../src/jobs/retention/tick-retention.js';
import { SqliteTickRetention } from '../src/jobs/retention/sqlite-tick-retention.js';
import { SqliteMarketStores } from '../src/store/sqlite/sqlite-market-stores.js';

const N = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'ret-'));
const START = 1_795_000_000_000;
function fill(path: string): number {
  const s = SqliteMarketStores.open(path);
  const model = new BasketModel({ symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'], seed: 3, startMs: START, tradesPerSecond: 400 });
  let n = 0; let last = START;
  for (let t = START; n < N; t += 30_000) { const b = model.advanceTo(t + 30_000).slice(0, N - n); n += b.length; s.sqlite.ticks.appendTicksSync(b); if (b.length) last = b[b.length - 1]!.ts; }
  void s.close();
  return last;
}
// (1) batch durations on one connection (how long a batch holds the write lock)
const a = join(dir, 'a.db');
const lastA = fill(a);
const cutoff = START + (lastA - START) / 2;
const db = new Database(a); db.pragma('busy_timeout = 5000');
const r = new SqliteTickRetention(db);
const times: number[] = [];
let total = 0;
const t0 = performance.now();
for (const sym of r.symbols()) for (;;) { const t = performance.now(); const n = r.deleteBatch(sym, cutoff); times.push(performance.now() - t); total += n; if (n < 5000) break; }
const wall = performance.now() - t0;
times.sort((x, y) => x - y);
console.log(`direct: deleted ${total} in ${times.length} batches, ${wall.toFixed(0)} ms; batch ms median ${times[times.length >> 1]!.toFixed(1)} p99 ${times[Math.floor(times.length * 0.99)]!.toFixed(1)} max ${times[times.length - 1]!.toFixed(1)}; ${(total / (wall / 1000)).toFixed(0)} ticks/s`);
db.close();
// (2) job lane: event-loop delay on the main thread and live appends meanwhile
const b = join(dir, 'b.db');
const lastB = fill(b);
const stores = SqliteMarketStores.open(b);
const writer = stores.openTickWriter();
const pool = new JobPool({ workers: 1 });
await writer.append(new BasketModel({ symbols: ['BTCUSDT'], seed: 1, startMs: lastB + 1, tradesPerSecond: 10 }).advanceTo(lastB + 900).slice(0, 1));
await retainTicks(pool, stores, 0); // warm: the worker threads are up
const base = monitorEventLoopDelay({ resolution: 1 });
const h = monitorEventLoopDelay({ resolution: 1 });
const model = new BasketModel({ symbols: ['BTCUSDT'], seed: 9, startMs: lastB + 1000, tradesPerSecond: 2000 });
let live = true; let appended = 0; const waits: number[] = [];
const appender = (async () => { let t = lastB + 1000; while (live) { t += 100; const batch = model.advanceTo(t); const w0 = performance.now(); appended += (await writer.append(batch)).inserted; waits.push(performance.now() - w0); await new Promise((res) => setTimeout(res, 100)); } })();
// Baseline: 3 s of live appends alone, then the same with retention running.
base.enable();
await new Promise((res) => setTimeout(res, 3_000));
base.disable();
h.enable();
const j0 = performance.now();
const res = await retainTicks(pool, stores, START + (lastB - START) / 2);
const jw = performance.now() - j0;
live = false; await appender; h.disable();
waits.sort((x, y) => x - y);
console.log(`job lane: deleted ${res.deleted} in ${jw.toFixed(0)} ms (${(res.deleted / (jw / 1000)).toFixed(0)} ticks/s, pauses included); main loop delay max ${(h.max / 1e6).toFixed(1)} ms p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms (appends alone before: max ${(base.max / 1e6).toFixed(1)} ms p99 ${(base.percentile(99) / 1e6).toFixed(1)} ms); live appends ${waits.length} batches (${appended} ticks), commit wait median ${waits[waits.length >> 1]!.toFixed(1)} ms top ${waits.slice(-4).map((w) => w.toFixed(0)).join(",")} ms, none failed`);
await writer.close(); await pool.close(); await stores.close();
rmSync(dir, { recursive: true, force: true });

// (3) PostgreSQL
const pgUrl = process.env['TANDEM_PG_URL'];
if (pgUrl !== undefined && pgUrl !== '') {
  const schema = `tandem_measure_retention_${process.pid}`;
  const pgStores = await PostgresMarketStores.open({ url: pgUrl, schema });
  try {
    const DAY = 86_400_000;
    const start = Math.floor(Date.now() / DAY) * DAY - 10 * DAY;
    const pgModel = new BasketModel({ symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'], seed: 3, startMs: start, tradesPerSecond: N / (10 * 86_400) });
    let n = 0;
    for (let t = start; n < N; t += 3_600_000) {
      const batch = pgModel.advanceTo(t + 3_600_000).slice(0, N - n);
      n += batch.length;
      for (let i = 0; i < batch.length; i += 10_000) await pgStores.ticks.appendTicks(batch.slice(i, i + 10_000));
    }
    const pgPool = new JobPool({ workers: 1 });
    const p0 = performance.now();
    const pr = await retainTicks(pgPool, pgStores, start + 5.5 * DAY);
    console.log(`PostgreSQL: ${n} ticks over 10 days, cutoff at day 5.5: deleted ${pr.deleted} (${pr.partitionsDropped} day partitions dropped) in ${(performance.now() - p0).toFixed(0)} ms`);
    await pgPool.close();
  } finally {
    await pgStores.close();
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
}
