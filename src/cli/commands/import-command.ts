/**
 * `tandem import ticks <files...>` and `tandem import ohlc <file>`: write files straight to
 * the store at full speed, each all-or-nothing (a bad file is rejected with every bad row named
 * and nothing of it written). Tick files are streamed (jobs/tick-import): memory stays flat
 * whatever their size, and a file whose bytes were imported before is skipped (`--force`
 * imports it again). A progress bar with rate and ETA shows on a TTY; `--json` prints one
 * summary object per file instead. A rejected file exits with 2 (the files before it stay
 * imported; the ones after it are not read); with `--json` it prints
 * `{"error": {code, message, rows, moreRows}}`.
 * @module
 */

import { createReadStream, statSync } from 'node:fs';
import type { Command } from 'commander';
import { TandemError } from '../../core/tandem-error.js';
import { importOhlc, type ImportProgress, type ImportResult } from '../../engine/file-import.js';
import { importTicksInto, sha256OfFile } from '../../jobs/tick-import/import-into-store.js';
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
  force?: boolean;
  json: boolean;
}

export function registerImportCommand(program: Command): void {
  const cmd = program.command('import').description('import ticks or OHLC bars from a file into the store (all-or-nothing)');
  const common = (c: Command): Command =>
    withStoreOptions(c).option('--json', 'print one JSON summary object and no progress', false);
  common(
    cmd
      .command('ticks <files...>')
      .description('import ticks: Binance aggTrades dumps (.csv or .zip), Tandem tick CSVs, or NDJSON, one file after another; builds the 1s/1m/5m bars of their ranges')
      .option('--symbol <symbol>', "the symbol of a Binance dump (else taken from a name like BTCUSDT-aggTrades-2024-01-01.csv); for other formats, rows of any other symbol are rejected")
      .option('--format <format>', `skip detection: ${TICK_FILE_FORMATS.join(', ')}`)
      .option('--force', 'import a file even when the same bytes were imported before', false),
  ).action(async (files: string[], opts: ImportOptions) => runTicks(opts, files));
  common(
    cmd
      .command('ohlc <file>')
      .description('import OHLC bars: a CSV timestamp,open,high,low,close,volume (header optional; time as ISO-8601, epoch s, ms or µs), Tandem\'s bar export, or a Binance kline dump (.csv or .zip, e.g. BTCUSDT-1m-2024-01.zip)')
      .requiredOption('--symbol <symbol>', 'the symbol of the bars')
      .requiredOption('--tf <timeframe>', `the bars' timeframe, one of the stored ones (${DEFAULT_TIMEFRAMES.join(', ')})`),
  ).action(async (file: string, opts: ImportOptions) => runOhlc(opts, file));
}

const storedTimeframes = (): TimeframeSpec[] =>
  DEFAULT_TIMEFRAMES.map((t) => {
    const r = parseTimeframe(t);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  });

/** Imports tick files one after another; stops at the first file that is rejected. */
async function runTicks(opts: ImportOptions, files: readonly string[]): Promise<void> {
  let store: MarketStores | null = null;
  let file = files[0] ?? '';
  const progress = !opts.json && process.stderr.isTTY === true ? new ProgressBar() : null;
  try {
    const symbol = opts.symbol === undefined ? undefined : symbolOption(opts.symbol);
    const format = opts.format === undefined ? undefined : formatOption(opts.format);
    const sizes = files.map((f) => {
      file = f;
      return statSync(f).size;
    });
    store = await openStores(storeConfigOf(opts));
    const totalBytes = sizes.reduce((a, b) => a + b, 0);
    let doneBytes = 0;
    for (const [k, f] of files.entries()) {
      file = f;
      const sha256 = await sha256OfFile(f);
      const label = files.length > 1 ? `${f} (${k + 1}/${files.length})` : f;
      const base = doneBytes;
      const result = await importTicksInto(store, createReadStream(f, { highWaterMark: 1 << 20 }), {
        name: f,
        sha256,
        timeframes: storedTimeframes(),
        force: opts.force === true,
        ...(symbol === undefined ? {} : { symbol }),
        ...(format === undefined ? {} : { format }),
        ...(progress === null ? {} : { onProgress: (p: ImportProgress) => progress.update(label, p, base + p.bytesRead, totalBytes) }),
      });
      doneBytes += sizes[k]!;
      progress?.done();
      if (opts.json) console.log(JSON.stringify({ file: f, ...result }));
      else if (result.skipped) console.log(`skipped ${f}: these bytes were imported before (sha256 ${result.sha256.slice(0, 12)}…); --force imports them again`);
      else console.log(`imported ${f}: ${result.rows.toLocaleString('en-US')} rows, ${result.inserted.toLocaleString('en-US')} ticks new, ${result.duplicates.toLocaleString('en-US')} already stored, ${result.bars.toLocaleString('en-US')} bars written`);
    }
  } catch (e) {
    progress?.done();
    failed(opts, file, e);
  } finally {
    await store?.close();
  }
}

async function runOhlc(opts: ImportOptions, file: string): Promise<void> {
  const progress = !opts.json && process.stderr.isTTY === true ? new ProgressBar() : null;
  let store: MarketStores | null = null;
  try {
    const symbol = opts.symbol === undefined ? undefined : symbolOption(opts.symbol);
    const totalBytes = statSync(file).size;
    store = await openStores(storeConfigOf(opts));
    const input = createReadStream(file, { highWaterMark: 1 << 16 });
    const onProgress = progress === null ? undefined : (p: ImportProgress) => progress.update(file, p, p.bytesRead, totalBytes);
    const tf = parseTimeframe(opts.tf ?? '');
    if (!tf.ok) throw new TandemError('invalid_request', `--tf: ${tf.error.message}`);
    const result: ImportResult = await importOhlc(store, input, { symbol: symbol!, tf: tf.value, storedTimeframes: storedTimeframes(), name: file, ...(onProgress === undefined ? {} : { onProgress }) });
    progress?.done();
    if (opts.json) console.log(JSON.stringify({ file, ...result }));
    else console.log(`imported ${file}: ${result.rows.toLocaleString('en-US')} rows, ${result.bars.toLocaleString('en-US')} bars written`);
  } catch (e) {
    progress?.done();
    failed(opts, file, e);
  } finally {
    await store?.close();
  }
}

/** Reports an import that failed: a file that cannot be read, or a rejected one. */
function failed(opts: ImportOptions, file: string, e: unknown): void {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR') fail(opts, new TandemError('invalid_request', `cannot read ${file}: ${err.code}`));
  else if (e instanceof TandemError) fail(opts, e);
  else throw e;
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

/** One self-rewriting line on stderr, redrawn at most every 100 ms: bytes done of all files, rate and ETA. */
class ProgressBar {
  private last = 0;
  private drawn = false;
  private readonly started = Date.now();

  update(file: string, p: ImportProgress, doneBytes: number, totalBytes: number): void {
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const secs = Math.max(0.001, (now - this.started) / 1000);
    const rate = doneBytes / secs;
    const eta = rate > 0 ? Math.max(0, (totalBytes - doneBytes) / rate) : Number.NaN;
    const text =
      p.phase === 'reading'
        ? `${file} ${bar(doneBytes / Math.max(1, totalBytes))} ${(rate / 1e6).toFixed(1)} MB/s, ${p.rowsRead.toLocaleString('en-US')} rows, ETA ${Number.isFinite(eta) ? `${Math.ceil(eta)} s` : '?'}`
        : p.phase === 'writing'
          ? `${file}: committing ${p.total.toLocaleString('en-US')} rows...`
          : `${file}: rebuilding bars...`;
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
