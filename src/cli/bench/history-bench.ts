/**
 * `tandem bench --only history`: heavy requests beside the live feed (issue 14, "The live desk
 * never freezes"). Seeds a SQLite file with `ticks` trades written straight to the store, serves
 * it (the built CLI, simulator running) and, while a whole-range tick CSV export and a month
 * of 1 m bars are read at once, polls `/api/health` every 10 ms. Reports health latency
 * p50/p99/max, the export's MB/s, the other request's duration and the server's own event-loop
 * delay (GET /api/metrics).
 *
 * The bars read is a month of 1 m bars of BNBUSDT, seeded as bars. Not yet in the mix the
 * issue names: Theil-Sen pair analytics over a week of 1 s bars and a 400-point sweep (those routes are not on the job lane yet). The import benchmark
 * (`import-bench.ts`, `runImportBench`) is wired into this suite by the lead: see `runHistoryBench`.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { epochMs, price, qty } from '../../core/brand.js';
import type { Bar } from '../../model/bar.js';
import type { Timeframe } from '../../model/timeframe.js';
import { BasketModel } from '../../ingest/simulator/basket-model.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { BenchResult } from './bench-result.js';
import { serverMetrics, startServeChild } from './bench-serve.js';
import { runImportBench } from './import-bench.js';

export interface HistoryBenchOptions {
  /** Ticks of BTCUSDT seeded and exported (default 2,000,000; `--history-ticks`). */
  readonly ticks?: number;
  /** Rows of the aggTrades dump the import part imports (default 1,000,000; `--import-rows`). */
  readonly importRows?: number;
  readonly log?: (line: string) => void;
}

const START_MS = 1_700_000_000_000;

function seed(db: string, n: number): { first: number; last: number } {
  const store = SqliteStore.open(db);
  try {
    const model = new BasketModel({ symbols: ['BTCUSDT'], seed: 7, startMs: START_MS, tradesPerSecond: 200 });
    let stored = 0;
    let last = START_MS;
    for (let t = START_MS; stored < n; t += 600_000) {
      const batch = model.advanceTo(t + 600_000).slice(0, n - stored);
      store.ticks.appendTicksSync(batch);
      stored += batch.length;
      if (batch.length > 0) last = batch[batch.length - 1]!.ts;
    }
    store.bars.upsertBarsSync(monthOfMinuteBars());
    return { first: START_MS, last };
  } finally {
    store.close();
  }
}

/** Minutes in 30 days: the month of 1 m bars read during the export. */
const MONTH_MINUTES = 30 * 24 * 60;

/** A month of 1 m bars of BNBUSDT (a deterministic walk), stored as bars with no ticks behind them. */
function monthOfMinuteBars(): Bar[] {
  const out: Bar[] = [];
  let p = 300;
  for (let i = 0; i < MONTH_MINUTES; i++) {
    const open = p;
    p *= 1 + 0.001 * Math.sin(i * 0.37) * Math.cos(i * 0.011);
    const [hi, lo] = [Math.max(open, p) * 1.0005, Math.min(open, p) * 0.9995];
    out.push({ symbol: 'BNBUSDT', tf: '1m' as Timeframe, start: epochMs(START_MS + i * 60_000), open: price(open), high: price(hi), low: price(lo), close: price(p), volume: qty(10), vwap: price((open + p) / 2), trades: 10 });
  }
  return out;
}

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

export async function runHistoryBench(opts: HistoryBenchOptions = {}): Promise<BenchResult[]> {
  const n = opts.ticks ?? 2_000_000;
  const log = opts.log ?? ((): void => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'tandem-history-bench-'));
  // After the server is stopped: the import is measured alone.
  const imports = (): Promise<BenchResult[]> => runImportBench({ dir, log, ...(opts.importRows === undefined ? {} : { rows: opts.importRows }) });
  const db = join(dir, 'tandem.db');
  try {
    log(`seeding ${n.toLocaleString('en-US')} ticks...`);
    const range = seed(db, n);
    let results: BenchResult[];
    const serve = await startServeChild({ db, args: ['--source', 'sim', '--symbols', 'ETHUSDT,SOLUSDT'], timeoutMs: 120_000 });
    try {
      const health: number[] = [];
      let running = true;
      const poller = (async () => {
        while (running) {
          const t = await timed(async () => (await fetch(`${serve.url}/api/health`)).arrayBuffer());
          health.push(t.ms);
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      const exportRun = timed(async () => {
        const res = await fetch(`${serve.url}/api/export/ticks.csv?symbol=BTCUSDT`);
        if (!res.ok) throw new Error(`export answered ${res.status}`);
        let bytes = 0;
        for await (const c of res.body!) bytes += (c as Uint8Array).byteLength;
        return bytes;
      });
      const barsRun = timed(async () => {
        const res = await fetch(`${serve.url}/api/bars?symbol=BNBUSDT&tf=1m&from=${range.first}&to=${range.first + MONTH_MINUTES * 60_000}&limit=100000`);
        if (!res.ok) throw new Error(`bars answered ${res.status}`);
        return ((await res.json()) as { items: unknown[] }).items.length;
      });
      const [exp, bars] = await Promise.all([exportRun, barsRun]);
      running = false;
      await poller;
      const metrics = await serverMetrics(serve.url);
      health.sort((a, b) => a - b);
      const mb = exp.value / 1e6;
      log(`export ${mb.toFixed(1)} MB in ${exp.ms.toFixed(0)} ms; ${health.length} health polls, p99 ${quantile(health, 0.99).toFixed(1)} ms, max ${health[health.length - 1]!.toFixed(1)} ms`);
      const row = (name: string, value: number, unit: BenchResult['unit'] = 'ms', size = n): BenchResult => ({ name, n: size, unit, value: Math.round(value * 10) / 10, runs: 1 });
      results = [
        row('history.health.p50_ms', quantile(health, 0.5), 'ms', health.length),
        row('history.health.p99_ms', quantile(health, 0.99), 'ms', health.length),
        row('history.health.max_ms', health[health.length - 1]!, 'ms', health.length),
        row('history.export.ticks_csv_mb_per_s', mb / (exp.ms / 1000), 'per_s'),
        row('history.export.ticks_csv_ms', exp.ms),
        row('history.bars_1m_month_ms', bars.ms, 'ms', bars.value),
        row('history.event_loop_delay.p99_ms', metrics.eventLoopDelayMs.p99),
        row('history.event_loop_delay.max_ms', metrics.eventLoopDelayMs.max),
      ];
    } finally {
      await serve.stop();
    }
    return [...results, ...(await imports())];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
