/**
 * `tandem bench --only history`: heavy requests beside the live feed (issue 14, "The live desk
 * never freezes"). Seeds a SQLite file with `ticks` trades written straight to the store, serves
 * it (the built CLI, simulator running) and, while a whole-range tick CSV export and a month
 * of 1 m bars are read at once, polls `/api/health` every 10 ms. Reports health latency
 * p50/p99/max, the export's MB/s, the other request's duration and the server's own event-loop
 * delay (GET /api/metrics).
 *
 * The bars read is a month of 1 m bars of BNBUSDT, seeded as bars; beside them run Theil-Sen
 * pair analytics over a day of 1 s bars (the most one unthinned request analyses) and a
 * 400-point sweep of the same day. After the mix, with the live feed still running, the
 * screen-resolution reads the dashboard makes (`maxPoints` = 1,400 pixels) are timed: a week of
 * 1 s bars of one symbol, a month of 1 m bars, and pair analytics over a week of 1 s bars. The
 * import benchmark (`import-bench.ts`) runs after the server stopped.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
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

/** Stores `n` simulated BTCUSDT trades (200 a second from `START_MS`); answers the last one's time. */
export function seedTicks(store: SqliteStore, n: number): number {
  const model = new BasketModel({ symbols: ['BTCUSDT'], seed: 7, startMs: START_MS, tradesPerSecond: 200 });
  let stored = 0;
  let last = START_MS;
  for (let t = START_MS; stored < n; t += 600_000) {
    const batch = model.advanceTo(t + 600_000).slice(0, n - stored);
    store.ticks.appendTicksSync(batch);
    stored += batch.length;
    if (batch.length > 0) last = batch[batch.length - 1]!.ts;
  }
  return last;
}

function seed(db: string, n: number): { first: number; last: number } {
  const store = SqliteStore.open(db);
  try {
    const last = seedTicks(store, n);
    store.bars.upsertBarsSync(monthOfMinuteBars());
    store.bars.upsertBarsSync(weekOfSecondBars());
    return { first: START_MS, last };
  } finally {
    store.close();
  }
}

/** Simulator trades per second beside the heavy requests. */
const LIVE_RATE = 5000;

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

/** Seconds in a day: the 1 s bars the mix analyses and sweeps (the most an unthinned `/api/pairs/analytics` serves). */
const DAY_SECONDS = 86_400;
/** Seconds in a week: the 1 s bars stored, which the `maxPoints` reads span. */
const WEEK_SECONDS = 7 * DAY_SECONDS;
/** The dashboard's chart width in the `maxPoints` reads. */
const SCREEN_POINTS = 1400;

/** A week of 1 s bars of ADAUSDT and XRPUSDT, two walks tied by a mean-reverting spread. */
function weekOfSecondBars(): Bar[] {
  const out: Bar[] = [];
  let x = 0.5;
  let spread = 0;
  for (let i = 0; i < WEEK_SECONDS; i++) {
    x *= 1 + 0.0004 * Math.sin(i * 0.013) * Math.cos(i * 0.00071);
    spread = 0.98 * spread + 0.002 * Math.sin(i * 1.7);
    const y = 1.6 * x + 0.1 + spread;
    const start = epochMs(START_MS + i * 1000);
    for (const [symbol, p] of [['ADAUSDT', y], ['XRPUSDT', x]] as const) {
      out.push({ symbol, tf: '1s' as Timeframe, start, open: price(p), high: price(p * 1.0002), low: price(p * 0.9998), close: price(p), volume: qty(100), vwap: price(p), trades: 5 });
    }
  }
  return out;
}

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

