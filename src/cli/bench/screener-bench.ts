/**
 * The screener benchmark (issue 16, item 3): a synthetic universe of 300 symbols × 1,440 1m bars
 * with planted cointegrated pairs (`screener-universe.ts`) ranked end to end on the job lane's
 * worker threads, as `GET /api/screener` runs it:
 *
 * - `screener.rank_ms`: aligned columns in, ranking out (prefilter, both orderings of every
 *   candidate through the fast Engle-Granger statistic, exact figures for the kept pairs), with
 *   the workers started (`screener.rank_cold_ms`: the first run, worker start-up included);
 * - `screener.rank_cpu_ms`: the CPU time of that run over all threads (the machine is shared: on an
 *   idle one the wall time is about this over the worker count);
 * - `screener.store_ms`: the same from a SQLite file of those bars: read and align on a worker, then rank;
 * - `screener.peak_rss_mib`: the process's peak resident set (workers are threads of it);
 * - `screener.statsmodels_ms`: statsmodels on a random sample of 200 tested pairs (both
 *   orderings through `coint`, then OLS, half-life, Hurst, correlation, z, beta stability;
 *   scripts/bench/statsmodels_screen.py), extrapolated to every pair the screen tested, when
 *   `/usr/bin/python3` has statsmodels; else left out with the reason logged.
 *
 * It fails (throws) unless the planted pairs are the top of the ranking, and reports how far the
 * sample's p-values are from statsmodels'.
 * @module
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus as cpuList, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pairsOf } from '../../analytics/screen-pairs.js';
import { pairFigures } from '../../analytics/screen-item.js';
import { epochMs, price, qty } from '../../core/brand.js';
import { JobPool } from '../../jobs/job-pool.js';
import { runScreener, screenAligned, screenOptionsOf } from '../../jobs/screener-job.js';
import type { Bar } from '../../model/bar.js';
import { SCREENER_DEFAULTS, type ScreenerParams } from '../../model/screener-ranking.js';
import { parseTimeframe, type Timeframe, type TimeframeSpec } from '../../model/timeframe.js';
import { SqliteMarketStores } from '../../store/sqlite/sqlite-market-stores.js';
import type { BenchResult } from './bench-result.js';
import { syntheticUniverse } from './screener-universe.js';

const REPO_ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const SYMBOLS = 300;
const BARS = 1440;
const PLANTED = 6;
const SAMPLE = 200;

export interface ScreenerBenchOptions {
  readonly log?: (line: string) => void;
}

const unordered = (a: string, b: string): string => (a < b ? `${a}/${b}` : `${b}/${a}`);

export async function runScreenerBench(opts: ScreenerBenchOptions = {}): Promise<BenchResult[]> {
  const log = opts.log ?? ((): void => undefined);
  const u = syntheticUniverse(SYMBOLS, BARS, PLANTED);
  const params: ScreenerParams = { ...SCREENER_DEFAULTS, lookback: BARS };
  const options = screenOptionsOf(params);
  const workers = availableParallelism();
  const cpuCount = cpuList().length;
  const pool = new JobPool({ workers, maxQueue: 64 });
  const dir = mkdtempSync(join(tmpdir(), 'tandem-screener-bench-'));
  try {
    log(`${SYMBOLS} symbols × ${BARS} bars, ${pairsOf(SYMBOLS).toLocaleString('en-US')} pairs, ${PLANTED} planted; ${workers} worker threads`);
    let t0 = performance.now();
    let ranking = await screenAligned(pool, u, options);
    const cold = performance.now() - t0;
    const times: number[] = [];
    const cpus: number[] = [];
    for (let r = 0; r < 3; r++) {
      t0 = performance.now();
      const c0 = process.cpuUsage();
      ranking = await screenAligned(pool, u, options);
      const c = process.cpuUsage(c0);
      times.push(performance.now() - t0);
      cpus.push((c.user + c.system) / 1000);
    }
    const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1]!;
    const warm = median(times);
    const cpu = median(cpus);
    log(`ranked in ${(warm / 1000).toFixed(2)} s wall (median of 3; first run with worker start ${(cold / 1000).toFixed(2)} s), ${(cpu / 1000).toFixed(2)} s of CPU over all threads, ${ranking.pairsTested.toLocaleString('en-US')} pairs tested`);
    log(`machine load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpuCount} CPUs: the wall time on an idle machine is about the CPU time / ${Math.min(workers, cpuCount)}`);

    // The planted pairs must be the top of the ranking.
    const planted = new Set(u.planted.map((p) => unordered(...(p.split('/') as [string, string]))));
    const top = ranking.items.slice(0, planted.size).map((i) => unordered(i.y, i.x));
    const missing = [...planted].filter((p) => !top.includes(p));
    if (missing.length > 0) throw new Error(`screener bench: planted pairs not on top: ${missing.join(', ')} (top: ${top.join(', ')})`);
    log(`planted pairs on top: ${ranking.items.slice(0, planted.size).map((i) => `${i.y}/${i.x} p=${i.pvalue.toExponential(2)}`).join(', ')}; next p=${ranking.items[planted.size]?.pvalue.toExponential(2) ?? '—'}`);

    // From the store: the bars written to a SQLite file, then read, aligned and ranked.
    const dbPath = join(dir, 'screener.db');
    const stores = await SqliteMarketStores.open(dbPath);
    let storeMs = Number.NaN;
    try {
      const tf = (parseTimeframe('1m') as { ok: true; value: TimeframeSpec }).value;
      const bars: Bar[] = [];
      u.symbols.forEach((symbol, s) => {
        const c = u.closes[s]!;
        for (let t = 0; t < BARS; t++) {
          const v = price(c[t]!);
          bars.push({ symbol, tf: '1m' as Timeframe, start: epochMs(u.starts[t]!), open: v, high: v, low: v, close: v, volume: qty(u.quoteVolume[s]! / BARS / v), vwap: v, trades: 1 });
        }
      });
      await stores.bars.upsertBars(bars, 'import');
      t0 = performance.now();
      const fromStore = await runScreener(pool, stores, [tf], tf, params);
      storeMs = performance.now() - t0;
      const same = fromStore.items.length === ranking.items.length && fromStore.items.every((i, k) => i.y === ranking.items[k]!.y && i.x === ranking.items[k]!.x && i.pvalue === ranking.items[k]!.pvalue);
      log(`from the SQLite store (read + align on a worker, then rank): ${(storeMs / 1000).toFixed(2)} s; ranking ${same ? 'identical' : 'DIFFERENT'} to the in-memory one`);
      if (!same) throw new Error('screener bench: the ranking from the store differs from the in-memory one');
    } finally {
      await stores.close();
    }
    const rssMib = process.resourceUsage().maxRSS / 1024;
    log(`peak RSS ${rssMib.toFixed(0)} MiB (this process and its worker threads)`);

    const results: BenchResult[] = [
      { name: 'screener.rank_ms', n: ranking.pairsTested, unit: 'ms', median_ms: Math.round(warm * 10) / 10, runs: 3 },
      { name: 'screener.rank_cpu_ms', n: ranking.pairsTested, unit: 'ms', value: Math.round(cpu * 10) / 10, runs: 3 },
      { name: 'screener.rank_cold_ms', n: ranking.pairsTested, unit: 'ms', value: Math.round(cold * 10) / 10, runs: 1 },
      { name: 'screener.store_ms', n: ranking.pairsTested, unit: 'ms', value: Math.round(storeMs * 10) / 10, runs: 1 },
      { name: 'screener.peak_rss_mib', n: SYMBOLS * BARS, unit: 'MiB', value: Math.round(rssMib * 10) / 10, runs: 1 },
    ];
    const py = statsmodelsRun(u, ranking.pairsTested, params, dir, log);
    if (py !== null) {
      results.push({ name: 'screener.statsmodels_ms', n: ranking.pairsTested, unit: 'ms', value: Math.round(py.extrapolatedMs), runs: 1 });
      log(`statsmodels: ${SAMPLE} pairs in ${(py.sampleMs / 1000).toFixed(2)} s → ${(py.extrapolatedMs / 1000).toFixed(0)} s for the ${ranking.pairsTested.toLocaleString('en-US')} tested pairs on one core (${(py.extrapolatedMs / warm).toFixed(0)}x the screener); sample p-values within ${py.maxRelDiff.toExponential(1)} relative`);
    }
    return results;
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seeded sample of `k` distinct pairs (i < j) of `n` symbols. */
function samplePairs(n: number, k: number, seed = 3): [number, number][] {
  let s = seed;
  const next = (m: number): number => {
    s = (s * 16807) % 2147483647;
    return s % m;
  };
  const seen = new Set<string>();
  const out: [number, number][] = [];
  while (out.length < k) {
    const a = next(n);
    const b = next(n);
    if (a === b || seen.has(`${Math.min(a, b)}|${Math.max(a, b)}`)) continue;
    seen.add(`${Math.min(a, b)}|${Math.max(a, b)}`);
    out.push([Math.min(a, b), Math.max(a, b)]);
  }
  return out;
}

