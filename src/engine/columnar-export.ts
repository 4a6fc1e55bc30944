/**
 * Parquet and Arrow exports of stored ticks and bars and of the pair series: the tables of
 * `columnar/export-tables.ts`, read a page at a time (ticks through `streamTicks`, bars through
 * `queryBarHistory` pages, as the CSV exports do) and written one row group or record batch a
 * page, with a turn of the event loop between pages. So an export holds one page, and when it
 * runs on the event loop (PostgreSQL, `:memory:`) no page keeps it for long; from a SQLite file
 * the same generators run on a job worker (`jobs/columnar-export-job.ts`).
 * A range with no data gives a valid file with the schema and no rows.
 * @module
 */

import type { TimeframeSpec } from '../model/timeframe.js';
import type { BarStore } from '../store/bar-store.js';
import type { TickStore } from '../store/tick-store.js';
import { queryBarHistory } from './bar-history.js';
import { ArrowBatchEncoder } from './columnar/arrow-batch-encoder.js';
import type { BatchEncoder, ColumnBatch, ColumnSpec } from './columnar/column-batch.js';
import { BAR_COLUMNS, barBatch, PAIR_COLUMNS, pairBatch, TICK_COLUMNS, tickBatch } from './columnar/export-tables.js';
import { ParquetBatchEncoder } from './columnar/parquet-batch-encoder.js';
import type { ExportRange } from './csv-export.js';
import type { PairColumns } from './pair-point.js';

export type ColumnarFormat = 'parquet' | 'arrow';

/**
 * Rows a batch (a Parquet row group, an Arrow record batch) when none is asked for. Encoding
 * a batch of ticks to Parquet takes about 1.5 µs a row in pure JavaScript (measured on this
 * 2-core machine once the JIT has warmed up), so 8,192 rows are ~12 ms: short enough for the
 * event loop, long enough for readers to skip whole groups by their statistics.
 */
export const COLUMNAR_BATCH_ROWS = 4_096;

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function batchEncoder(format: ColumnarFormat, specs: readonly ColumnSpec[]): BatchEncoder {
  return format === 'parquet' ? new ParquetBatchEncoder(specs) : new ArrowBatchEncoder(specs);
}

/** `batches` encoded: the header, each batch's bytes (empty ones skipped), the footer. */
export async function* encodeBatches(format: ColumnarFormat, specs: readonly ColumnSpec[], batches: AsyncIterable<ColumnBatch> | Iterable<ColumnBatch>): AsyncGenerator<Uint8Array> {
  const enc = batchEncoder(format, specs);
  yield enc.start();
  for await (const batch of batches) {
    const bytes = enc.encode(batch);
    if (bytes.byteLength > 0) yield bytes;
    await turn();
  }
  yield enc.finish();
}

const rangeOf = (q: ExportRange): ExportRange => ({ symbol: q.symbol, ...(q.from === undefined ? {} : { from: q.from }), ...(q.to === undefined ? {} : { to: q.to }) });

/** The ticks of `symbol` over [from, to) in `format`, `batchRows` ticks a batch. */
export function tickColumnar(ticks: Pick<TickStore, 'streamTicks'>, q: ExportRange, format: ColumnarFormat, batchRows = COLUMNAR_BATCH_ROWS): AsyncGenerator<Uint8Array> {
  async function* batches(): AsyncGenerator<ColumnBatch> {
    for await (const page of ticks.streamTicks(rangeOf(q), batchRows)) yield tickBatch(q.symbol, page);
  }
  return encodeBatches(format, TICK_COLUMNS, batches());
}

/** The bars of `symbol` at `tf` over [from, to) of bar starts in `format` (any timeframe, as the bar CSV). */
export function barColumnar(
  stores: { readonly ticks: TickStore; readonly bars: BarStore },
  storedTimeframes: readonly TimeframeSpec[],
  q: ExportRange & { readonly tf: TimeframeSpec },
  now: number,
  format: ColumnarFormat,
  batchRows = COLUMNAR_BATCH_ROWS,
): AsyncGenerator<Uint8Array> {
  async function* batches(): AsyncGenerator<ColumnBatch> {
    let afterStart: number | undefined;
    for (;;) {
      const page = await queryBarHistory(stores, storedTimeframes, { ...rangeOf(q), tf: q.tf, limit: batchRows, ...(afterStart === undefined ? {} : { afterStart }) }, now);
      if (page.length > 0) yield barBatch(page);
      if (page.length < batchRows) return;
      afterStart = page[page.length - 1]!.start;
    }
  }
  return encodeBatches(format, BAR_COLUMNS, batches());
}

/** The pair series in `format`, `batchRows` bars a batch. */
export function pairColumnar(c: PairColumns, format: ColumnarFormat, batchRows = COLUMNAR_BATCH_ROWS): AsyncGenerator<Uint8Array> {
  function* batches(): Generator<ColumnBatch> {
    for (let i = 0; i < c.start.length; i += batchRows) yield pairBatch(c, i, Math.min(c.start.length, i + batchRows));
  }
  return encodeBatches(format, PAIR_COLUMNS, batches());
}
