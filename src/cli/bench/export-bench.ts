/**
 * Tick CSV export speed on its own (`tandem bench --only export [--history-ticks N]`): N
 * simulated BTCUSDT trades (default 2,000,000) in a fresh SQLite file, exported whole through
 * the server's path (`tickCsvStream`: a job worker reads the file and formats, the main thread
 * passes chunks on) three times; the median run gives MB/s. Beside it, the same keyset pages
 * read without formatting, on the main thread, split the cost into SQLite's read and the CSV.
 * The history suite measures the same export under the whole heavy mix.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { median } from '../../analytics/select.js';
import { JobPool } from '../../jobs/job-pool.js';
import { tickCsvStream } from '../../jobs/tick-csv-job.js';
import { tickRowPages } from '../../jobs/tick-csv-writer.js';
import { SqliteMarketStores } from '../../store/sqlite/sqlite-market-stores.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { BenchResult } from './bench-result.js';
import { seedTicks } from './history-bench.js';

export interface ExportBenchOptions {
  /** Ticks stored and exported (default 2,000,000). */
  readonly ticks?: number;
  readonly log?: (line: string) => void;
}

const RUNS = 3;
/** Reads every tick of `symbol` in the export's own pages (`tickRowPages`), values untouched; answers the rows. */
function readOnly(path: string, symbol: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    let rows = 0;
    for (const page of tickRowPages(db, symbol)) rows += page.length;
    return rows;
  } finally {
    db.close();
  }
}

export async function runExportBench(opts: ExportBenchOptions = {}): Promise<BenchResult[]> {
  const n = opts.ticks ?? 2_000_000;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--history-ticks '${n}' must be a positive whole number`);
  const log = opts.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'tandem-export-bench-'));
  const path = join(dir, 'export.db');
  const pool = new JobPool({ workers: 1, maxQueue: 1 });
  try {
    const seeded = SqliteStore.open(path);
    seedTicks(seeded, n);
    seeded.close();
    const stores = SqliteMarketStores.open(path);
    const exportMs: number[] = [];
    const readMs: number[] = [];
    let bytes = 0;
    try {
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        bytes = 0;
        for await (const chunk of tickCsvStream(pool, stores, { symbol: 'BTCUSDT' })) bytes += (chunk as Buffer).length;
        exportMs.push(performance.now() - t0);
        const t1 = performance.now();
        const rows = readOnly(path, 'BTCUSDT');
        readMs.push(performance.now() - t1);
        if (rows !== n) throw new Error(`the read found ${rows} ticks, ${n} were stored`);
      }
    } finally {
      await stores.close();
    }
    const ms = median(exportMs);
    const mbPerS = bytes / 1e6 / (ms / 1000);
    log(`tick CSV export: ${(bytes / 1e6).toFixed(1)} MB of ${n.toLocaleString('en-US')} ticks, median ${ms.toFixed(0)} ms (${mbPerS.toFixed(1)} MB/s); the read alone ${median(readMs).toFixed(0)} ms`);
    return [
      { name: 'export.ticks_csv_mb_per_s', n, unit: 'per_s', value: Math.round(mbPerS * 10) / 10, runs: RUNS },
      { name: 'export.ticks_csv_ms', n, unit: 'ms', median_ms: Math.round(ms), runs: RUNS },
      { name: 'export.sqlite_read_ms', n, unit: 'ms', median_ms: Math.round(median(readMs)), runs: RUNS },
    ];
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
