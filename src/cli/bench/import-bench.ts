/**
 * The import benchmark (issue 14, item 1): `tandem import ticks` of a synthetic Binance
 * aggTrades dump of `rows` rows into a fresh SQLite file, run as the user runs it (the built
 * CLI in its own process, start-up and the SHA-256 pass included), with its peak RSS read
 * from /proc (`VmHWM`). Beside it, in the same run, the pandas equivalent
 * (scripts/bench/pandas_import.py: `read_csv`, 1s/1m/5m resample, `to_sql`) when
 * `/usr/bin/python3` has pandas; else its figure is left out and the log says why.
 * @module
 */

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAggTradesDump } from '../../fake-binance/agg-trades-dump.js';
import type { BenchResult } from './bench-result.js';

export interface ImportBenchOptions {
  /** Rows of the dump (default 1,000,000; `--import-rows`). */
  readonly rows?: number;
  /** A directory of its own for the dump and the databases. */
  readonly dir: string;
  readonly log?: (line: string) => void;
}

const REPO_ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

/** Peak resident set of a process in KiB (`VmHWM`), or null once it is gone. */
function peakRssKib(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? null : Number(m[1]);
  } catch {
    return null;
  }
}

interface CliRun {
  readonly ms: number;
  readonly peakKib: number;
  readonly stdout: string;
}

/** Runs the built CLI with `args`, polling its peak RSS until it exits. */
function runCli(args: readonly string[]): Promise<CliRun> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'tandem'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let peakKib = 0;
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const poll = setInterval(() => {
    const k = child.pid === undefined ? null : peakRssKib(child.pid);
    if (k !== null) peakKib = Math.max(peakKib, k);
  }, 20);
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`tandem ${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ ms: performance.now() - t0, peakKib, stdout });
    }),
  );
}

/** Seconds the pandas import took, or null (with the reason logged) when pandas is not there. */
function pandasSeconds(file: string, db: string, log: (l: string) => void): number | null {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import pandas'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    log(`pandas figure left out: ${python} cannot import pandas (apt-get install python3-pandas)`);
    return null;
  }
  const t0 = performance.now();
  const run = spawnSync(python, [join(REPO_ROOT, 'scripts', 'bench', 'pandas_import.py'), file, db], { encoding: 'utf8' });
  if (run.status !== 0) {
    log(`pandas import failed: ${run.stderr.trim().split('\n').pop() ?? ''}`);
    return null;
  }
  return (performance.now() - t0) / 1000;
}

export async function runImportBench(opts: ImportBenchOptions): Promise<BenchResult[]> {
  const rows = opts.rows ?? 1_000_000;
  const log = opts.log ?? ((): void => undefined);
  const file = join(opts.dir, 'BTCUSDT-aggTrades-2024-01-01.csv');
  log(`writing a ${rows.toLocaleString('en-US')}-row aggTrades dump...`);
  await writeAggTradesDump(file, { rows, seed: 11 });
  const mb = statSync(file).size / 1e6;
  log(`tandem import ticks (${mb.toFixed(0)} MB)...`);
  const run = await runCli(['import', 'ticks', file, '--db', join(opts.dir, 'import-bench.db'), '--json']);
  const result = JSON.parse(run.stdout) as { inserted: number; lockMs: number };
  if (result.inserted !== rows) throw new Error(`import bench: ${result.inserted} ticks stored of ${rows}`);
  const rate = rows / (run.ms / 1000);
  log(`tandem: ${(run.ms / 1000).toFixed(2)} s, ${Math.round(rate).toLocaleString('en-US')} ticks/s, peak RSS ${(run.peakKib / 1024).toFixed(0)} MiB, commit held the write lock ${result.lockMs.toFixed(0)} ms`);
  const pandas = pandasSeconds(file, join(opts.dir, 'pandas.db'), log);
  if (pandas !== null) log(`pandas: ${pandas.toFixed(2)} s (${Math.round(rows / pandas).toLocaleString('en-US')} ticks/s); tandem is ${(pandas / (run.ms / 1000)).toFixed(1)}x faster`);
  const row = (name: string, value: number, unit: BenchResult['unit']): BenchResult => ({ name, n: rows, unit, value: Math.round(value * 10) / 10, runs: 1 });
  return [
    row('history.import.ticks_per_s', rate, 'per_s'),
    row('history.import.peak_rss_mib', run.peakKib / 1024, 'MiB'),
    row('history.import.commit_lock_ms', result.lockMs, 'ms'),
    ...(pandas === null ? [] : [row('history.import.pandas_ticks_per_s', rows / pandas, 'per_s'), row('history.import.speedup_vs_pandas', pandas / (run.ms / 1000), 'per_s')]),
  ];
}
