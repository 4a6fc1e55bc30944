/**
 * File imports over HTTP: `POST /api/import/ticks?symbol=&format=` and
 * `POST /api/import/ohlc?symbol=&tf=`. The file is the raw request body (`text/csv`,
 * `application/x-ndjson`, `application/zip` or `application/octet-stream`), read as a stream
 * and never buffered whole as bytes. Bodies over the limit (200 MiB, or
 * `TANDEM_IMPORT_MAX_BYTES`) get 413 as soon as the limit is known to be passed. A bad file
 * gets a 400 problem with `code: "invalid_file"` and `error: {code, message, rows: [{row, reason}], moreRows}`, and
 * nothing is written; a good one `{inserted, duplicates, bars, rows}`.
 *
 * Progress: the browser's upload progress covers the transfer; the server answers when the
 * file is stored, and reports no progress of its own while it validates and writes.
 * @module
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { importOhlc, type ImportResult } from '../../engine/file-import.js';
import type { LiveEngine } from '../../engine/live-engine.js';
import type { JobPool } from '../../jobs/job-pool.js';
import { importTickUpload } from '../../jobs/tick-import/tick-import-job.js';
import { limitBytes, TooLargeError } from '../../ingest/replay/byte-streams.js';
import { InvalidFileError } from '../../ingest/replay/tick-file-format.js';
import { ImportOhlcQuery, ImportResult as ImportResultSchema, ImportTicksQuery } from '../dto/api-schemas.js';
import { symbolParam, timeframeParam } from '../query-params.js';
import { sendProblem } from '../problem.js';
import { ImportProblem, problemResponse } from '../dto/problem-schemas.js';

export interface ImportRoutesOptions {
  readonly engine: LiveEngine;
  /** The job lane: tick files of a SQLite store are imported on a worker. */
  readonly jobs: JobPool;
  /** Largest accepted body in bytes (default `TANDEM_IMPORT_MAX_BYTES` or 200 MiB). */
  readonly maxBytes?: number;
}

export const DEFAULT_IMPORT_MAX_BYTES = 200 * 1024 * 1024;

/** Content types whose body is handed to the route as a raw stream. */
export const IMPORT_CONTENT_TYPES = ['text/csv', 'application/x-ndjson', 'application/zip', 'application/octet-stream'];

function maxBytesFromEnv(): number | null {
  const raw = process.env['TANDEM_IMPORT_MAX_BYTES'];
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`TANDEM_IMPORT_MAX_BYTES '${raw}' is not a positive number of bytes`);
  return n;
}

export const importRoutes: FastifyPluginAsyncTypebox<ImportRoutesOptions> = async (app, opts) => {
  const limit = opts.maxBytes ?? maxBytesFromEnv() ?? DEFAULT_IMPORT_MAX_BYTES;
  const { engine, jobs } = opts;
  // The body stays a stream; this plugin's routes are the only ones that see these types.
  app.addContentTypeParser(IMPORT_CONTENT_TYPES, (_request, payload, done) => done(null, payload));

  const tooLarge = async (reply: FastifyReply): Promise<void> => {
    await sendProblem(reply.header('connection', 'close'), 413, 'payload_too_large', `the file is larger than this server's import limit of ${limit} bytes (TANDEM_IMPORT_MAX_BYTES); split it, or use tandem import on the server's machine`);
  };

  /** Runs an import over the request body and maps its outcome to a response. */
  async function handle(request: FastifyRequest, reply: FastifyReply, run: (body: AsyncIterable<Uint8Array>) => Promise<ImportResult>): Promise<ImportResult | undefined> {
    const declared = Number(request.headers['content-length'] ?? Number.NaN);
    if (declared > limit) {
      await tooLarge(reply);
      return undefined;
    }
    const body = request.body as AsyncIterable<Uint8Array> | undefined;
    if (body === undefined || body === null || typeof (body as Partial<AsyncIterable<Uint8Array>>)[Symbol.asyncIterator] !== 'function') {
      await sendProblem(reply, 415, 'unsupported_media_type', `send the file as the raw request body with content-type ${IMPORT_CONTENT_TYPES.join(', ')}`);
      return undefined;
    }
    try {
      return await run(limitBytes(body, limit));
    } catch (e) {
      // The rest of an unread body is not worth reading: close the connection after answering.
      if (!request.raw.readableEnded) reply.header('connection', 'close');
      if (e instanceof TooLargeError) {
        await tooLarge(reply);
        return undefined;
      }
      if (e instanceof InvalidFileError) {
        await sendProblem(reply, 400, e.code, e.summary, { error: { rows: [...e.rows], moreRows: e.moreRows } });
        return undefined;
      }
      throw e;
    }
  }

  app.post(
    '/api/import/ticks',
    {
      schema: {
        operationId: 'importTicks',
        tags: ['import'],
        summary: 'Import a tick file (Binance aggTrades csv/zip, Tandem tick CSV, NDJSON), all-or-nothing',
        description:
          'The file is the raw body. `symbol` names a Binance dump\'s symbol (it has no symbol column); for the other formats rows of any other symbol are rejected. `format` skips detection. Ticks de-duplicate on (symbol, tradeId); the 1s/1m/5m bars of the imported range are built. The same bytes imported again are skipped (`skipped: true`) unless `force=true`. On a SQLite file the import runs on the job lane (503 busy with Retry-After when it is full).',
        querystring: ImportTicksQuery,
        consumes: IMPORT_CONTENT_TYPES,
        response: { 200: ImportResultSchema, 400: problemResponse('invalid request, or a rejected file (`invalid_file`) with its bad rows in `error.rows`', ImportProblem), 413: problemResponse('the body is larger than the limit'), 415: problemResponse('a content type this route does not take') },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const symbol = q.symbol === undefined ? undefined : symbolParam(q.symbol);
      return handle(request, reply, (body) =>
        importTickUpload(jobs, engine.store, () => engine.holdBarWrites(), body, {
          timeframes: engine.timeframes,
          ...(symbol === undefined ? {} : { symbol }),
          ...(q.format === undefined || q.format === 'auto' ? {} : { format: q.format }),
          ...(q.force === true ? { force: true } : {}),
        }),
      );
    },
  );

  app.post(
    '/api/import/ohlc',
    {
      schema: {
        operationId: 'importOhlc',
        tags: ['import'],
        summary: 'Import OHLC bars from a CSV (timestamp,open,high,low,close,volume, Tandem\'s bar export, or a Binance kline dump) or a zip of one, all-or-nothing',
        description:
          'Times are ISO-8601 (T or space, no zone = UTC, or an offset), or integers told apart by magnitude: epoch seconds below 1e11, epoch ms below 1e14, else epoch µs. Bars must be of `tf` (on its boundaries, at least one bar apart, and for a Binance kline close_time - open_time + 1 = `tf`) and strictly increasing. A Binance kline gives vwap = quote_volume/volume and trades = count; other rows store vwap as (high+low+close)/3 and trades as 0.',
        querystring: ImportOhlcQuery,
        consumes: IMPORT_CONTENT_TYPES,
        response: { 200: ImportResultSchema, 400: problemResponse('invalid request, or a rejected file (`invalid_file`) with its bad rows in `error.rows`', ImportProblem), 413: problemResponse('the body is larger than the limit'), 415: problemResponse('a content type this route does not take') },
      },
    },
    async (request, reply) => {
      const symbol = symbolParam(request.query.symbol);
      const tf = timeframeParam(request.query.tf);
      return handle(request, reply, (body) => importOhlc(engine.store, body, { symbol, tf, storedTimeframes: engine.timeframes }));
    },
  );
};
