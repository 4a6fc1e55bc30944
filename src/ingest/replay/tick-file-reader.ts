/**
 * `readTickFile`: streams any tick file Tandem accepts (a Binance aggTrades dump as csv or
 * zip, Tandem's tick CSV, NDJSON) as batches of normalised ticks and bad rows, in file order.
 * The format is detected from the content (and the file name) unless given; a zip is
 * recognised by its magic bytes and its one file streamed out. Nothing is sorted here; see
 * `TickTable` for that.
 * @module
 */

import type { Tick, TickSource } from '../../model/tick.js';
import { isBinanceHeader, parseBinanceAggTradeRow } from './binance-agg-trade-row.js';
import { countBytes, peekBytes } from './byte-streams.js';
import { readCsvRecords } from './csv-records.js';
import { readLines } from './line-reader.js';
import { ndjsonToTick, parseNdjsonTickLine, TradeIdAssigner } from './ndjson-tick-line.js';
import { checkTandemTickHeader, parseTandemTickRow } from './tandem-tick-row.js';
import { DEFAULT_MAX_LINE_BYTES, detectTickFormat, InvalidFileError, isZip, symbolFromBinanceFileName, type RowError, type TickFileFormat } from './tick-file-format.js';
import { unzipSingleFile } from './zip-entry-stream.js';

export interface TickFileOptions {
  /** `replay` or `import`: what the ticks' `source` says. */
  readonly source: TickSource;
  /** Skip detection. */
  readonly format?: TickFileFormat;
  /** The file's name, for detection and for a Binance dump's symbol; may be a path. */
  readonly name?: string;
  /**
   * The symbol of a Binance dump (it has no symbol column; else taken from a file name such
   * as `BTCUSDT-aggTrades-2024-01-01.csv`). For the other formats, when given, a row of any
   * other symbol is a bad row.
   */
  readonly symbol?: string;
  readonly maxLineBytes?: number;
  /** Ticks per batch (default 4096). */
  readonly batchSize?: number;
}

export interface TickBatch {
  readonly ticks: Tick[];
  /** The line number of each tick, parallel to `ticks`. */
  readonly rows: number[];
  readonly errors: RowError[];
  /** Input bytes read so far (compressed bytes for a zip). */
  readonly bytesRead: number;
  /** Data rows (not header, not blank) read so far. */
  readonly rowsRead: number;
  readonly format: TickFileFormat;
}

type Row = { readonly row: number; readonly tick: Tick } | { readonly row: number; readonly error: string } | null;

export async function* readTickFile(input: AsyncIterable<Uint8Array>, opts: TickFileOptions): AsyncGenerator<TickBatch> {
  let bytesRead = 0;
  const counted = countBytes(input, (n) => (bytesRead += n));
  const outer = await peekBytes(counted, 4);
  const names = [opts.name ?? ''];
  let body = outer.stream;
  if (isZip(outer.head)) body = unzipSingleFile(outer.stream, (entry) => names.push(entry));
  const inner = await peekBytes(body, 4096);
  const format = opts.format ?? detectTickFormat(Buffer.from(inner.head).toString('utf8'), names[names.length - 1]);
  const max = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const rows = rowsOf(format, inner.stream, opts, names, max);
  const size = opts.batchSize ?? 4096;
  let batch: TickBatch = empty(format);
  let rowsRead = 0;
  for await (const r of rows) {
    if (r === null) continue;
    rowsRead++;
    if ('tick' in r) {
      batch.ticks.push(r.tick);
      batch.rows.push(r.row);
    } else {
      batch.errors.push({ row: r.row, reason: r.error });
    }
    if (batch.ticks.length + batch.errors.length >= size) {
      yield { ...batch, bytesRead, rowsRead };
      batch = empty(format);
    }
  }
  yield { ...batch, bytesRead, rowsRead };
}

const empty = (format: TickFileFormat): TickBatch => ({ ticks: [], rows: [], errors: [], bytesRead: 0, rowsRead: 0, format });

async function* rowsOf(format: TickFileFormat, body: AsyncIterable<Uint8Array>, opts: TickFileOptions, names: readonly string[], max: number): AsyncGenerator<Row> {
  const only = opts.symbol;
  const wrongSymbol = (s: string): string | null => (only !== undefined && s !== only ? `symbol ${s} is not ${only}, the symbol asked for` : null);
  switch (format) {
    case 'binance': {
      // The symbol asked for, else the one in the file's name or in its zip entry's name.
      const symbol = only ?? names.map(symbolFromBinanceFileName).find((s) => s !== null) ?? null;
      if (symbol === null) throw new InvalidFileError(`a Binance aggTrades file has no symbol column: name it (--symbol, or ?symbol=) or keep the dump's file name (BTCUSDT-aggTrades-2024-01-01.csv)`);
      let first = true;
      for await (const { fields, row } of readCsvRecords(body, max)) {
        if (first && isBinanceHeader(fields)) {
          first = false;
          yield null;
          continue;
        }
        first = false;
        const r = parseBinanceAggTradeRow(fields, symbol, opts.source);
        yield r.ok ? { row, tick: r.value } : { row, error: r.error };
      }
      return;
    }
    case 'tandem-csv': {
      let first = true;
      for await (const { fields, row } of readCsvRecords(body, max)) {
        if (first) {
          first = false;
          const bad = checkTandemTickHeader(fields);
          if (bad !== null) throw new InvalidFileError(`row ${row}: ${bad}`);
          yield null;
          continue;
        }
        const r = parseTandemTickRow(fields, opts.source);
        const wrong = r.ok ? wrongSymbol(r.value.symbol) : null;
        yield r.ok ? (wrong === null ? { row, tick: r.value } : { row, error: wrong }) : { row, error: r.error };
      }
      return;
    }
    case 'ndjson': {
      const ids = new TradeIdAssigner();
      for await (const { text, row } of readLines(body, max)) {
        const r = parseNdjsonTickLine(text);
        if (!r.ok) {
          yield { row, error: r.error };
          continue;
        }
        const wrong = wrongSymbol(r.value.symbol);
        if (wrong !== null) {
          yield { row, error: wrong };
          continue;
        }
        const id = r.value.tradeId === null ? ids.assign(r.value.symbol, r.value.ts) : { ok: true as const, value: r.value.tradeId };
        yield id.ok ? { row, tick: ndjsonToTick(r.value, id.value, opts.source) } : { row, error: id.error };
      }
      return;
    }
  }
}
