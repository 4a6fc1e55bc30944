/**
 * Soak: the live engine and server in this process, the simulator at a high rate, and ten
 * WebSocket clients reading bars, a pair and the status. Once a period (default a minute) it
 * prints the process's RSS and V8 heap, the event-loop delay of that period (p99, max, from
 * perf_hooks.monitorEventLoopDelay), the database's size with its WAL, the ticks stored and
 * what the clients received. At the end it prints the growth between the first and the last
 * half of the run, so "memory stays flat" is a number.
 *
 *   npm run soak -- --minutes 30                 # the documented run (docs/reliability.md)
 *   npm run soak -- --minutes 2 --rate 2000 --period-s 10
 *
 * Options: --minutes N (default 30), --rate trades/s (default 5000), --symbols list,
 * --clients n (default 10), --period-s (default 60), --db path (default a temp file, removed at
 * the end unless --keep), --json (one JSON line per period and a summary line).
 *
 * Every tick is kept (DESIGN.md, Storage: the tick table has no retention policy), so the
 * database grows linearly with the ticks ingested by design; memory must not.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { LiveEngine } from '../src/engine/live-engine.js';
import { buildServer } from '../src/server/build-server.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    rate: { type: 'string', default: '5000' },
    symbols: { type: 'string', default: 'BTCUSDT,ETHUSDT,SOLUSDT,BNBUSDT' },
    clients: { type: 'string', default: '10' },
    'period-s': { type: 'string', default: '60' },
    db: { type: 'string' },
    keep: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

function positive(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} '${raw}' is not a positive number`);
  return n;
}

const minutes = positive('minutes', values.minutes);
const rate = positive('rate', values.rate);
const clientCount = Math.round(positive('clients', values.clients));
const periodS = positive('period-s', values['period-s']);
const symbols = values.symbols.split(',').map((s) => s.trim().toUpperCase());
if (symbols.length < 2) throw new Error('--symbols needs at least two symbols (the clients also watch a pair)');
const dir = values.db === undefined ? mkdtempSync(join(tmpdir(), 'tandem-soak-')) : null;
const dbPath = values.db ?? join(dir!, 'soak.db');

const fileSize = (path: string): number => (existsSync(path) ? statSync(path).size : 0);
const mib = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

interface Row {
  readonly minute: number;
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
  readonly lagP99Ms: number;
  readonly lagMaxMs: number;
  readonly dbMiB: number;
  readonly walMiB: number;
  readonly ticksStored: number;
  readonly ticksPerSecond: number;
  readonly clientMessages: number;
}

async function main(): Promise<void> {
  const engine = new LiveEngine({ dbPath, seed: 42 });
  const app = await buildServer({ engine, version: 'soak' });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  await engine.startIngestion({ source: 'simulator', symbols, tradesPerSecond: rate });

  const [y, x] = [symbols[1]!, symbols[0]!];
  const channels = ['status', ...symbols.map((s) => `bars:${s}:1s`), `pair:${y}:${x}:1s:ols:60`];
  let received = 0;
  const clients = await Promise.all(
    Array.from(
      { length: clientCount },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(`${address.replace('http', 'ws')}/api/stream`);
          ws.on('message', () => (received += 1));
          ws.once('open', () => {
            ws.send(JSON.stringify({ op: 'subscribe', channels }));
            resolve(ws);
          });
          ws.once('error', reject);
        }),
    ),
  );

  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const rows: Row[] = [];
  const started = Date.now();
  let lastTicks = 0;
  if (!values.json) {
    console.log(`soak: ${minutes} min, simulator at ${rate} trades/s over ${symbols.join(',')}, ${clientCount} clients on ${channels.length} channels, database ${dbPath}`);
    console.log('minute  rss_MiB  heap_MiB  lag_p99_ms  lag_max_ms  db_MiB  wal_MiB  ticks_stored  ticks/s  client_msgs');
  }
  const sample = async (): Promise<void> => {
    const mem = process.memoryUsage();
    const status = await engine.status();
    const ticks = status.rowsStored.ticks;
    const row: Row = {
      minute: Math.round(((Date.now() - started) / 60_000) * 100) / 100,
      rssMiB: mib(mem.rss),
      heapUsedMiB: mib(mem.heapUsed),
      lagP99Ms: Math.round((lag.percentile(99) / 1e6) * 10) / 10,
      lagMaxMs: Math.round((lag.max / 1e6) * 10) / 10,
      dbMiB: mib(fileSize(dbPath)),
      walMiB: mib(fileSize(`${dbPath}-wal`)),
      ticksStored: ticks,
      ticksPerSecond: Math.round((ticks - lastTicks) / periodS),
      clientMessages: received,
    };
    lastTicks = ticks;
    lag.reset();
    rows.push(row);
    if (values.json) console.log(JSON.stringify(row));
    else
      console.log(
        [row.minute.toFixed(2).padStart(6), String(row.rssMiB).padStart(7), String(row.heapUsedMiB).padStart(9), String(row.lagP99Ms).padStart(11), String(row.lagMaxMs).padStart(11), String(row.dbMiB).padStart(7), String(row.walMiB).padStart(8), String(row.ticksStored).padStart(13), String(row.ticksPerSecond).padStart(8), String(row.clientMessages).padStart(12)].join(' '),
      );
  };

  const periods = Math.max(1, Math.round((minutes * 60) / periodS));
  for (let i = 0; i < periods; i++) {
    await new Promise((r) => setTimeout(r, periodS * 1000));
    await sample();
  }

  for (const ws of clients) ws.terminate();
  await app.close();
  await engine.close();
  lag.disable();

  // Growth: the mean of the last half of the periods against the mean of the first half
  // without the first period (warm-up: caches, JIT, the pair's history load).
  const steady = rows.slice(1);
  const half = Math.max(1, Math.floor(steady.length / 2));
  const mean = (rs: readonly Row[], f: (r: Row) => number): number => rs.reduce((s, r) => s + f(r), 0) / Math.max(1, rs.length);
  const first = steady.slice(0, half);
  const last = steady.slice(-half);
  const summary = {
    minutes,
    rate,
    clients: clientCount,
    rssFirstHalfMiB: Math.round(mean(first, (r) => r.rssMiB)),
    rssLastHalfMiB: Math.round(mean(last, (r) => r.rssMiB)),
    heapFirstHalfMiB: Math.round(mean(first, (r) => r.heapUsedMiB)),
    heapLastHalfMiB: Math.round(mean(last, (r) => r.heapUsedMiB)),
    lagP99MaxMs: Math.max(...rows.map((r) => r.lagP99Ms)),
    lagMaxMs: Math.max(...rows.map((r) => r.lagMaxMs)),
    ticksStored: rows[rows.length - 1]?.ticksStored ?? 0,
    dbMiBPerMillionTicks: rows.length === 0 || rows[rows.length - 1]!.ticksStored === 0 ? null : Math.round((rows[rows.length - 1]!.dbMiB / rows[rows.length - 1]!.ticksStored) * 1e6 * 10) / 10,
  };
  console.log(values.json ? JSON.stringify({ summary }) : `summary: ${JSON.stringify(summary)}`);
  if (dir !== null && !values.keep) rmSync(dir, { recursive: true, force: true });
}

await main();
