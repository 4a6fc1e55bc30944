/**
 * Exports of stored ticks, bars of any timeframe and the pair series, each as CSV, Parquet
 * and an Arrow IPC stream: `GET /api/export/{ticks,bars,pair}.{csv,parquet,arrow}`, with the
 * same query for every format of a table. All are streamed: CSV in chunks
 * (`engine/csv-export.ts`), Parquet one row group and Arrow one record batch at a time
 * (`engine/columnar-export.ts`); ticks, and bars in Parquet or Arrow, are written on the job
 * lane when the store is a SQLite file.
 * @module
 */

import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pairColumnar } from '../../engine/columnar-export.js';
import { barCsv, pairCsv } from '../../engine/csv-export.js';
import { EXPORT_FORMATS, EXPORT_MEDIA_TYPES, type ExportFormat } from '../../engine/export-format.js';
import { DEFAULT_TEST_LOOKBACK } from '../../engine/pair-tests.js';
import type { LiveEngine } from '../../engine/live-engine.js';
import { abortOnClose } from '../../jobs/abort-on-close.js';
import { columnarExportStream } from '../../jobs/columnar-export-job.js';
import type { JobPool } from '../../jobs/job-pool.js';
import { pairRange } from '../../jobs/pair-range-job.js';
import { tickCsvStream } from '../../jobs/tick-csv-job.js';
import { csvResponse, ExportBarsQuery, ExportTicksQuery } from '../dto/api-schemas.js';
import { problemResponse } from '../dto/problem-schemas.js';
import { PairCsvQuery } from '../dto/pair-schemas.js';
import { MAX_PAIR_BARS, resolvePairRange } from '../pair-range.js';
import { symbolParam, timeframeParam } from '../query-params.js';
import { withTimeBounds } from '../time-params.js';

const range = (q: { from?: number | string; to?: number | string }): { from?: number; to?: number } => {
  const { from, to } = withTimeBounds(q, 'querystring');
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
};

const FORMAT_NAMES: Readonly<Record<ExportFormat, string>> = { csv: 'CSV', parquet: 'Parquet', arrow: 'an Arrow IPC stream' };

const TYPES_NOTE: Readonly<Record<ExportFormat, string>> = {
  csv: 'Times ISO-8601 UTC with milliseconds.',
  parquet: 'Times INT64 TIMESTAMP(MILLIS, isAdjustedToUTC=true), prices DOUBLE, ids and counts INT64; one row group per batch of rows.',
  arrow: 'Streaming format. Times Timestamp(ms, "UTC"), prices Float64, ids and counts Int64; one record batch per batch of rows.',
};

/** The 200 answer of an export route, declared with its media type (CSV with its header line, the others as bytes). */
function exportResponse(format: ExportFormat, what: string, header: string): Record<number, unknown> {
  if (format === 'csv') return { 200: csvResponse(header) };
  const mediaType = EXPORT_MEDIA_TYPES[format].split(';')[0]!;
  return { 200: { description: `${what} as ${FORMAT_NAMES[format]}`, content: { [mediaType]: { schema: { type: 'string', format: 'binary' } } } } };
}

/** The pair export's answers: the series, or a problem for a bad query or too few bars. */
function pairResponse(format: ExportFormat): Record<number, unknown> {
  return {
    ...exportResponse(format, 'The pair series', 'timestamp,y,x,y_filled,x_filled,beta,alpha,spread,z,corr,ols_beta'),
    400: problemResponse('invalid request'),
    422: problemResponse('too few bars (`insufficient_data`), naming the leg'),
  };
}

/** `exportTicksParquet`: the operationId of a table's export in a format. */
const operationId = (table: string, format: ExportFormat): string => `export${table}${format[0]!.toUpperCase()}${format.slice(1)}`;