/** A 400-point sweep (10 entries × 4 exits × 10 windows) of the day's pair, run to its end. */
async function sweep(url: string, to: number): Promise<number> {
  const grid = { entry: [1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.5], exit: [0, 0.25, 0.5, 0.75], window: [30, 45, 60, 90, 120, 180, 240, 300, 450, 600] };
  const res = await fetch(`${url}/api/backtest/sweep`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ y: 'ADAUSDT', x: 'XRPUSDT', tf: '1s', from: START_MS, to, grid }) });
  if (!res.ok) throw new Error(`sweep answered ${res.status}: ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  for (;;) {
    const job = (await (await fetch(`${url}/api/backtest/sweep/${id}`)).json()) as { state: string; done: number; error?: unknown };
    if (job.state === 'done') return job.done;
    if (job.state !== 'running' && job.state !== 'queued') throw new Error(`sweep ended ${job.state}: ${JSON.stringify(job.error)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A dashboard-like WebSocket client on a live bar channel: how many updates, and the longest wait between two. */
async function watchLiveBars(url: string, channel: string): Promise<{ stop: () => Promise<{ messages: number; maxGapMs: number }> }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/stream`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let messages = 0;
  let last = 0;
  let maxGapMs = 0;
  ws.on('message', (data: Buffer) => {
    if (!data.toString('utf8', 0, 40).includes('"bar"')) return;
    const now = performance.now();
    if (last > 0) maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    messages++;
  });
  ws.send(JSON.stringify({ op: 'subscribe', channels: [channel] }));
  return {
    stop: async () => {
      ws.close();
      await new Promise((r) => ws.once('close', r));
      return { messages, maxGapMs };
    },
  };
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
    // TANDEM_BENCH_PROFILE_DIR=<dir> writes the server's CPU profile there, to find what holds its loop.
    const profileDir = process.env['TANDEM_BENCH_PROFILE_DIR'];
    const serve = await startServeChild({
      db,
      args: ['--source', 'sim', '--symbols', 'ETHUSDT,SOLUSDT', '--rate', String(LIVE_RATE)],
      timeoutMs: 120_000,
      ...(profileDir === undefined ? {} : { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] }),
    });
    try {
      const wsWatch = await watchLiveBars(serve.url, 'bars:ETHUSDT:1s');
      const health: number[] = [];
      let running = true;
      const poller = (async () => {
        while (running) {
          const t = await timed(async () => (await fetch(`${serve.url}/api/health`)).arrayBuffer());
          health.push(t.ms);
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      // A failed poll (the server gone) fails the mix below, with the server's output.
      poller.catch(() => (running = false));
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
      const dayTo = START_MS + DAY_SECONDS * 1000;
      const pairRun = timed(async () => {
        const res = await fetch(`${serve.url}/api/pairs/analytics?y=ADAUSDT&x=XRPUSDT&tf=1s&method=theilsen&window=60&from=${START_MS}&to=${dayTo}`);
        if (!res.ok) throw new Error(`pair analytics answered ${res.status}: ${await res.text()}`);
        return ((await res.json()) as { series: { ts: unknown[] } }).series.ts.length;
      });
      const sweepRun = timed(() => sweep(serve.url, dayTo));
      const [exp, bars, pair, sweepPoints] = await Promise.all([exportRun, barsRun, pairRun, sweepRun]);
      running = false;
      await poller;
      const ws = await wsWatch.stop();
      const metrics = await serverMetrics(serve.url);
      // Screen-resolution reads beside the live feed, each five times: the dashboard's range picker.
      const weekTo = START_MS + WEEK_SECONDS * 1000;
      const thin = {
        bars_1s_week: `/api/bars?symbol=ADAUSDT&tf=1s&from=${START_MS}&to=${weekTo}&maxPoints=${SCREEN_POINTS}`,
        bars_1m_month: `/api/bars?symbol=BNBUSDT&tf=1m&from=${range.first}&to=${range.first + MONTH_MINUTES * 60_000}&maxPoints=${SCREEN_POINTS}`,
        pair_ols_1s_week: `/api/pairs/analytics?y=ADAUSDT&x=XRPUSDT&tf=1s&method=ols&window=60&from=${START_MS}&to=${weekTo}&maxPoints=${SCREEN_POINTS}`,
      };
      const thinned: BenchResult[] = [];
      for (const [name, path] of Object.entries(thin)) {
        const times: number[] = [];
        let points = 0;
        for (let i = 0; i < 5; i++) {
          const t = await timed(async () => {
            const res = await fetch(`${serve.url}${path}`);
            if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
            const body = (await res.json()) as { items?: unknown[]; series?: { ts: unknown[] } };
            return body.items?.length ?? body.series?.ts.length ?? 0;
          });
          times.push(t.ms);
          points = t.value;
        }
        times.sort((a, b) => a - b);
        log(`maxPoints ${name}: ${points} points, median ${quantile(times, 0.5).toFixed(0)} ms, max ${times[times.length - 1]!.toFixed(0)} ms`);
        thinned.push({ name: `history.max_points.${name}_ms`, n: points, unit: 'ms', value: Math.round(quantile(times, 0.5) * 10) / 10, runs: times.length });
      }
      health.sort((a, b) => a - b);
      const mb = exp.value / 1e6;
      log(`pair analytics (theilsen, ${pair.value} 1 s bars) ${pair.ms.toFixed(0)} ms; sweep of ${sweepPoints.value} points ${sweepPoints.ms.toFixed(0)} ms; live bar updates ${ws.messages}, longest gap ${ws.maxGapMs.toFixed(0)} ms`);
      log(`export ${mb.toFixed(1)} MB in ${exp.ms.toFixed(0)} ms; ${health.length} health polls, p99 ${quantile(health, 0.99).toFixed(1)} ms, max ${health[health.length - 1]!.toFixed(1)} ms`);
      const row = (name: string, value: number, unit: BenchResult['unit'] = 'ms', size = n): BenchResult => ({ name, n: size, unit, value: Math.round(value * 10) / 10, runs: 1 });
      results = [
        row('history.health.p50_ms', quantile(health, 0.5), 'ms', health.length),
        row('history.health.p99_ms', quantile(health, 0.99), 'ms', health.length),
        row('history.health.max_ms', health[health.length - 1]!, 'ms', health.length),
        row('history.export.ticks_csv_mb_per_s', mb / (exp.ms / 1000), 'per_s'),
        row('history.export.ticks_csv_ms', exp.ms),
        row('history.bars_1m_month_ms', bars.ms, 'ms', bars.value),
        row('history.pair_theilsen_1s_day_ms', pair.ms, 'ms', pair.value),
        row('history.sweep_400_ms', sweepPoints.ms, 'ms', sweepPoints.value),
        row('history.live_bar_updates.max_gap_ms', ws.maxGapMs, 'ms', ws.messages),
        row('history.event_loop_delay.p99_ms', metrics.eventLoopDelayMs.p99),
        row('history.event_loop_delay.max_ms', metrics.eventLoopDelayMs.max),
        ...thinned,
      ];
    } catch (e) {
      throw new Error(`${e instanceof Error ? e.message : String(e)}; the server said:\n${serve.output().slice(-4000)}`);
    } finally {
      await serve.stop();
    }
    return [...results, ...(await imports())];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
