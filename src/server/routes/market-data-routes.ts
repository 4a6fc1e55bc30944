/**
 * Stored market data: `GET /api/symbols`, `GET /api/coverage`, `GET /api/bars`, `GET /api/ticks`.
 * Lists page with an opaque `cursor`, oldest first.
 * @module
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponse } from '../dto/problem-schemas.js';
import type { LiveEngine } from '../../engine/live-engine.js';
import { TandemError } from '../../core/tandem-error.js';
import { abortOnClose } from '../../jobs/abort-on-close.js';
import { sendSlicedJson } from '../sliced-json.js';
import { barHistory, thinnedBarHistory } from '../../jobs/bar-history-job.js';
import type { JobPool } from '../../jobs/job-pool.js';
import { BarsPage, BarsQuery, CoverageQuery, CoverageResponse, SymbolList, TicksPage, TicksQuery, type SymbolCoverage } from '../dto/api-schemas.js';
import { decodeCursor, encodeCursor } from '../paging-cursor.js';
import { symbolParam, timeframeParam } from '../query-params.js';
import { withTimeBounds } from '../time-params.js';

const DEFAULT_LIMIT = 1000;

/** Pages of more bars than this are written in slices. */
const SLICED_FROM = 2000;

export const marketDataRoutes: FastifyPluginAsyncTypebox<{ readonly engine: LiveEngine; readonly jobs: JobPool }> = async (app, { engine, jobs }) => {
  app.get('/api/symbols', { schema: { operationId: 'listSymbols', tags: ['market data'], summary: 'Symbols with stored ticks', response: { 200: SymbolList } } }, async () => ({
    items: await engine.store.ticks.symbolSummaries(),
  }));

  app.get(
    '/api/coverage',
    {
      schema: {
        operationId: 'getCoverage',
        tags: ['market data'],
        summary: 'The span of stored bars of every symbol at one stored timeframe',
        description:
          'Where the data is: the dashboard opens on it when no feed is live, and its range picker reaches back to `firstStart`. Two index seeks per symbol, whatever the number of bars.',
        querystring: CoverageQuery,
        response: { 200: CoverageResponse, 400: problemResponse('invalid request: `detail` names the field and says why') },
      },
    },
    async (request) => {
      const tf = timeframeParam(request.query.tf ?? '1m');
      if (!engine.timeframes.some((t) => t.label === tf.label)) {
        throw new TandemError('invalid_request', `querystring/tf: ${tf.label} is not a stored timeframe (stored: ${engine.timeframes.map((t) => t.label).join(', ')})`);
      }
      const items: SymbolCoverage[] = [];
      for (const symbol of await engine.store.bars.symbols()) {
        const [firstStart, lastStart] = await Promise.all([engine.store.bars.earliestStart(symbol, tf.label), engine.store.bars.latestStart(symbol, tf.label)]);
        if (firstStart !== null && lastStart !== null) items.push({ symbol, firstStart, lastStart });
      }
      return { tf: tf.label, items };
    },
  );

  app.get(
    '/api/bars',
    {
      schema: {
        operationId: 'listBars',
        tags: ['market data'],
        summary: 'Final bars of one symbol and timeframe, oldest first',
        description: 'Stored timeframes are read from the bar store; any other timeframe is built from stored ticks. `from` is inclusive and `to` exclusive on the bar start, in epoch ms.',
        querystring: BarsQuery,
        response: { 200: BarsPage, 400: problemResponse('invalid request: `detail` names the field and says why') },
      },
    },
    async (request, reply) => {
      const q = withTimeBounds(request.query, 'querystring');
      const symbol = symbolParam(q.symbol);
      const tf = timeframeParam(q.tf);
      if (q.maxPoints !== undefined) {
        if (q.cursor !== undefined) throw new TandemError('invalid_request', 'querystring/cursor: maxPoints answers the whole range at once, so it takes no cursor');
        const range = { ...(q.from === undefined ? {} : { from: q.from }), ...(q.to === undefined ? {} : { to: q.to }) };
        const thin = await thinnedBarHistory(jobs, engine.store, engine.timeframes, { symbol, tf, ...range }, q.maxPoints, engine.clock.now(), abortOnClose(reply.raw));
        return sendSlicedJson(reply, { items: thin.bars, next: null, bucketMs: thin.bucketMs });
      }
      const limit = q.limit ?? DEFAULT_LIMIT;
      const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, ['s'] as const).s;
      const items = await barHistory(
        jobs,
        engine.store,
        engine.timeframes,
        { symbol, tf, limit: limit + 1, ...(q.from === undefined ? {} : { from: q.from }), ...(q.to === undefined ? {} : { to: q.to }), ...(after === undefined ? {} : { afterStart: after }) },
        engine.clock.now(),
        abortOnClose(reply.raw),
      );
      const page = items.slice(0, limit);
      const next = items.length > limit ? encodeCursor({ s: page[page.length - 1]!.start }) : null;
      // A month of 1 m bars is 8.8 MB of JSON: written in slices, never in one piece (sliced-json.ts).
      if (page.length > SLICED_FROM) return sendSlicedJson(reply, { items: page, next });
      return { items: page, next };
    },
  );

  app.get(
    '/api/ticks',
    {
      schema: {
        operationId: 'listTicks',
        tags: ['market data'],
        summary: 'Stored ticks of one symbol, oldest first',
        description: '`from` is inclusive and `to` exclusive on the trade time, in epoch ms. Ticks sharing a millisecond are ordered by trade id.',
        querystring: TicksQuery,
        response: { 200: TicksPage, 400: problemResponse('invalid request: `detail` names the field and says why') },
      },
    },
    async (request) => {
      const q = withTimeBounds(request.query, 'querystring');
      const symbol = symbolParam(q.symbol);
      const limit = q.limit ?? DEFAULT_LIMIT;
      const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, ['t', 'i'] as const);
      const rows = await engine.store.ticks.queryTicks({
        symbol,
        limit: limit + 1,
        ...(q.from === undefined ? {} : { from: q.from }),
        ...(q.to === undefined ? {} : { to: q.to }),
        ...(after === undefined ? {} : { after: { ts: after.t, tradeId: after.i } }),
      });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const next = rows.length > limit && last !== undefined ? encodeCursor({ t: last.ts, i: last.tradeId }) : null;
      return { items: page.map(({ symbol: s, ts, price, qty, tradeId, buyerMaker }) => ({ symbol: s, ts, price, qty, tradeId, buyerMaker })), next };
    },
  );
};
