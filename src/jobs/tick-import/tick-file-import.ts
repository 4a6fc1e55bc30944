/**
 * `importTickFile`: a tick file into the store, streamed in bounded batches and all-or-nothing.
 *
 * The file is read once. Each batch of rows is validated, checked for order and repeats, fed
 * to the bar aggregators and staged in the store's staging area (`TickImportSession`); memory
 * holds one batch and the forming bars, whatever the file's size. Only when the whole file is
 * good does `commit` move it into the store, in one transaction. A bad row anywhere (the very
 * last one included) rejects the file with every bad row named, and the store is untouched;
 * so is it after a crash or a SIGKILL at any point before the commit returns.
 *
 * Bars: a file whose ticks come in order (a Binance dump is in id order, a Tandem export in
 * time order) has its bars built while it is read, and they go in with the ticks. Where the
 * store already holds ticks in the file's buckets, or the file is out of order, the bars of
 * the range are rebuilt from the stored ticks after the commit instead (the slow path; a
 * crash between the two leaves ticks without their bars, which importing again repairs,
 * since the file's record is written only after its bars).
 *
 * The same bytes imported twice are skipped: the file's SHA-256 is recorded with its result.
 * @module
 */

import { createHash } from 'node:crypto';
import { BarAggregator } from '../../bars/bar-aggregator.js';
import { rebuildBars, type ImportProgress, type ImportStores } from '../../engine/file-import.js';
import { scanAggTrades } from '../../ingest/replay/agg-trades-scanner.js';
import { countBytes, peekBytes } from '../../ingest/replay/byte-streams.js';
import { detectTickFormat, InvalidFileError, isZip, RowErrorList, symbolFromBinanceFileName, type TickFileFormat } from '../../ingest/replay/tick-file-format.js';
import { readTickFile } from '../../ingest/replay/tick-file-reader.js';
import { unzipSingleFile } from '../../ingest/replay/zip-entry-stream.js';
import type { Bar } from '../../model/bar.js';
import { bucketStart, type TimeframeSpec } from '../../model/timeframe.js';
import type { StagedTicks, TickImportRecord, TickImportSession } from '../../store/tick-import-session.js';

export interface TickFileImportOptions {
  /** The file's name (a path is fine): format detection, a Binance dump's symbol, the record. */
  readonly name?: string;
  /** The symbol of a Binance dump; for other formats rows of any other symbol are bad. */
  readonly symbol?: string;
  readonly format?: TickFileFormat;
  readonly maxLineBytes?: number;
  /** Timeframes whose bars are built (the stored ones). */
  readonly timeframes: readonly TimeframeSpec[];
  /** Import even when the same bytes were imported before. */
  readonly force?: boolean;
  /** The file's SHA-256 when already known: a file imported before is then skipped unread. */
  readonly sha256?: string;
  /** Rows per batch (default 65,536). */
  readonly batchSize?: number;
  readonly onProgress?: (p: ImportProgress) => void;
  /** Called just before the commit takes the store's write lock, and awaited. */
  readonly beforeCommit?: () => Promise<void>;
  /** Called once the commit has released it (whether it succeeded or not). */
  readonly afterCommit?: () => void;
}

export interface TickFileImportResult {
  readonly sha256: string;
  /** True when the same bytes were imported before and nothing was done. */
  readonly skipped: boolean;
  readonly format: TickFileFormat | null;
  /** Data rows read. */
  readonly rows: number;
  /** Ticks stored that were not stored before. */
  readonly inserted: number;
  /** Ticks of the file already stored, or repeated within it. */
  readonly duplicates: number;
  /** Bars written. */
  readonly bars: number;
  readonly firstTs: number | null;
  readonly lastTs: number | null;
  /** Milliseconds the store's write lock was held by the commit. */
  readonly lockMs: number;
}

const BAR_FLUSH = 10_000;

