/**
 * `tandem export ticks|bars|pair`: stored data as CSV, Parquet or an Arrow IPC stream
 * (`--format`, else the `--out` file's extension, else CSV) to a file or stdout, streamed from
 * the store (formats in `engine/csv-export.ts` and `engine/columnar-export.ts`). Times may be
 * given as epoch ms or ISO-8601.
 * @module
 */

import { createWriteStream } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { systemClock } from '../../core/clock.js';
import { TandemError } from '../../core/tandem-error.js';
import { barColumnar, pairColumnar, tickColumnar } from '../../engine/columnar-export.js';
import { barCsv, pairCsv, tickCsv } from '../../engine/csv-export.js';
import { EXPORT_FORMATS, parseExportFormat, type ExportFormat } from '../../engine/export-format.js';
import { WORKER_BATCH_ROWS } from '../../jobs/columnar-export-job.js';
import { LiveEngine } from '../../engine/live-engine.js';
import { DEFAULT_TEST_LOOKBACK } from '../../engine/pair-tests.js';
import type { HedgeMethod } from '../../model/pair-spec.js';
import { MAX_PAIR_BARS, resolvePairRange } from '../../server/pair-range.js';
import { parseSymbol } from '../../model/market-symbol.js';
import { DEFAULT_TIMEFRAMES, parseTimeframe, type TimeframeSpec } from '../../model/timeframe.js';
import type { MarketStores } from '../../store/market-stores.js';
import { openStores } from '../../store/open-stores.js';
import { existingStoreConfigOf, withStoreOptions, type StoreOptions } from '../store-options.js';
import { parseTimeOption } from '../time-option.js';

interface ExportOptions extends StoreOptions {
  symbol: string;
  tf?: string;
  from?: string;
  to?: string;
  out?: string;
  format?: string;
}

/**
 * The format asked for with `--format`, else the one the `--out` file's extension names
 * (`.parquet`, `.arrow`, `.csv`), else CSV.
 */
export function exportFormatOf(opts: { readonly format?: string; readonly out?: string }): ExportFormat {
  if (opts.format !== undefined) {
    const f = parseExportFormat(opts.format);
    if (!f.ok) throw new TandemError('invalid_request', `--format: ${f.error.message}`);
    return f.value;
  }
  const ext = opts.out?.match(/\.([a-z]+)$/i)?.[1]?.toLowerCase();
  return EXPORT_FORMATS.find((f) => f === ext) ?? 'csv';
}

const FORMAT_HELP = `${EXPORT_FORMATS.join(', ')} (default: the --out file's extension, else csv)`;
export function registerExportCommand(program: Command): void {
  const cmd = program.command('export').description('export stored ticks, bars or the pair series as CSV, Parquet or an Arrow IPC stream');
  const common = (c: Command): Command =>
    withStoreOptions(
      c
        .requiredOption('--symbol <symbol>', 'the symbol')
        .option('--from <time>', 'from this time, inclusive (epoch ms or ISO-8601)')
        .option('--to <time>', 'to this time, exclusive (epoch ms or ISO-8601)')
        .option('--out <file>', 'write to this file (default: stdout)')
        .option('--format <format>', FORMAT_HELP),
    );
  withStoreOptions(cmd.command('pair'))
    .description('the Pair Analytics series: timestamp,y,x,y_filled,x_filled,beta,alpha,spread,z,corr,ols_beta')
    .requiredOption('--y <symbol>', 'dependent leg')
    .requiredOption('--x <symbol>', 'independent leg')
    .requiredOption('--tf <timeframe>', 'timeframe (1s, 1m, 5m, ...)')
    .option('--method <method>', 'hedge ratio: ols, huber, theilsen or kalman', 'ols')
    .option('--window <bars>', 'rolling window in bars', '20')
    .option('--from <time>', 'from this bar start, inclusive (epoch ms or ISO-8601)')
    .option('--to <time>', 'to this bar start, exclusive (epoch ms or ISO-8601)')
    .option('--out <file>', 'write to this file (default: stdout)')
    .option('--format <format>', FORMAT_HELP)
    .action(async (opts: PairExportOptions) => runPair(opts));
  common(cmd.command('ticks').description('ticks: symbol,ts,price,qty,trade_id,buyer_maker')).action(async (opts: ExportOptions) => run(opts, 'ticks'));
  common(cmd.command('bars').description('bars: timestamp,open,high,low,close,volume,vwap,trades').requiredOption('--tf <timeframe>', 'any timeframe (1s, 1m, 15s, ...)')).action(
    async (opts: ExportOptions) => run(opts, 'bars'),
  );
}

