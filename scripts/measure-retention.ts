/**
 * Measures tick retention on SQLite (docs/reliability.md, "Retention"): `npx tsx
 * scripts/measure-retention.ts [ticks]` (default 1,000,000) fills a file with simulated ticks of
 * four symbols and deletes the older half (1) batch by batch on one connection, timing each
 * 5,000-row transaction (how long it holds SQLite's write lock), then (2) through `retainTicks`
 * on the job lane while the live writer thread appends a batch every 100 ms, reporting the main
 * thread's event-loop delay and how long live commits waited.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
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
const h = monitorEventLoopDelay({ resolution: 1 }); h.enable();
const model = new BasketModel({ symbols: ['BTCUSDT'], seed: 9, startMs: lastB + 1000, tradesPerSecond: 2000 });
let live = true; let appended = 0; const waits: number[] = [];
const appender = (async () => { let t = lastB + 1000; while (live) { t += 100; const batch = model.advanceTo(t); const w0 = performance.now(); appended += (await writer.append(batch)).inserted; waits.push(performance.now() - w0); await new Promise((res) => setTimeout(res, 100)); } })();
const j0 = performance.now();
const res = await retainTicks(pool, stores, START + (lastB - START) / 2);
const jw = performance.now() - j0;
live = false; await appender; h.disable();
waits.sort((x, y) => x - y);
console.log(`job lane: deleted ${res.deleted} in ${jw.toFixed(0)} ms (${(res.deleted / (jw / 1000)).toFixed(0)} ticks/s, pauses included); main loop delay max ${(h.max / 1e6).toFixed(1)} ms p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms; live appends ${waits.length} batches (${appended} ticks), commit wait median ${waits[waits.length >> 1]!.toFixed(1)} ms top ${waits.slice(-4).map((w) => w.toFixed(0)).join(",")} ms, none failed`);
await writer.close(); await pool.close(); await stores.close();
rmSync(dir, { recursive: true, force: true });