/** Per-symbol state while a file is read. */
interface SymbolState {
  readonly symbol: string;
  lastId: number;
  lastTs: number;
  lastRow: number;
  /** Rows so far in the file's order rule (ids up for a Binance dump, time for the others). */
  sorted: boolean;
  minTs: number;
  maxTs: number;
  kept: number;
  /** Rows whose time went back as ids went up, while still sorted by id. */
  readonly orderErrors: RowErrorList;
  /** One per timeframe while `sorted`; null once bars must be rebuilt from the store. */
  aggs: BarAggregator[] | null;
}

/** A batch of rows of one kind or another, as columns plus the bad rows. */
interface RowBatch {
  readonly cols: StagedTicks;
  readonly errors: readonly { readonly row: number; readonly reason: string }[];
  readonly rowsRead: number;
}

/** Rows of a file as column batches, whatever its format. */
async function* rowBatches(body: AsyncIterable<Uint8Array>, format: TickFileFormat, symbols: string[], opts: TickFileImportOptions, names: readonly string[]): AsyncGenerator<RowBatch> {
  const size = opts.batchSize ?? 65_536;
  if (format === 'binance') {
    const symbol = opts.symbol ?? names.map(symbolFromBinanceFileName).find((s) => s !== null) ?? null;
    if (symbol === null) throw new InvalidFileError(`a Binance aggTrades file has no symbol column: name it (--symbol, or ?symbol=) or keep the dump's file name (BTCUSDT-aggTrades-2024-01-01.csv)`);
    symbols.push(symbol);
    const zeros = new Uint16Array(size);
    let rowsRead = 0;
    for await (const b of scanAggTrades(body, symbol, { batchSize: size, ...(opts.maxLineBytes === undefined ? {} : { maxLineBytes: opts.maxLineBytes }) })) {
      rowsRead += b.n + b.errors.length;
      yield { cols: { ...b, symbolIndex: zeros.subarray(0, b.n) }, errors: b.errors, rowsRead };
    }
    return;
  }
  const at = new Map<string, number>();
  for await (const b of readTickFile(body, { source: 'import', format, batchSize: size, ...(opts.name === undefined ? {} : { name: opts.name }), ...(opts.symbol === undefined ? {} : { symbol: opts.symbol }), ...(opts.maxLineBytes === undefined ? {} : { maxLineBytes: opts.maxLineBytes }) })) {
    const n = b.ticks.length;
    const cols = { n, symbolIndex: new Uint16Array(n), row: new Float64Array(n), tradeId: new Float64Array(n), ts: new Float64Array(n), price: new Float64Array(n), qty: new Float64Array(n), buyerMaker: new Uint8Array(n) };
    for (let i = 0; i < n; i++) {
      const t = b.ticks[i]!;
      let s = at.get(t.symbol);
      if (s === undefined) {
        s = symbols.push(t.symbol) - 1;
        at.set(t.symbol, s);
      }
      cols.symbolIndex[i] = s;
      cols.row[i] = b.rows[i]!;
      cols.tradeId[i] = t.tradeId;
      cols.ts[i] = t.ts;
      cols.price[i] = t.price;
      cols.qty[i] = t.qty;
      cols.buyerMaker[i] = t.buyerMaker ? 1 : 0;
    }
    yield { cols, errors: b.errors, rowsRead: b.rowsRead };
  }
}

/** Opens the file: unzips it when it is a zip, and tells its format. */
async function openBody(input: AsyncIterable<Uint8Array>, opts: TickFileImportOptions): Promise<{ body: AsyncIterable<Uint8Array>; format: TickFileFormat; names: string[] }> {
  const outer = await peekBytes(input, 4);
  const names = [opts.name ?? ''];
  const body = isZip(outer.head) ? unzipSingleFile(outer.stream, (entry) => names.push(entry)) : outer.stream;
  const inner = await peekBytes(body, 4096);
  const format = opts.format ?? detectTickFormat(Buffer.from(inner.head).toString('utf8'), names[names.length - 1]);
  return { body: inner.stream, format, names };
}

