/**
 * CSV exports: `GET /api/export/ticks.csv?symbol&from&to` and
 * `GET /api/export/bars.csv?symbol&tf&from&to`, streamed from the store (see
 * `engine/csv-export.ts` for the formats).
 * @module
 */

import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { barCsv, pairCsv } from '../../engine/csv-export.js';
import { DEFAULT_TEST_LOOKBACK } from '../../engine/pair-tests.js';
import type { LiveEngine } from '../../engine/live-engine.js';
import { abortOnClose } from '../../jobs/abort-on-close.js';
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

export const exportRoutes: FastifyPluginAsyncTypebox<{ readonly engine: LiveEngine; readonly jobs: JobPool }> = async (app, { engine, jobs }) => {
  app.get(
    '/api/export/ticks.csv',
    {
      schema: {
        operationId: 'exportTicksCsv',
        tags: ['export'],
        summary: 'Stored ticks as CSV: symbol,ts,price,qty,trade_id,buyer_maker (ts ISO-8601 UTC)',
        querystring: ExportTicksQuery,
        response: { 200: csvResponse('symbol,ts,price,qty,trade_id,buyer_maker') },
      },
    },
    async (request, reply) => {
      const symbol = symbolParam(request.query.symbol);
      await engine.flush();
      const csv = tickCsvStream(jobs, engine.store, { symbol, ...range(request.query) }, abortOnClose(reply.raw));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${symbol}-ticks.csv"`).send(csv);
    },
  );

  app.get(
    '/api/export/bars.csv',
    {
      schema: {
        operationId: 'exportBarsCsv',
        tags: ['export'],
        summary: 'Bars of any timeframe as CSV: timestamp,open,high,low,close,volume,vwap,trades (timestamp = bar start, ISO-8601 UTC)',
        querystring: ExportBarsQuery,
        response: { 200: csvResponse('timestamp,open,high,low,close,volume,vwap,trades') },
      },
    },
    async (request, reply) => {
      const symbol = symbolParam(request.query.symbol);
      const tf = timeframeParam(request.query.tf);
      await engine.flush();
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${symbol}-${tf.label}-bars.csv"`)
        .send(Readable.from(barCsv(engine.store, engine.timeframes, { symbol, tf, ...range(request.query) }, engine.clock.now())));
    },
  );

  app.get(
    '/api/export/pair.csv',
    {
      schema: {
        operationId: 'exportPairCsv',
        tags: ['export'],
        summary: 'The Pair Analytics series as CSV: timestamp,y,x,y_filled,x_filled,beta,alpha,spread,z,corr,ols_beta (empty where undefined)',
        description: 'The same query and numbers as GET /api/pairs/analytics; too few bars answer 422 naming the leg.',
        querystring: PairCsvQuery,
        response: { 200: csvResponse('timestamp,y,x,y_filled,x_filled,beta,alpha,spread,z,corr,ols_beta'), 400: problemResponse('invalid request'), 422: problemResponse('too few bars (`insufficient_data`), naming the leg') },
      },
    },
    async (request, reply) => {
      const { spec, from, to } = await resolvePairRange(engine, request.query);
      await engine.flush();
      const r = await pairRange(jobs, engine.store, engine.pairs, engine.timeframes, { spec, from, to, lookback: request.query.lookback ?? DEFAULT_TEST_LOOKBACK, maxBars: MAX_PAIR_BARS }, engine.clock.now());
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${spec.y}-${spec.x}-${spec.tf.label}-${spec.method}-${spec.window}.csv"`)
        .send(Readable.from(pairCsv(r.columns)));
    },
  );
};
