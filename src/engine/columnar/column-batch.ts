/**
 * The column model shared by the Parquet and Arrow exports: a table's columns are declared
 * once (`ColumnSpec`), and the rows travel in `ColumnBatch`es of typed arrays, one batch per
 * Parquet row group or Arrow record batch, so an export holds one batch at a time.
 * @module
 */

import { assert } from '../../core/assert.js';

/**
 * What a column holds, and so how each format types it:
 * - `timestamp`: epoch ms; Parquet INT64 TIMESTAMP(MILLIS, isAdjustedToUTC), Arrow Timestamp(ms, "UTC");
 * - `float64`: prices and quantities; DOUBLE / Float64;
 * - `int64`: ids and counts (safe integers); INT64 / Int64;
 * - `bool`: BOOLEAN / Bool;
 * - `symbol`: one string for the whole export (the ticks of one symbol); UTF-8 string,
 *   dictionary-encoded in both formats.
 */
export type ColumnKind = 'timestamp' | 'float64' | 'int64' | 'bool' | 'symbol';

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  /** A `float64` column whose non-finite values are written as null (undefined statistics of a pair). */
  readonly nullable?: boolean;
}

/** One column's values in a batch: numbers as a Float64Array, flags as 0/1, a symbol as its one value. */
export type ColumnValues = Float64Array | Uint8Array | string;

export interface ColumnBatch {
  readonly rows: number;
  /** In the order of the table's `ColumnSpec`s. */
  readonly columns: readonly ColumnValues[];
}

/** Checks that `batch` fits `specs`: one array per column of the right kind and length. */
export function assertBatchFits(specs: readonly ColumnSpec[], batch: ColumnBatch): void {
  assert(batch.columns.length === specs.length, `column batch has ${batch.columns.length} columns, the table ${specs.length}`);
  specs.forEach((s, i) => {
    const v = batch.columns[i]!;
    if (s.kind === 'symbol') assert(typeof v === 'string', `column ${s.name}: a symbol column takes one string`);
    else if (s.kind === 'bool') assert(v instanceof Uint8Array && v.length === batch.rows, `column ${s.name}: expected ${batch.rows} flags`);
    else assert(v instanceof Float64Array && v.length === batch.rows, `column ${s.name}: expected ${batch.rows} numbers`);
  });
}

/** A table's bytes written batch by batch: `start()` once, `encode()` per batch, `finish()` once. */
export interface BatchEncoder {
  start(): Uint8Array;
  encode(batch: ColumnBatch): Uint8Array;
  finish(): Uint8Array;
}