function statsmodelsRun(u: ReturnType<typeof syntheticUniverse>, tested: number, params: ScreenerParams, dir: string, log: (l: string) => void): { sampleMs: number; extrapolatedMs: number; maxRelDiff: number } | null {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import statsmodels'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    log(`statsmodels figure left out: ${python} cannot import statsmodels (apt-get install python3-statsmodels)`);
    return null;
  }
  const pairs = samplePairs(u.symbols.length, SAMPLE);
  const file = join(dir, 'universe.json');
  writeFileSync(file, JSON.stringify({ closes: u.closes.map((c) => Array.from(c)), pairs, prices: params.prices }));
  const run = spawnSync(python, [join(REPO_ROOT, 'scripts', 'bench', 'statsmodels_screen.py'), file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) {
    log(`statsmodels run failed: ${run.stderr.trim().split('\n').pop() ?? ''}`);
    return null;
  }
  const out = JSON.parse(run.stdout) as { seconds: number; pvalues: (number | null)[] };
  // Our exact p-values of the same pairs (the lower of the two orderings), against statsmodels'.
  const prices = u.closes.map((c) => (params.prices === 'log' ? c.map(Math.log) : c));
  let maxRelDiff = 0;
  pairs.forEach(([i, j], k) => {
    const ours = Math.min(pairFigures(prices[i]!, prices[j]!).pvalue, pairFigures(prices[j]!, prices[i]!).pvalue);
    const theirs = out.pvalues[k];
    if (theirs !== null && theirs !== undefined) maxRelDiff = Math.max(maxRelDiff, Math.abs(ours - theirs) / Math.max(Math.abs(theirs), 1e-300));
  });
  const sampleMs = out.seconds * 1000;
  return { sampleMs, extrapolatedMs: (sampleMs / SAMPLE) * tested, maxRelDiff };
}
