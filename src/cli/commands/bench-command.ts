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
}

type Suite = () => Promise<BenchResult[]>;

const suites: Record<string, Suite> = {
  pipeline: async () => (await import('../bench/pipeline-bench.js')).runPipelineBench(),
  ingest: async () => (await import('../bench/ingest-bench.js')).runIngestBench(),
  compute: async () => (await import('../bench/analytics-bench.js')).runAnalyticsBench(),
  backtest: async () => (await import('../bench/backtest-bench.js')).runBacktestBench(),
  pairs: async () => (await import('../bench/pair-bench.js')).runPairBench(),
  alerts: async () => (await import('../bench/alerts-bench.js')).runAlertsBench(),
};

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks and print their figures')
    .option('--json', 'print one JSON object {machine, results}', false)
    .option('--only <prefix>', `run only the suites whose name starts with this (${Object.keys(suites).join(', ')})`)
    .action(async (opts: BenchOptions) => {
      const results: BenchResult[] = [];
      for (const [name, suite] of Object.entries(suites)) {
        if (opts.only !== undefined && !name.startsWith(opts.only)) continue;
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
        const figure = r.unit === 'ms' ? `${r.median_ms?.toFixed(3)} ms (median of ${r.runs})` : `${r.value?.toLocaleString('en-US')} /s`;
        console.log(`${r.name.padEnd(36)} n=${String(r.n).padEnd(9)} ${figure}`);
      }
    });
}
