/**
 * `tandem bench --latency`: tick-to-chart latency. For each rate, the fake Binance trades at
 * that many trades/s, a `tandem serve` child ingests from it (`--source binance`, the fake's
 * URLs through `TANDEM_BINANCE_WS_URL`/`_REST_URL`), and the dashboard runs in headless Chromium
 * with `?perf`, so each live chart update leaves a `performance` mark naming its bar.
 *
 * Per trade of the charted symbol sent in the measured window, the latency is the time from
 * its frame leaving the fake (`onFrameSent`, wall ms at sub-ms precision) to the first chart
 * `update()` whose bar holds it (latency-stats.ts). The page's clock is mapped onto this
 * process's by the round trip with the smallest delay, before and after the window; half that
 * round trip is the uncertainty. Long tasks come from a `PerformanceObserver('longtask')`
 * installed before the page's own scripts.
 * @module
 */

import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import WebSocket from 'ws';
import { FakeBinance } from '../../fake-binance/fake-binance.js';
import type { BenchResult } from './bench-result.js';
import { launchHeadlessChromium } from './bench-chromium.js';
import { serverMetrics, startServeChild } from './bench-serve.js';
import { matchLatencies, summarise, type ChartMark, type LatencySummary, type SentTrade } from './latency-stats.js';

export interface LatencyBenchOptions {
  /** Trades per second across all symbols, one run each (default 1000, 5000, 20000). */
  readonly rates?: readonly number[];
  /** Measured seconds per rate (default 20). */
  readonly seconds?: number;
  /** Seconds of streaming before measuring (default 5). */
  readonly warmupSeconds?: number;
  /** Symbols of the fake; the first is charted and measured (default BTCUSDT, ETHUSDT). */
  readonly symbols?: readonly string[];
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
}

export interface LatencyRun {
  readonly rate: number;
  readonly seconds: number;
  /** Latency from frame sent to chart update, ms, over the charted symbol's trades. */
  readonly latency: LatencySummary;
  /**
   * The server's share: from frame sent to the bar update reaching a WebSocket client in this
   * process (same clock, no browser), over the same trades.
   */
  readonly serverLatency: LatencySummary;
  /** Trades sent in the window that no chart update included by the end of the grace period. */
  readonly unmatched: number;
  readonly chartUpdates: number;
  /** Long tasks (> 50 ms, by the API's definition) of the page during the window. */
  readonly longTasks: { readonly count: number; readonly perSecond: number; readonly maxMs: number };
  /** Page clock minus this process's, ms, and the half round trip that bounds its error. */
  readonly clock: { readonly offsetMs: number; readonly uncertaintyMs: number; readonly driftMs: number };
  /** The serve process at the end of the window. */
  readonly server: { readonly rssMiB: number; readonly heapUsedMiB: number; readonly eventLoopP99Ms: number };
}

const TF_MS = 1000;
const MARK = 'tandem:chart-update';
const GRACE_MS = 2000;

/** Installed before the app's scripts: records every long task as [startTime, duration]. */
const LONG_TASK_OBSERVER = `
  window.__tandemLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__tandemLongTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    window.__tandemLongTasks = null;
  }
`;

const nowWall = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runLatency(opts: LatencyBenchOptions = {}): Promise<LatencyRun[]> {
  const runs: LatencyRun[] = [];
  for (const rate of opts.rates ?? [1000, 5000, 20000]) {
    if (!Number.isFinite(rate) || rate <= 0) throw new Error(`latency bench: rate ${String(rate)} is not a positive number of trades per second`);
    runs.push(await runOne(rate, opts));
  }
  return runs;
}

