/**
 * `tandem import ticks <file>` and `tandem import ohlc <file>`: write a file straight to
 * the store at full speed, all-or-nothing (a bad file is rejected with every bad row named and
 * nothing written). A progress bar shows on a TTY; `--json` prints one summary object instead.
 * A rejected file exits with 2; with `--json` it prints `{"error": {code, message, rows, moreRows}}`.
 * @module
 */

import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { TandemError } from '../../core/tandem-error.js';
import { importOhlc, importTicks, type ImportProgress, type ImportResult } from '../../engine/file-import.js';
import { describeRowError, InvalidFileError, TICK_FILE_FORMATS, type TickFileFormat } from '../../ingest/replay/tick-file-format.js';
import { parseSymbol } from '../../model/market-symbol.js';
import { DEFAULT_TIMEFRAMES, parseTimeframe, type TimeframeSpec } from '../../model/timeframe.js';
import type { MarketStores } from '../../store/market-stores.js';
import { openStores } from '../../store/open-stores.js';
import { storeConfigOf, withStoreOptions, type StoreOptions } from '../store-options.js';

interface ImportOptions extends StoreOptions {
  symbol?: string;
  format?: string;
  tf?: string;
  json: boolean;
}

export function registerImportCommand(program: Command): void {
  const cmd = program.command('import').description('import ticks or OHLC bars from a file into the store (all-or-nothing)');
  const common = (c: Command): Command =>
    withStoreOptions(c).option('--json', 'print one JSON summary object and no progress', false);
  common(
    cmd
      .command('ticks <file>')
      .description('import ticks: a Binance aggTrades dump (.csv or .zip), a Tandem tick CSV, or NDJSON; rebuilds the 1s/1m/5m bars of the range')
      .option('--symbol <symbol>', "the symbol of a Binance dump (else taken from a name like BTCUSDT-aggTrades-2024-01-01.csv); for other formats, rows of any other symbol are rejected")
      .option('--format <format>', `skip detection: ${TICK_FILE_FORMATS.join(', ')}`),
  ).action(async (file: string, opts: ImportOptions) => run(opts, file, 'ticks'));
  common(
    cmd
      .command('ohlc <file>')
      .description('import OHLC bars: a CSV timestamp,open,high,low,close,volume (header optional; time as ISO-8601, epoch s, ms or µs), Tandem\'s bar export, or a Binance kline dump (.csv or .zip, e.g. BTCUSDT-1m-2024-01.zip)')
      .requiredOption('--symbol <symbol>', 'the symbol of the bars')
      .requiredOption('--tf <timeframe>', `the bars' timeframe, one of the stored ones (${DEFAULT_TIMEFRAMES.join(', ')})`),
  ).action(async (file: string, opts: ImportOptions) => run(opts, file, 'ohlc'));
}

const storedTimeframes = (): TimeframeSpec[] =>
  DEFAULT_TIMEFRAMES.map((t) => {
    const r = parseTimeframe(t);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  });

async function run(opts: ImportOptions, file: string, kind: 'ticks' | 'ohlc'): Promise<void> {
  const progress = !opts.json && process.stderr.isTTY === true ? new ProgressBar(file) : null;
  let store: MarketStores | null = null;
  try {
    const symbol = opts.symbol === undefined ? undefined : symbolOption(opts.symbol);
    const format = opts.format === undefined ? undefined : formatOption(opts.format);
    store = await openStores(storeConfigOf(opts));
    const input = createReadStream(file, { highWaterMark: 1 << 16 });
    const onProgress = progress === null ? undefined : (p: ImportProgress) => progress.update(p);
    let result: ImportResult;
    if (kind === 'ticks') {
      result = await importTicks(store, input, {
        name: file,
        timeframes: storedTimeframes(),
        ...(symbol === undefined ? {} : { symbol }),
        ...(format === undefined ? {} : { format }),
        ...(onProgress === undefined ? {} : { onProgress }),
      });
    } else {
      const tf = parseTimeframe(opts.tf ?? '');
      if (!tf.ok) throw new TandemError('invalid_request', `--tf: ${tf.error.message}`);
      result = await importOhlc(store, input, { symbol: symbol!, tf: tf.value, storedTimeframes: storedTimeframes(), name: file, ...(onProgress === undefined ? {} : { onProgress }) });
    }
    progress?.done();
    if (opts.json) console.log(JSON.stringify({ file, ...result }));
    else console.log(`imported ${file}: ${result.rows.toLocaleString('en-US')} rows, ${result.inserted.toLocaleString('en-US')} ticks new, ${result.duplicates.toLocaleString('en-US')} already stored, ${result.bars.toLocaleString('en-US')} bars written`);
  } catch (e) {
    progress?.done();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR') fail(opts, new TandemError('invalid_request', `cannot read ${file}: ${err.code}`));
    else if (e instanceof TandemError) fail(opts, e);
    else throw e;
  } finally {
    await store?.close();
  }
}

function symbolOption(input: string): string {
  const r = parseSymbol(input);
  if (!r.ok) throw new TandemError('invalid_request', `--symbol: ${r.error.message}`);
  return r.value;
}

function formatOption(input: string): TickFileFormat {
  const f = TICK_FILE_FORMATS.find((x) => x === input);
  if (f === undefined) throw new TandemError('invalid_request', `--format '${input}' is not one of ${TICK_FILE_FORMATS.join(', ')}`);
  return f;
}

/** Reports a rejected import: every listed bad row, exit code 2. */
function fail(opts: ImportOptions, e: TandemError): void {
  const rows = e instanceof InvalidFileError ? e.rows : [];
  const moreRows = e instanceof InvalidFileError ? e.moreRows : 0;
  if (opts.json) {
    const message = e instanceof InvalidFileError ? e.summary : e.message;
    console.log(JSON.stringify({ error: { code: e.code, message, ...(e instanceof InvalidFileError ? { rows, moreRows } : {}) } }));
  } else {
    console.error(`tandem import: ${e instanceof InvalidFileError ? e.summary : e.message}`);
    for (const r of rows) console.error(`  ${describeRowError(r)}`);
    if (moreRows > 0) console.error(`  ... and ${moreRows} more bad rows`);
  }
  process.exitCode = 2;
}

/** One self-rewriting line on stderr, redrawn at most every 100 ms. */
class ProgressBar {
  private last = 0;
  private drawn = false;

  constructor(private readonly file: string) {}

  update(p: ImportProgress): void {
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const mb = (p.bytesRead / 1e6).toFixed(1);
    const text =
      p.phase === 'reading'
        ? `reading ${this.file}: ${mb} MB, ${p.rowsRead.toLocaleString('en-US')} rows`
        : p.phase === 'writing'
          ? `writing ${bar(p.written / Math.max(1, p.total))} ${p.written.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}`
          : 'rebuilding bars...';
    process.stderr.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) process.stderr.write('\r\x1b[2K');
    this.drawn = false;
  }
}

function bar(fraction: number, width = 24): string {
  const full = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${Math.round(fraction * 100)}%`;
}