async function run(opts: ExportOptions, kind: 'ticks' | 'bars'): Promise<void> {
  let store: MarketStores | null = null;
  try {
    const format = exportFormatOf(opts);
    const symbol = parseSymbol(opts.symbol);
    if (!symbol.ok) throw new TandemError('invalid_request', `--symbol: ${symbol.error.message}`);
    const range = {
      symbol: symbol.value,
      ...(opts.from === undefined ? {} : { from: parseTimeOption('from', opts.from) }),
      ...(opts.to === undefined ? {} : { to: parseTimeOption('to', opts.to) }),
    };
    let tf: TimeframeSpec | null = null;
    if (kind === 'bars') {
      const r = parseTimeframe(opts.tf ?? '');
      if (!r.ok) throw new TandemError('invalid_request', `--tf: ${r.error.message}`);
      tf = r.value;
    }
    store = await openStores(existingStoreConfigOf(opts));
    const stored = DEFAULT_TIMEFRAMES.map((t) => (parseTimeframe(t) as { ok: true; value: TimeframeSpec }).value);
    const now = systemClock.now();
    // No live lane to keep in this process, so the big batches of the job workers.
    const source =
      format === 'csv'
        ? tf === null
          ? tickCsv(store.ticks, range)
          : barCsv(store, stored, { ...range, tf }, now)
        : tf === null
          ? tickColumnar(store.ticks, range, format, WORKER_BATCH_ROWS)
          : barColumnar(store, stored, { ...range, tf }, now, format, WORKER_BATCH_ROWS);
    const sink = opts.out === undefined ? stdoutSink() : createWriteStream(opts.out);
    await pipeline(Readable.from(source), sink);
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    console.error(`tandem export: ${e.message}`);
    process.exitCode = 2;
  } finally {
    await store?.close();
  }
}

interface PairExportOptions extends StoreOptions {
  y: string;
  x: string;
  tf: string;
  method: string;
  window: string;
  from?: string;
  to?: string;
  out?: string;
  format?: string;
}

async function runPair(opts: PairExportOptions): Promise<void> {
  let engine: LiveEngine;
  let format: ExportFormat;
  try {
    format = exportFormatOf(opts);
    engine = await LiveEngine.open({ store: existingStoreConfigOf(opts) });
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    console.error(`tandem export: ${e.message}`);
    process.exitCode = 2;
    return;
  }
  try {
    const window = Number(opts.window);
    if (!Number.isInteger(window)) throw new TandemError('invalid_request', `--window '${opts.window}' is not a whole number of bars`);
    const { spec, from, to } = await resolvePairRange(engine, {
      y: opts.y,
      x: opts.x,
      tf: opts.tf,
      method: opts.method as HedgeMethod,
      window,
      ...(opts.from === undefined ? {} : { from: parseTimeOption('from', opts.from) }),
      ...(opts.to === undefined ? {} : { to: parseTimeOption('to', opts.to) }),
    });
    const r = await engine.pairs.analyzeRange({ spec, from, to, lookback: DEFAULT_TEST_LOOKBACK, maxBars: MAX_PAIR_BARS });
    const source = format === 'csv' ? pairCsv(r.columns) : pairColumnar(r.columns, format, WORKER_BATCH_ROWS);
    await pipeline(Readable.from(source), opts.out === undefined ? stdoutSink() : createWriteStream(opts.out));
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    console.error(`tandem export: ${e.message}`);
    process.exitCode = 2;
  } finally {
    await engine.close();
  }
}

/** stdout as a pipeline destination that is not closed at the end. */
function stdoutSink(): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      if (process.stdout.write(chunk)) done();
      else process.stdout.once('drain', () => done());
    },
  });
}
