/**
 * A Parquet file written one row group per `ColumnBatch`, with hyparquet-writer (pure
 * JavaScript, no native or WebAssembly part): its `ParquetWriter` appends row groups to a
 * growing buffer and keeps only their metadata, so after each group the bytes so far are
 * taken out and sent, and the footer (schema, row-group index, statistics) comes with
 * `finish()`. Memory is one row group, never the file.
 *
 * Types follow the Parquet logical types: `timestamp` is INT64 TIMESTAMP(MILLIS,
 * isAdjustedToUTC=true) (DuckDB reads TIMESTAMP WITH TIME ZONE, pandas datetime64[ms, UTC]),
 * `int64` INT64, `float64` DOUBLE, `bool` BOOLEAN and `symbol` a UTF-8 STRING (which the writer
 * dictionary-encodes). Snappy compression, the format's usual default.
 * @module
 */

import { ByteWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import { ensure } from '../../core/assert.js';
import { assertBatchFits, type BatchEncoder, type ColumnBatch, type ColumnSpec } from './column-batch.js';

/** A `ByteWriter` whose bytes are taken out after each row group instead of kept. */
class DrainingWriter extends ByteWriter {
  take(): Uint8Array {
    const out = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    return out;
  }
}

function schemaElement(spec: ColumnSpec): SchemaElement {
  const repetition_type = spec.nullable === true ? 'OPTIONAL' : 'REQUIRED';
  switch (spec.kind) {
    case 'timestamp':
      return { name: spec.name, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' }, repetition_type };
    case 'int64':
      return { name: spec.name, type: 'INT64', repetition_type };
    case 'float64':
      return { name: spec.name, type: 'DOUBLE', repetition_type };
    case 'bool':
      return { name: spec.name, type: 'BOOLEAN', repetition_type };
    case 'symbol':
      return { name: spec.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type };
  }
}

/** The values of one column in the form hyparquet-writer takes: bigints for INT64, booleans, null for a missing number. */
function parquetValues(spec: ColumnSpec, values: ColumnBatch['columns'][number], rows: number): BigInt64Array | Float64Array | (number | null)[] | boolean[] | string[] {
  if (typeof values === 'string') return new Array<string>(rows).fill(values);
  if (spec.kind === 'bool') return Array.from(values, (v) => v === 1);
  if (spec.kind === 'timestamp' || spec.kind === 'int64') {
    const out = new BigInt64Array(rows);
    for (let i = 0; i < rows; i++) out[i] = BigInt(values[i]!);
    return out;
  }
  if (spec.nullable === true) return Array.from(values, (v) => (Number.isFinite(v) ? v : null));
  return values as Float64Array;
}

export class ParquetBatchEncoder implements BatchEncoder {
  private readonly out = new DrainingWriter(1 << 20);
  private writer: ParquetWriter | null = null;

  constructor(
    private readonly specs: readonly ColumnSpec[],
    private readonly createdBy = 'tandem',
  ) {}

  /** The magic bytes `PAR1`. */
  start(): Uint8Array {
    const schema: SchemaElement[] = [{ name: 'schema', num_children: this.specs.length }, ...this.specs.map(schemaElement)];
    this.writer = new ParquetWriter({ writer: this.out, schema, codec: 'SNAPPY', createdBy: this.createdBy });
    return this.out.take();
  }

  /** One row group of `batch` (nothing for an empty batch: a row group has at least one row). */
  encode(batch: ColumnBatch): Uint8Array {
    const writer = this.started();
    assertBatchFits(this.specs, batch);
    if (batch.rows === 0) return new Uint8Array(0);
    const columnData = this.specs.map((spec, i) => ({ name: spec.name, data: parquetValues(spec, batch.columns[i]!, batch.rows) }));
    void writer.write({ columnData, rowGroupSize: batch.rows });
    return this.out.take();
  }

  /** The page indexes and the footer. */
  finish(): Uint8Array {
    void this.started().finish();
    return this.out.take();
  }

  private started(): ParquetWriter {
    return ensure(this.writer, 'ParquetBatchEncoder: start() must come first');
  }
}
