/**
 * `tandem screen --tf 1m --lookback 1440`: ranks every pair of the stored symbols as
 * `GET /api/screener` does (the same code: `jobs/screener-job.ts`), the pairs split over worker
 * threads, and prints a table, or with `--json` the route's object. Bad flags and a missing store
 * exit 2 with a message naming the flag (with `--json`, `{"error": {code, message}}` on stdout).
 * @module
 */

import type { Command } from 'commander';
import { TandemError } from '../../core/tandem-error.js';
import { parseScreenerParams } from '../../engine/screener-params.js';
import { JobPool } from '../../jobs/job-pool.js';
import { runScreener } from '../../jobs/screener-job.js';
import type { ScreenerRanking } from '../../model/screener-ranking.js';
import { DEFAULT_TIMEFRAMES, parseTimeframe, type TimeframeSpec } from '../../model/timeframe.js';
import { toScreenerRankingDto } from '../../server/screener-dto.js';
import { openStores } from '../../store/open-stores.js';
import { existingStoreConfigOf, withStoreOptions, type StoreOptions } from '../store-options.js';

interface ScreenOptions extends StoreOptions {
  tf: string;
  lookback: string;
  limit: string;
  minCorr?: string;
  prices: string;
  minQuoteVolume?: string;
  threads?: string;
  json: boolean;
}

export function registerScreenCommand(program: Command): void {
  withStoreOptions(program.command('screen'))
    .description('rank every pair of the stored symbols by Engle-Granger p-value over the last --lookback aligned bars (as GET /api/screener)')
    .option('--tf <timeframe>', 'stored bar timeframe', '1m')
    .option('--lookback <bars>', 'aligned bars screened', '1440')
    .option('--limit <n>', 'pairs listed', '50')
    .option('--min-corr <r>', 'prefilter: test a pair only when |corr| of its prices or log returns reaches this (default 0.5)')
    .option('--prices <log|raw>', 'coint and the hedge on log or raw prices', 'log')
    .option('--min-quote-volume <q>', 'prefilter: skip symbols whose Σ close·volume over the lookback is below this (default 0)')
    .option('--threads <n>', 'worker threads (default: the CPU count; 0: this thread only)')
    .option('--json', 'print the ranking as one JSON object (the shape of GET /api/screener)', false)
    .action(async (opts: ScreenOptions) => {
      try {
        const { params, tf } = parseFlags(opts);
        const threads = opts.threads === undefined ? undefined : Number(opts.threads);
        if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0 && threads <= 256)) throw new TandemError('invalid_request', `--threads: '${opts.threads}' is not a whole number from 0 to 256`);
        const store = await openStores(existingStoreConfigOf(opts));
        const pool = threads === 0 ? null : new JobPool({ ...(threads === undefined ? {} : { workers: threads }) });
        try {
          const ranking = await runScreener(pool, store, storedTimeframes(), tf, params);
          if (opts.json) console.log(JSON.stringify(toScreenerRankingDto(ranking)));
          else printRanking(ranking);
        } finally {
          await pool?.close();
          await store.close();
        }
      } catch (e) {
        if (!(e instanceof TandemError)) throw e;
        if (opts.json) console.log(JSON.stringify({ error: { code: e.code, message: e.message } }));
        else console.error(`tandem screen: ${e.message}`);
        process.exitCode = 2;
      }
    });
}

const storedTimeframes = (): TimeframeSpec[] => DEFAULT_TIMEFRAMES.map((t) => (parseTimeframe(t) as { ok: true; value: TimeframeSpec }).value);

/** The flags through the route's rules; a message names the flag (`--min-corr: ...`). */
function parseFlags(o: ScreenOptions): ReturnType<typeof parseScreenerParams> {
  const flag: Record<string, string> = { tf: '--tf', lookback: '--lookback', limit: '--limit', minCorr: '--min-corr', prices: '--prices', minQuoteVolume: '--min-quote-volume' };
  try {
    return parseScreenerParams({ tf: o.tf, lookback: o.lookback, limit: o.limit, minCorr: o.minCorr, prices: o.prices, minQuoteVolume: o.minQuoteVolume });
  } catch (e) {
    if (e instanceof TandemError) {
      const field = /^(\w+):/.exec(e.message)?.[1];
      if (field !== undefined && flag[field] !== undefined) throw new TandemError(e.code, `${flag[field]}${e.message.slice(field.length)}`);
    }
    throw e;
  }
}

const g = (v: number | null, digits = 4): string => (v === null ? '—' : Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toPrecision(digits));

function printRanking(r: ScreenerRanking): void {
  const asOf = r.asOf === null ? 'no data' : new Date(r.asOf).toISOString().replace('.000Z', 'Z');
  console.log(`${r.symbols.length} symbols, ${r.pairsTested} pairs tested, ${r.lookback} × ${r.tf} bars (${r.prices} prices) to ${asOf}\n`);
  if (r.items.length === 0) {
    console.log(r.symbols.length < 2 ? 'fewer than 2 symbols have enough bars: nothing to rank' : 'no pair passed the prefilter');
    return;
  }
  const head = ['#', 'y', 'x', 'p-value', 'beta', 'half-life', 'corr', 'hurst', 'z', 'beta cv', 'score'];
  const rows = r.items.map((i, k) => [String(k + 1), i.y, i.x, g(i.pvalue, 3), g(i.beta), g(i.halfLife, 3), g(i.corr, 3), g(i.hurst, 3), g(i.z, 3), g(i.betaStability, 3), g(i.score, 3)]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]): string => cells.map((v, c) => (c <= 2 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ');
  console.log(line(head));
  for (const row of rows) console.log(line(row));
}
