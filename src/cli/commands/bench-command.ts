/**
 * `tandem bench`: runs the benchmarks and prints their figures, one line each, or with
 * `--json` one object `{ machine, results }` (DESIGN.md, CLI). Names are stable.
 * @module
 */

import { cpus, totalmem } from 'node:os';
import type { Command } from 'commander';
import type { BenchResult } from '../bench/bench-result.js';

interface BenchOptions {
  json: boolean;
  only?: string;
  latency: boolean;
  clients: boolean;
  rates: string;
  seconds?: string;
  historyTicks?: string;
  importRows?: string;
  diskTicks?: string;
}

/** `--history-ticks`, read by the history suite. */
let historyTicks: number | undefined;
/** `--import-rows`, read by the history suite's import part. */
let importRows: number | undefined;
/** `--disk-ticks`, read by the disk suite. */
let diskTicks: number | undefined;

type Suite = () => Promise<BenchResult[]>;

const suites: Record<string, Suite> = {
  pipeline: async () => (await import('../bench/pipeline-bench.js')).runPipelineBench(),
  ingest: async () => (await import('../bench/ingest-bench.js')).runIngestBench(),
  compute: async () => (await import('../bench/analytics-bench.js')).runAnalyticsBench(),
  backtest: async () => (await import('../bench/backtest-bench.js')).runBacktestBench(),
  pairs: async () => (await import('../bench/pair-bench.js')).runPairBench(),
  alerts: async () => (await import('../bench/alerts-bench.js')).runAlertsBench(),
  screener: async () => (await import('../bench/screener-bench.js')).runScreenerBench({ log: (l) => process.stderr.write(`  ${l}\n`) }),
  store: async () => (await import('../bench/store-bench.js')).runStoreBench(),
  bus: async () => (await import('../bench/bus-bench.js')).runBusBench(),
  disk: async () => (await import('../bench/disk-bench.js')).runDiskBench({ ...(diskTicks === undefined ? {} : { ticks: diskTicks }), log: (l) => process.stderr.write(`  ${l}\n`) }),
  history: async () =>
    (await import('../bench/history-bench.js')).runHistoryBench({
      ...(historyTicks === undefined ? {} : { ticks: historyTicks }),
      ...(importRows === undefined ? {} : { importRows }),
      log: (l) => process.stderr.write(`  ${l}\n`),
    }),
  // The export of `history` on its own, without the heavy mix beside it.
  export: async () =>
    (await import('../bench/export-bench.js')).runExportBench({ ...(historyTicks === undefined ? {} : { ticks: historyTicks }), log: (l) => process.stderr.write(`  ${l}\n`) }),
  // Also part of `history`; on its own for a quick figure (`--only import --import-rows 20000000`).
  import: async () => {
    const [{ mkdtempSync, rmSync }, { tmpdir }, { join }] = await Promise.all([import('node:fs'), import('node:os'), import('node:path')]);
    const dir = mkdtempSync(join(tmpdir(), 'tandem-import-bench-'));
    try {
      return await (await import('../bench/import-bench.js')).runImportBench({ dir, ...(importRows === undefined ? {} : { rows: importRows }), log: (l) => process.stderr.write(`  ${l}\n`) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks and print their figures')
    .option('--json', 'print one JSON object {machine, results}', false)
    .option('--only <prefix>', `run only the suites whose name starts with this (${Object.keys(suites).join(', ')})`)
    .option('--latency', 'run only the tick-to-chart latency benchmark (needs the build and Chromium; docs/reliability.md)', false)
    .option('--clients', 'run only the many-clients benchmark: 100 WebSocket clients, one slow (docs/reliability.md)', false)
    .option('--rates <list>', 'with --latency: trades/s, comma-separated', '1000,5000,20000')
    .option('--seconds <n>', 'with --latency: measured seconds per rate (default 20); with --clients: the slow client\'s pause (default 30)')
    .option('--history-ticks <n>', 'with --only history or export: ticks seeded and exported (default 2000000)')
    .option('--import-rows <n>', 'with --only history or import: rows of the aggTrades dump imported (default 1000000)')
    .option('--disk-ticks <n>', 'with --only disk: ticks stored to measure bytes per tick (default 1000000)')
    .action(async (opts: BenchOptions) => {
      if (opts.historyTicks !== undefined) historyTicks = Number(opts.historyTicks);
      if (opts.diskTicks !== undefined) diskTicks = Number(opts.diskTicks);
      if (opts.importRows !== undefined) {
        importRows = Number(opts.importRows);
        if (!Number.isSafeInteger(importRows) || importRows < 1) throw new Error(`--import-rows '${opts.importRows}' is not a positive integer`);
      }
      const results: BenchResult[] = [];
      const heavy = heavySuites(opts);
      for (const [name, suite] of heavy ?? Object.entries(suites)) {
        if (heavy === null && opts.only !== undefined && !name.startsWith(opts.only)) continue;
        if (!opts.json) process.stderr.write(`running ${name}...\n`);
        results.push(...(await suite()));
      }
      const cpu = cpus();
      const machine = { node: process.version, platform: process.platform, arch: process.arch, cpus: cpu.length, cpu_model: cpu[0]?.model ?? 'unknown', memory_gib: Math.round(totalmem() / 2 ** 30) };
      if (opts.json) {
        console.log(JSON.stringify({ machine, results }));
        return;
      }
      for (const r of results) {
        const figure =
          r.unit === 'ms' ? (r.median_ms !== undefined ? `${r.median_ms.toFixed(3)} ms (median of ${r.runs})` : `${r.value?.toFixed(1)} ms`) : r.unit === 'MiB' ? `${r.value?.toFixed(1)} MiB` : r.unit === 'bytes' ? `${r.value?.toFixed(1)} bytes` : `${r.value?.toLocaleString('en-US')} /s`;
        console.log(`${r.name.padEnd(36)} n=${String(r.n).padEnd(9)} ${figure}`);
      }
    });
}

/** The suites `--latency` and `--clients` ask for (they are not part of a plain run), or null. */
function heavySuites(opts: BenchOptions): [string, Suite][] | null {
  if (!opts.latency && !opts.clients) return null;
  const seconds = opts.seconds === undefined ? undefined : Number(opts.seconds);
  if (seconds !== undefined && !(Number.isFinite(seconds) && seconds > 0)) throw new Error(`--seconds '${opts.seconds}' is not a positive number`);
  const rates = opts.rates.split(',').map((r) => {
    const n = Number(r.trim());
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--rates: '${r}' is not a positive number of trades per second`);
    return n;
  });
  const log = opts.json ? undefined : (line: string) => void process.stderr.write(`${line}\n`);
  const out: [string, Suite][] = [];
  if (opts.latency) {
    out.push(['latency', async () => (await import('../bench/latency-bench.js')).runLatencyBench({ rates, ...(seconds === undefined ? {} : { seconds }), ...(log ? { log } : {}) })]);
  }
  if (opts.clients) {
    out.push(['clients', async () => (await import('../bench/clients-bench.js')).runClientsBench({ ...(seconds === undefined ? {} : { pauseSeconds: seconds }), ...(log ? { log } : {}) })]);
  }
  return out;
}
