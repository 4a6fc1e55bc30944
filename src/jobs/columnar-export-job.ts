/**
 * The Parquet and Arrow exports of ticks and bars on the job lane. From a SQLite file a worker
 * runs the generators of `engine/columnar-export.ts` over its read-only connection and sends
 * each row group or record batch as a chunk (`ChunkSender`, credits from the consumer), so the
 * event loop only passes bytes on and a slow client holds a few chunks, never the range.
 * PostgreSQL, `:memory:` and a store behind the Redis cache run the same generators on the
 * main thread, in smaller batches with a turn between them (see `tick-csv-job.ts`).
 * @module
 */

import { Readable } from 'node:stream';
import { MessageChannel } from 'node:worker_threads';
import { barColumnar, tickColumnar, type ColumnarFormat } from '../engine/columnar-export.js';
import type { ExportRange } from '../engine/csv-export.js';
import type { TimeframeSpec } from '../model/timeframe.js';
import type { MarketStores } from '../store/market-stores.js';
import { ensure } from '../core/assert.js';
import { chunkReceiver } from './chunk-receiver.js';
import { ChunkSender } from './chunk-sender.js';
import type { JobPool } from './job-pool.js';
import type { ColumnarExportJob } from './job-protocol.js';
import { sqliteReaders } from './sqlite-readers.js';
import { sqliteFileOf } from './tick-csv-job.js';

/**
 * Rows a row group or record batch on a worker, where no event loop waits: a Parquet group
 * of ticks is then ~0.4 MB and an Arrow batch ~1.3 MB, about the CSV job's chunk.
 */
export const WORKER_BATCH_ROWS = 32_768;

export type ColumnarExportRequest = { readonly table: 'ticks'; readonly range: ExportRange } | { readonly table: 'bars'; readonly range: ExportRange; readonly tf: TimeframeSpec };

/**
 * The export of `req` in `format` as a stream. Throws `TandemError('busy')` at once (before any
 * byte) when the job lane is full; `signal` cancels the job.
 */
export function columnarExportStream(
  pool: JobPool,
  stores: MarketStores,
  storedTimeframes: readonly TimeframeSpec[],
  req: ColumnarExportRequest,
  format: ColumnarFormat,
  now: number,
  signal?: AbortSignal,
): Readable {
  const dbPath = sqliteFileOf(stores);
  if (dbPath === null) {
    const source = req.table === 'ticks' ? tickColumnar(stores.ticks, req.range, format) : barColumnar(stores, storedTimeframes, { ...req.range, tf: req.tf }, now, format);
    return Readable.from(source, { objectMode: false, highWaterMark: 1 << 20 });
  }
  pool.assertRoom();
  const { port1, port2 } = new MessageChannel();
  const stream = chunkReceiver(port1);
  const { symbol, from, to } = req.range;
  const job: ColumnarExportJob = {
    kind: 'columnar-export',
    dbPath,
    format,
    table: req.table,
    symbol,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(req.table === 'bars' ? { tf: req.tf } : {}),
    storedTimeframes,
    now,
    port: port2,
  };
  pool.run(job, { transferList: [port2], ...(signal === undefined ? {} : { signal }) }).catch((e: unknown) => stream.destroy(e as Error));
  return stream;
}

/** The worker's side. */
export async function runColumnarExportJob(job: ColumnarExportJob): Promise<{ readonly bytes: number }> {
  const out = new ChunkSender(job.port);
  const stores = sqliteReaders(job.dbPath);
  const range: ExportRange = { symbol: job.symbol, ...(job.from === undefined ? {} : { from: job.from }), ...(job.to === undefined ? {} : { to: job.to }) };
  const source =
    job.table === 'ticks'
      ? tickColumnar(stores.ticks, range, job.format, WORKER_BATCH_ROWS)
      : barColumnar(stores, job.storedTimeframes, { ...range, tf: ensure(job.tf, 'a bar export job names its timeframe') }, job.now, job.format, WORKER_BATCH_ROWS);
  for await (const bytes of source) await out.sendBytes(bytes);
  out.end();
  return { bytes: out.bytes };
}
