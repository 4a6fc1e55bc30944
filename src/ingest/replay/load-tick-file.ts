/**
 * `loadTickFile`: reads a whole tick file into a `TickTable`, validating every row first.
 * One bad row rejects the file: an `InvalidFileError` lists every bad row (up to 1,000, with a
 * count of the rest) and the caller writes nothing.
 * @module
 */

import type { TickBatch, TickFileOptions } from './tick-file-reader.js';
import { readTickFile } from './tick-file-reader.js';
import { InvalidFileError, RowErrorList, type TickFileFormat } from './tick-file-format.js';
import { TickTable } from './tick-table.js';

export interface LoadProgress {
  readonly bytesRead: number;
  readonly rowsRead: number;
}

export interface LoadedTickFile {
  readonly table: TickTable;
  readonly format: TickFileFormat;
  /** Data rows read (header and blank lines not counted). */
  readonly rows: number;
}

export async function loadTickFile(input: AsyncIterable<Uint8Array>, opts: TickFileOptions, onProgress?: (p: LoadProgress) => void): Promise<LoadedTickFile> {
  const table = new TickTable(opts.source);
  const errors = new RowErrorList();
  let last: TickBatch | null = null;
  for await (const batch of readTickFile(input, opts)) {
    for (const e of batch.errors) errors.add(e.row, e.reason);
    // Once the file is known to be bad, only its errors matter.
    if (errors.count === 0) for (let i = 0; i < batch.ticks.length; i++) table.push(batch.ticks[i]!, batch.rows[i]!);
    onProgress?.({ bytesRead: batch.bytesRead, rowsRead: batch.rowsRead });
    last = batch;
  }
  const what = opts.name ?? 'the file';
  errors.throwIfAny(what);
  const format = last?.format ?? 'binance';
  for (const e of table.finish(format === 'binance' ? 'tradeId' : 'time')) errors.add(e.row, e.reason);
  errors.throwIfAny(what);
  if (table.length === 0) throw new InvalidFileError(`${what} holds no ticks`);
  return { table, format, rows: last?.rowsRead ?? 0 };
}
