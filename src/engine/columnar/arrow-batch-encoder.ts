/**
 * An Arrow IPC stream (the "streaming format": schema, then record batches, then the
 * end-of-stream marker) written one record batch per `ColumnBatch`, with apache-arrow's
 * `RecordBatchStreamWriter`. The writer is given a sink that collects what each `write` emits,
 * so the bytes of a batch are taken out at once and nothing accumulates.
 *
 * Types: `timestamp` is Timestamp(ms, "UTC"), `int64` Int64, `float64` Float64 (null where a
 * nullable column is not finite), `bool` Bool and `symbol` Dictionary<Int32, Utf8> with one
 * entry, the same dictionary object for every batch so it is written once.
 * `pyarrow.ipc.open_stream`, `polars.read_ipc_stream` and `pandas.read_feather`'s sibling
 * readers take it.
 * @module
 */

import {
  AsyncByteQueue,
  Bool,
  Dictionary,
  Field,
  Float64,
  Int32,
  Int64,
  makeData,
  RecordBatch,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  TimestampMillisecond,
  Utf8,
  vectorFromArray,
  type Data,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { ensure } from '../../core/assert.js';
import { assertBatchFits, type BatchEncoder, type ColumnBatch, type ColumnSpec } from './column-batch.js';

/** A sink that keeps what the writer emits until `take()`. */
class CollectingSink extends AsyncByteQueue {
  private parts: Uint8Array[] = [];

  override write(value: Uint8Array): void {
    if (value.byteLength > 0) this.parts.push(value);
  }

  /** The bytes written since the last `take()`, copied into one buffer of their own. */
  take(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.byteLength, 0));
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    this.parts = [];
    return out;
  }
}

function arrowType(spec: ColumnSpec): DataType {
  switch (spec.kind) {
    case 'timestamp':
      return new TimestampMillisecond('UTC');
    case 'int64':
      return new Int64();
    case 'float64':
      return new Float64();
    case 'bool':
      return new Bool();
    case 'symbol':
      return new Dictionary(new Utf8(), new Int32());
  }
}

/** Bits packed least significant first, as Arrow's validity and boolean buffers are. */
function packBits(n: number, bit: (i: number) => boolean): Uint8Array {
  const out = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (bit(i)) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

export class ArrowBatchEncoder implements BatchEncoder {
  private readonly schema: Schema;
  private readonly sink = new CollectingSink();
  private readonly writer = new RecordBatchStreamWriter();
  /** The dictionary of each symbol column, kept so every batch shares it. */
  private readonly dictionaries = new Map<string, Vector<Utf8>>();

  constructor(private readonly specs: readonly ColumnSpec[]) {
    this.schema = new Schema(specs.map((s) => new Field(s.name, arrowType(s), s.nullable === true)));
  }

  /** The schema message. */
  start(): Uint8Array {
    this.writer.reset(this.sink, this.schema);
    return this.sink.take();
  }

  /** One record batch (its dictionary first, the first time). */
  encode(batch: ColumnBatch): Uint8Array {
    assertBatchFits(this.specs, batch);
    if (batch.rows === 0) return new Uint8Array(0);
    const children = this.specs.map((spec, i) => this.columnData(spec, ensure(this.schema.fields[i], spec.name).type, batch.columns[i]!, batch.rows));
    const data = makeData({ type: new Struct(this.schema.fields), length: batch.rows, nullCount: 0, children });
    this.writer.write(new RecordBatch(this.schema, data));
    return this.sink.take();
  }

  /** The end-of-stream marker. */
  finish(): Uint8Array {
    this.writer.finish();
    return this.sink.take();
  }

  private columnData(spec: ColumnSpec, type: DataType, values: ColumnBatch['columns'][number], n: number): Data {
    if (typeof values === 'string') {
      let dictionary = this.dictionaries.get(spec.name);
      if (dictionary?.get(0) !== values) {
        dictionary = vectorFromArray([values], new Utf8());
        this.dictionaries.set(spec.name, dictionary);
      }
      return makeData({ type: type as Dictionary<Utf8, Int32>, length: n, nullCount: 0, data: new Int32Array(n), dictionary });
    }
    if (spec.kind === 'bool') return makeData({ type: type as Bool, length: n, nullCount: 0, data: packBits(n, (i) => values[i] === 1) });
    if (spec.kind === 'timestamp' || spec.kind === 'int64') {
      const big = new BigInt64Array(n);
      for (let i = 0; i < n; i++) big[i] = BigInt(values[i]!);
      return makeData({ type: type as Int64, length: n, nullCount: 0, data: big });
    }
    const floats = values as Float64Array;
    if (spec.nullable !== true) return makeData({ type: type as Float64, length: n, nullCount: 0, data: floats });
    let nulls = 0;
    for (let i = 0; i < n; i++) if (!Number.isFinite(floats[i]!)) nulls++;
    if (nulls === 0) return makeData({ type: type as Float64, length: n, nullCount: 0, data: floats });
    return makeData({ type: type as Float64, length: n, nullCount: nulls, data: floats, nullBitmap: packBits(n, (i) => Number.isFinite(floats[i]!)) });
  }
}