/** Imports one tick file through `session`; `stores` serve the slow path's bar rebuild. */
export async function importTickFile(session: TickImportSession, stores: ImportStores, input: AsyncIterable<Uint8Array>, opts: TickFileImportOptions): Promise<TickFileImportResult> {
  const what = opts.name ?? 'the file';
  if (opts.sha256 !== undefined && opts.force !== true) {
    const before = await session.findImport(opts.sha256);
    if (before !== null) return skipped(before);
  }
  // The file's hash, unless the caller already knows it (the CLI hashes first, to skip unread).
  const hash = opts.sha256 === undefined ? createHash('sha256') : null;
  let bytesRead = 0;
  const counted = countBytes(input, (n) => (bytesRead += n));
  async function* hashed(): AsyncGenerator<Uint8Array> {
    for await (const chunk of counted) {
      hash?.update(chunk);
      yield chunk;
    }
  }
  const { body, format, names } = await openBody(hashed(), opts);
  const order = format === 'binance' ? 'tradeId' : 'time';
  const symbols: string[] = [];
  const states: SymbolState[] = [];
  const errors = new RowErrorList();
  let duplicates = 0;
  let rows = 0;
  let pendingBars: Bar[] = [];
  const flushBars = async (): Promise<void> => {
    if (pendingBars.length === 0) return;
    await session.stageBars(pendingBars);
    pendingBars = [];
  };
  const stateOf = (s: number): SymbolState => {
    let st = states[s];
    if (st === undefined) {
      const symbol = symbols[s]!;
      st = { symbol, lastId: -1, lastTs: -Infinity, lastRow: 0, sorted: true, minTs: Infinity, maxTs: -Infinity, kept: 0, orderErrors: new RowErrorList(), aggs: opts.timeframes.map((tf) => new BarAggregator(symbol, tf)) };
      states[s] = st;
    }
    return st;
  };
  const report = (phase: ImportProgress['phase'], written = 0, total = 0): void => opts.onProgress?.({ phase, bytesRead, rowsRead: rows, written, total });

  for await (const batch of rowBatches(body, format, symbols, opts, names)) {
    for (const e of batch.errors) errors.add(e.row, e.reason);
    rows = batch.rowsRead;
    // Once the file is known to be bad, only its errors matter.
    if (errors.count === 0) {
      const c = batch.cols;
      // Keep only rows that are not adjacent repeats; compact the columns in place.
      let w = 0;
      for (let i = 0; i < c.n; i++) {
        const st = stateOf(c.symbolIndex[i]!);
        const id = c.tradeId[i]!;
        const ts = c.ts[i]!;
        if (id === st.lastId) {
          duplicates++;
          continue;
        }
        if (st.sorted) {
          if (id < st.lastId || (order === 'time' && ts < st.lastTs)) {
            st.sorted = false;
            st.aggs = null;
          } else if (order === 'tradeId' && ts < st.lastTs) {
            st.orderErrors.add(c.row[i]!, `transact_time ${ts} is earlier than that of agg_trade_id ${st.lastId} (row ${st.lastRow}), which comes before it`);
          }
        }
        if (st.aggs !== null && st.orderErrors.count === 0) {
          for (const agg of st.aggs) {
            const r = agg.add({ ts, price: c.price[i]!, qty: c.qty[i]! } as Parameters<BarAggregator['add']>[0]);
            if (r.kind === 'added' && r.finalized !== null) pendingBars.push(r.finalized);
          }
        }
        st.lastId = id;
        st.lastTs = ts;
        st.lastRow = c.row[i]!;
        st.minTs = Math.min(st.minTs, ts);
        st.maxTs = Math.max(st.maxTs, ts);
        st.kept++;
        if (w !== i) {
          c.symbolIndex[w] = c.symbolIndex[i]!;
          c.row[w] = c.row[i]!;
          c.tradeId[w] = id;
          c.ts[w] = ts;
          c.price[w] = c.price[i]!;
          c.qty[w] = c.qty[i]!;
          c.buyerMaker[w] = c.buyerMaker[i]!;
        }
        w++;
      }
      await session.stageTicks(symbols, { ...c, n: w });
      if (pendingBars.length >= BAR_FLUSH) await flushBars();
    }
    report('reading');
  }
  errors.throwIfAny(what);
  // Rows staged; repeats the staging area drops below are moved from here to `duplicates`.
  let kept = states.reduce((n, s) => n + (s?.kept ?? 0), 0);
  if (kept === 0) throw new InvalidFileError(`${what} holds no ticks`);

  // Order: rows out of order are settled in the staging area; in-order symbols report their own.
  for (const st of states) {
    if (!st.sorted) continue;
    for (const e of st.orderErrors.listed) errors.add(e.row, e.reason);
    errors.addUnlisted(st.orderErrors.more);
  }
  if (states.some((s) => !s.sorted)) {
    const settled = await session.settleUnsorted(order);
    duplicates += settled.duplicates;
    kept -= settled.duplicates;
    for (const e of settled.errors) errors.add(e.row, e.reason);
    errors.addUnlisted(settled.errorCount - settled.errors.length);
  }
  errors.throwIfAny(what);

  const sha256 = hash === null ? opts.sha256! : hash.digest('hex');
  if (opts.force !== true) {
    const before = await session.findImport(sha256);
    if (before !== null) return skipped(before);
  }

  // Bars: the streamed ones stand where the store holds no other ticks in their buckets.
  for (const st of states) {
    if (st.aggs === null) continue;
    for (const agg of st.aggs) {
      const tail = agg.closeBefore(Infinity);
      if (tail !== null) pendingBars.push(tail);
    }
  }
  await flushBars();
  const staged: string[] = [];
  const rebuild: SymbolState[] = [];
  for (const st of states) {
    const from = Math.min(...opts.timeframes.map((tf) => bucketStart(st.minTs, tf.ms)));
    const to = Math.max(...opts.timeframes.map((tf) => bucketStart(st.maxTs, tf.ms) + tf.ms));
    if (st.aggs !== null && !(await session.hasStoredTicks(st.symbol, from, to))) staged.push(st.symbol);
    else rebuild.push(st);
  }
  const firstTs = Math.min(...states.map((s) => s.minTs));
  const lastTs = Math.max(...states.map((s) => s.maxTs));
  report('writing', 0, kept);
  const recordOf = (inserted: number, bars: number): TickImportRecord => ({ sha256, name: what, format, rows, inserted, duplicates: duplicates + kept - inserted, bars, firstTs, lastTs });
  // With every bar staged, the file's record goes in with it; else once the bars are rebuilt.
  await opts.beforeCommit?.();
  let committed;
  try {
    committed = await session.commit({ stagedBarSymbols: staged, record: rebuild.length === 0 ? recordOf : null });
  } finally {
    opts.afterCommit?.();
  }
  const inserted = [...committed.insertedBySymbol.values()].reduce((a, b) => a + b, 0);
  report('writing', kept, kept);
  let bars = committed.bars;
  for (const st of rebuild) {
    for (const tf of opts.timeframes) {
      report('bars');
      bars += await rebuildBars(stores, st.symbol, tf, st.minTs, st.maxTs, 'import');
    }
  }
  if (rebuild.length > 0) await session.record(recordOf(inserted, bars));
  return { sha256, skipped: false, format, rows, inserted, duplicates: duplicates + kept - inserted, bars, firstTs, lastTs, lockMs: committed.lockMs };
}

function skipped(r: TickImportRecord): TickFileImportResult {
  return { sha256: r.sha256, skipped: true, format: null, rows: 0, inserted: 0, duplicates: 0, bars: 0, firstTs: r.firstTs, lastTs: r.lastTs, lockMs: 0 };
}