export const exportRoutes: FastifyPluginAsyncTypebox<{ readonly engine: LiveEngine; readonly jobs: JobPool }> = async (app, { engine, jobs }) => {
  for (const format of EXPORT_FORMATS) {
    app.get(
      `/api/export/ticks.${format}`,
      {
        schema: {
          operationId: operationId('Ticks', format),
          tags: ['export'],
          summary: `Stored ticks as ${FORMAT_NAMES[format]}: symbol,ts,price,qty,trade_id,buyer_maker`,
          description: TYPES_NOTE[format],
          querystring: ExportTicksQuery,
          response: exportResponse(format, 'The ticks', 'symbol,ts,price,qty,trade_id,buyer_maker'),
        },
      },
      async (request, reply) => {
        const symbol = symbolParam(request.query.symbol);
        await engine.flush();
        const q = { symbol, ...range(request.query) };
        const body =
          format === 'csv'
            ? tickCsvStream(jobs, engine.store, q, abortOnClose(reply.raw))
            : columnarExportStream(jobs, engine.store, engine.timeframes, { table: 'ticks', range: q }, format, engine.clock.now(), abortOnClose(reply.raw));
        return reply.type(EXPORT_MEDIA_TYPES[format]).header('content-disposition', `attachment; filename="${symbol}-ticks.${format}"`).send(body);
      },
    );

    app.get(
      `/api/export/bars.${format}`,
      {
        schema: {
          operationId: operationId('Bars', format),
          tags: ['export'],
          summary: `Bars of any timeframe as ${FORMAT_NAMES[format]}: timestamp,open,high,low,close,volume,vwap,trades (timestamp = bar start)`,
          description: TYPES_NOTE[format],
          querystring: ExportBarsQuery,
          response: exportResponse(format, 'The bars', 'timestamp,open,high,low,close,volume,vwap,trades'),
        },
      },
      async (request, reply) => {
        const symbol = symbolParam(request.query.symbol);
        const tf = timeframeParam(request.query.tf);
        await engine.flush();
        const q = { symbol, tf, ...range(request.query) };
        const now = engine.clock.now();
        const body =
          format === 'csv'
            ? Readable.from(barCsv(engine.store, engine.timeframes, q, now))
            : columnarExportStream(jobs, engine.store, engine.timeframes, { table: 'bars', range: q, tf }, format, now, abortOnClose(reply.raw));
        return reply.type(EXPORT_MEDIA_TYPES[format]).header('content-disposition', `attachment; filename="${symbol}-${tf.label}-bars.${format}"`).send(body);
      },
    );

    app.get(
      `/api/export/pair.${format}`,
      {
        schema: {
          operationId: operationId('Pair', format),
          tags: ['export'],
          summary: `The Pair Analytics series as ${FORMAT_NAMES[format]}: timestamp,y,x,y_filled,x_filled,beta,alpha,spread,z,corr,ols_beta`,
          description: `The same query and numbers as GET /api/pairs/analytics; too few bars answer 422 naming the leg. Undefined statistics are ${format === 'csv' ? 'empty fields' : 'null'}. ${TYPES_NOTE[format]}`,
          querystring: PairCsvQuery,
          response: pairResponse(format),
        },
      },
      async (request, reply) => {
        const { spec, from, to } = await resolvePairRange(engine, request.query);
        await engine.flush();
        const r = await pairRange(jobs, engine.store, engine.pairs, engine.timeframes, { spec, from, to, lookback: request.query.lookback ?? DEFAULT_TEST_LOOKBACK, maxBars: MAX_PAIR_BARS }, engine.clock.now());
        const body = format === 'csv' ? Readable.from(pairCsv(r.columns)) : Readable.from(pairColumnar(r.columns, format), { objectMode: false });
        return reply
          .type(EXPORT_MEDIA_TYPES[format])
          .header('content-disposition', `attachment; filename="${spec.y}-${spec.x}-${spec.tf.label}-${spec.method}-${spec.window}.${format}"`)
          .send(body);
      },
    );
  }
};