async function runOne(rate: number, opts: LatencyBenchOptions): Promise<LatencyRun> {
  const log = opts.log ?? (() => undefined);
  const seconds = opts.seconds ?? 20;
  const symbols = opts.symbols ?? ['BTCUSDT', 'ETHUSDT'];
  const charted = symbols[0]!;
  const sentAt = new Map<number, number>();
  let recording = false;
  const fake = await FakeBinance.start({
    symbols,
    tradesPerSecond: rate,
    seed: 7,
    tapeIntervalMs: 10,
    onFrameSent: (t, at) => {
      if (recording && t.s === charted && !sentAt.has(t.a)) sentAt.set(t.a, at);
    },
  });
  const serve = await startServeChild({
    args: ['--source', 'binance', '--symbols', symbols.join(',')],
    env: { TANDEM_BINANCE_WS_URL: fake.wsBaseUrl, TANDEM_BINANCE_REST_URL: fake.restBaseUrl },
  }).catch(async (e: unknown) => {
    await fake.stop();
    throw e;
  });
  const browser = await launchHeadlessChromium().catch(async (e: unknown) => {
    await serve.stop();
    await fake.stop();
    throw e;
  });
  try {
    const probeMarks: ChartMark[] = [];
    const probe = await openProbe(serve.url, charted, probeMarks);
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.addInitScript(LONG_TASK_OBSERVER);
    log(`latency ${rate}/s: serve on ${serve.url}, opening the dashboard`);
    await page.goto(`${serve.url}/?perf`);
    const origin = (await page.evaluate('performance.timeOrigin')) as number;
    const marks: { pageAt: number; start: number; trades: number }[] = [];
    const drain = async (): Promise<void> => {
      const got = (await page.evaluate(`(() => {
        const es = performance.getEntriesByName('${MARK}');
        performance.clearMarks('${MARK}');
        return es.filter((e) => e.detail && e.detail.symbol === ${JSON.stringify(charted)}).map((e) => [e.startTime, e.detail.start, e.detail.trades]);
      })()`)) as [number, number, number][];
      for (const [t, start, trades] of got) marks.push({ pageAt: origin + t, start, trades });
    };
    const firstDeadline = Date.now() + 30_000;
    while (marks.length === 0) {
      if (Date.now() > firstDeadline) throw new Error(`latency ${rate}/s: the chart drew no live update of ${charted} within 30 s; serve output:\n${serve.output()}`);
      await sleep(200);
      await drain();
    }
    await sleep((opts.warmupSeconds ?? 5) * 1000);
    await drain();
    marks.length = 0;
    const before = await clockOffset(page);
    recording = true;
    const t0 = nowWall();
    while (nowWall() - t0 < seconds * 1000) {
      await sleep(500);
      await drain();
    }
    recording = false;
    const t1 = nowWall();
    const server = await serverMetrics(serve.url);
    await sleep(GRACE_MS);
    await drain();
    const after = await clockOffset(page);
    const offset = (before.offsetMs + after.offsetMs) / 2;
    const longTaskList = (await page.evaluate('window.__tandemLongTasks')) as [number, number][] | null;
    if (longTaskList === null) throw new Error('this Chromium has no longtask PerformanceObserver');

    // Each sent trade's position in its bucket, over the whole tape (buckets began before the window).
    const sent: SentTrade[] = [];
    const counts = new Map<number, number>();
    for (const t of fake.emitted(charted)) {
      const start = Math.floor(t.T / TF_MS) * TF_MS;
      const index = counts.get(start) ?? 0;
      counts.set(start, index + 1);
      const at = sentAt.get(t.a);
      if (at !== undefined) sent.push({ start, index, sentAt: at });
    }
    const chartMarks: ChartMark[] = marks.map((m) => ({ at: m.pageAt - offset, start: m.start, trades: m.trades }));
    const { latencies, unmatched } = matchLatencies(sent, chartMarks);
    probe.terminate();
    const dump = process.env['TANDEM_LATENCY_DUMP'];
    if (dump !== undefined && dump !== '') dumpRun(`${dump}.${rate}`, sent, chartMarks, probeMarks);
    const inWindow = longTaskList.map(([start, duration]) => ({ at: origin + start - offset, duration })).filter((t) => t.at >= t0 && t.at < t1);
    const run: LatencyRun = {
      rate,
      seconds,
      latency: summarise(latencies),
      serverLatency: summarise(matchLatencies(sent, probeMarks).latencies),
      unmatched,
      chartUpdates: chartMarks.filter((m) => m.at >= t0 && m.at < t1).length,
      longTasks: { count: inWindow.length, perSecond: inWindow.length / ((t1 - t0) / 1000), maxMs: inWindow.reduce((m, t) => Math.max(m, t.duration), 0) },
      clock: { offsetMs: offset, uncertaintyMs: Math.max(before.uncertaintyMs, after.uncertaintyMs), driftMs: after.offsetMs - before.offsetMs },
      server: { rssMiB: server.rssBytes / 2 ** 20, heapUsedMiB: server.heapUsedBytes / 2 ** 20, eventLoopP99Ms: server.eventLoopDelayMs.p99 },
    };
    log(`latency ${rate}/s: ${formatRun(run)}`);
    return run;
  } finally {
    await browser.close();
    await serve.stop();
    await fake.stop();
  }
}

