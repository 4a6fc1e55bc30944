/**
 * Imports of files straight into the store, shared by `tandem import` and `POST /api/import/*`.
 * Both are all-or-nothing on content: the whole file is read and validated first (one bad row
 * rejects it with every bad row named, and nothing is written); only then are ticks written,
 * in transactions of 10,000 with a turn of the event loop between them so a server stays
 * responsive. A crash or a full disk during that write can leave part of a valid file stored;
 * running the same import again completes it, since ticks de-duplicate on (symbol, tradeId)
 * and bars are rebuilt and replaced whole.
 *
 * After a tick import the stored timeframes' bars of the imported range are rebuilt from the
 * stored ticks (the file's and any already there) with the live engine's `BarAggregator`, so
 * charts show imported data and agree with live bars.
 * @module
 */

import { TandemError } from '../core/tandem-error.js';
import { BarAggregator } from '../bars/bar-aggregator.js';
import { loadOhlcFile } from '../ingest/replay/load-ohlc-file.js';
import { loadTickFile, type LoadProgress } from '../ingest/replay/load-tick-file.js';
import type { TickFileOptions } from '../ingest/replay/tick-file-reader.js';
import type { Bar } from '../model/bar.js';
import { bucketStart, type TimeframeSpec } from '../model/timeframe.js';
import type { BarSource, BarStore } from '../store/bar-store.js';
import type { TickCursor, TickStore } from '../store/tick-store.js';

export interface ImportStores {
  readonly ticks: TickStore;
  readonly bars: BarStore;
}

/** What an import did. */
export interface ImportResult {
  /** Ticks stored that were not stored before. */
  readonly inserted: number;
  /** Ticks of the file already stored, or repeated within the file. */
  readonly duplicates: number;
  /** Bars written (rebuilt from ticks, or imported from OHLC). */
  readonly bars: number;
  /** Data rows read from the file. */
  readonly rows: number;
}

export type ImportPhase = 'reading' | 'writing' | 'bars';

export interface ImportProgress extends LoadProgress {
  readonly phase: ImportPhase;
  /** Items (ticks or bars) written so far in the `writing` phase, of `total`. */
  readonly written: number;
  readonly total: number;
}

const WRITE_CHUNK = 10_000;
const QUERY_PAGE = 100_000;

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface TickImportOptions extends Omit<TickFileOptions, 'source'> {
  /** Timeframes whose bars are rebuilt for the imported range (the stored ones). */
  readonly timeframes: readonly TimeframeSpec[];
  readonly onProgress?: (p: ImportProgress) => void;
}

export async function importTicks(stores: ImportStores, input: AsyncIterable<Uint8Array>, opts: TickImportOptions): Promise<ImportResult> {
  let read: LoadProgress = { bytesRead: 0, rowsRead: 0 };
  const report = (phase: ImportPhase, written: number, total: number): void => opts.onProgress?.({ ...read, phase, written, total });
  const { table, rows } = await loadTickFile(input, { ...opts, source: 'import' }, (p) => {
    read = p;
    report('reading', 0, 0);
  });
  let inserted = 0;
  let duplicates = table.duplicatesInFile;
  for (let k = 0; k < table.length; k += WRITE_CHUNK) {
    const r = await stores.ticks.appendTicks(table.slice(k, k + WRITE_CHUNK));
    inserted += r.inserted;
    duplicates += r.duplicates;
    report('writing', Math.min(k + WRITE_CHUNK, table.length), table.length);
    await turn();
  }
  let bars = 0;
  for (const range of table.ranges()) {
    for (const tf of opts.timeframes) {
      report('bars', 0, 0);
      bars += await rebuildBars(stores, range.symbol, tf, range.firstTs, range.lastTs, 'import');
    }
  }
  return { inserted, duplicates, bars, rows };
}

/**
 * Rebuilds and stores the bars of `symbol` at `tf` for every bucket that holds a trade between
 * `firstTs` and `lastTs` (inclusive), from the stored ticks. Returns how many bars it wrote.
 */
export async function rebuildBars(stores: ImportStores, symbol: string, tf: TimeframeSpec, firstTs: number, lastTs: number, source: BarSource): Promise<number> {
  const from = bucketStart(firstTs, tf.ms);
  const to = bucketStart(lastTs, tf.ms) + tf.ms;
  const agg = new BarAggregator(symbol, tf);
  let pending: Bar[] = [];
  let written = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    await stores.bars.upsertBars(pending, source);
    written += pending.length;
    pending = [];
    await turn();
  };
  let after: TickCursor | undefined;
  for (;;) {
    const page = await stores.ticks.queryTicks({ symbol, from, to, limit: QUERY_PAGE, ...(after === undefined ? {} : { after }) });
    for (const t of page) {
      const r = agg.add(t);
      if (r.kind === 'added' && r.finalized !== null) pending.push(r.finalized);
    }
    if (pending.length >= WRITE_CHUNK) await flush();
    if (page.length < QUERY_PAGE) break;
    const last = page[page.length - 1]!;
    after = { ts: last.ts, tradeId: last.tradeId };
  }
  const tail = agg.closeBefore(Infinity);
  if (tail !== null) pending.push(tail);
  await flush();
  return written;
}

export interface OhlcImportOptions {
  readonly symbol: string;
  readonly tf: TimeframeSpec;
  /** The stored timeframes; bars of any other timeframe would never be read, so are refused. */
  readonly storedTimeframes: readonly TimeframeSpec[];
  readonly name?: string;
  readonly maxLineBytes?: number;
  readonly onProgress?: (p: ImportProgress) => void;
}

/**
 * Imports OHLC bars of one symbol and stored timeframe from a CSV or a zip of one CSV (see
 * `loadOhlcFile` for the shapes, Binance's kline dumps among them), replacing stored bars of
 * the same buckets. They are stored with source `ohlc`; where the file does not carry them,
 * `vwap` is (high + low + close) / 3 and `trades` 0.
 */
export async function importOhlc(stores: ImportStores, input: AsyncIterable<Uint8Array>, opts: OhlcImportOptions): Promise<ImportResult> {
  if (!opts.storedTimeframes.some((t) => t.label === opts.tf.label)) {
    throw new TandemError(
      'invalid_request',
      `timeframe ${opts.tf.label} is not stored (stored: ${opts.storedTimeframes.map((t) => t.label).join(', ')}); other timeframes are built from ticks, so imported ${opts.tf.label} bars would never be read`,
    );
  }
  let read: LoadProgress = { bytesRead: 0, rowsRead: 0 };
  const bars = await loadOhlcFile(
    input,
    { symbol: opts.symbol, tf: opts.tf, ...(opts.name === undefined ? {} : { name: opts.name }), ...(opts.maxLineBytes === undefined ? {} : { maxLineBytes: opts.maxLineBytes }) },
    (p) => {
      read = p;
      opts.onProgress?.({ ...p, phase: 'reading', written: 0, total: 0 });
    },
  );
  for (let k = 0; k < bars.length; k += WRITE_CHUNK) {
    await stores.bars.upsertBars(bars.slice(k, k + WRITE_CHUNK), 'ohlc');
    opts.onProgress?.({ ...read, phase: 'writing', written: Math.min(k + WRITE_CHUNK, bars.length), total: bars.length });
    await turn();
  }
  return { inserted: 0, duplicates: 0, bars: bars.length, rows: bars.length };
}