/** Raw figures for a closer look (TANDEM_LATENCY_DUMP=<prefix>): sent trades and both kinds of marks, as CSV. */
function dumpRun(prefix: string, sent: readonly SentTrade[], chart: readonly ChartMark[], probe: readonly ChartMark[]): void {
  writeFileSync(`${prefix}.sent.csv`, `start,index,sent_at\n${sent.map((t) => `${t.start},${t.index},${t.sentAt.toFixed(3)}`).join('\n')}\n`);
  const marks = (ms: readonly ChartMark[]): string => `at,start,trades\n${ms.map((m) => `${m.at.toFixed(3)},${m.start},${m.trades}`).join('\n')}\n`;
  writeFileSync(`${prefix}.chart.csv`, marks(chart));
  writeFileSync(`${prefix}.probe.csv`, marks(probe));
}

/** A WebSocket client of the charted symbol's 1s bars in this process: when each bar update arrives. */
function openProbe(url: string, symbol: string, marks: ChartMark[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/stream`);
    ws.on('message', (data) => {
      const at = nowWall();
      const m = JSON.parse(String(data)) as { type: string; bar?: { start: number; trades: number } };
      if (m.type === 'bar' && m.bar !== undefined) marks.push({ at, start: m.bar.start, trades: m.bar.trades });
      else if (m.type === 'subscribed') resolve(ws);
    });
    ws.once('open', () => ws.send(JSON.stringify({ op: 'subscribe', channels: [`bars:${symbol}:1s`] })));
    ws.once('error', reject);
  });
}

/** Page clock minus ours, from the round trip with the least delay of 15. */
async function clockOffset(page: Page): Promise<{ offsetMs: number; uncertaintyMs: number }> {
  let best = { offsetMs: 0, uncertaintyMs: Infinity };
  for (let i = 0; i < 15; i++) {
    const a = nowWall();
    const b = (await page.evaluate('performance.timeOrigin + performance.now()')) as number;
    const c = nowWall();
    if ((c - a) / 2 < best.uncertaintyMs) best = { offsetMs: b - (a + c) / 2, uncertaintyMs: (c - a) / 2 };
  }
  return best;
}

const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');

export function formatRun(r: LatencyRun): string {
  return (
    `n=${r.latency.n} p50=${f1(r.latency.p50)} ms p99=${f1(r.latency.p99)} ms max=${f1(r.latency.max)} ms unmatched=${r.unmatched} ` +
    `(server share p50=${f1(r.serverLatency.p50)} p99=${f1(r.serverLatency.p99)} max=${f1(r.serverLatency.max)}) ` +
    `updates=${r.chartUpdates} long_tasks=${r.longTasks.count} (${r.longTasks.perSecond.toFixed(2)}/s, max ${f1(r.longTasks.maxMs)} ms) ` +
    `clock ±${r.clock.uncertaintyMs.toFixed(2)} ms (drift ${r.clock.driftMs.toFixed(2)} ms) server rss=${f1(r.server.rssMiB)} MiB loop_p99=${f1(r.server.eventLoopP99Ms)} ms`
  );
}

/** The latency runs as `tandem bench` figures: `latency.<rate>.p50|p99|max` in ms, `latency.<rate>.long_tasks` per second. */
export async function runLatencyBench(opts: LatencyBenchOptions = {}): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const r of await runLatency(opts)) {
    const base = `latency.tick_to_chart.${r.rate}`;
    out.push({ name: `${base}.p50`, n: r.latency.n, unit: 'ms', value: r.latency.p50, runs: 1 });
    out.push({ name: `${base}.p99`, n: r.latency.n, unit: 'ms', value: r.latency.p99, runs: 1 });
    out.push({ name: `${base}.max`, n: r.latency.n, unit: 'ms', value: r.latency.max, runs: 1 });
    out.push({ name: `${base}.server_p99`, n: r.serverLatency.n, unit: 'ms', value: r.serverLatency.p99, runs: 1 });
    out.push({ name: `${base}.long_tasks`, n: r.longTasks.count, unit: 'per_s', value: r.longTasks.perSecond, runs: 1 });
  }
  return out;
}
