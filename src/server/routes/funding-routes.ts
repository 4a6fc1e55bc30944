/**
 * `GET /api/funding?symbol&from&to&limit`: the stored funding rates of one symbol, oldest
 * first. Rates come from the Binance backfill (`fundingRate` history), the simulator's
 * generated past, or a caller of `FundingStore.upsertFunding`; backtests read the same rows.
 * A longer range than `limit` rows is read on by asking again from the last `ts` + 1.
 * @module
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TandemError } from '../../core/tandem-error.js';
import type { LiveEngine } from '../../engine/live-engine.js';
import { FundingPage, FundingQuery } from '../dto/funding-schemas.js';
import { problemResponse } from '../dto/problem-schemas.js';
import { symbolParam } from '../query-params.js';
import { withTimeBounds } from '../time-params.js';

const DEFAULT_LIMIT = 10_000;

export const fundingRoutes: FastifyPluginAsyncTypebox<{ readonly engine: LiveEngine }> = async (app, { engine }) => {
  app.get(
    '/api/funding',
    {
      schema: {
        operationId: 'listFundingRates',
        tags: ['market data'],
        summary: 'Stored funding rates of one perpetual symbol, oldest first',
        description: '`from` is inclusive and `to` exclusive on the funding time, epoch ms or ISO-8601. Each settlement pays q·markPrice·rate from a position of signed quantity q (docs/backtest.md, "Funding").',
        querystring: FundingQuery,
        response: { 200: FundingPage, 400: problemResponse('invalid request: `detail` names the field and says why') },
      },
    },
    async (request) => {
      const q = withTimeBounds(request.query, 'querystring');
      const symbol = symbolParam(q.symbol);
      if (q.from !== undefined && q.to !== undefined && !(q.to > q.from)) throw new TandemError('invalid_request', `querystring/to: must be after from (got from ${q.from}, to ${q.to})`);
      const rows = await engine.store.funding.queryFunding({ symbol, limit: q.limit ?? DEFAULT_LIMIT, ...(q.from === undefined ? {} : { from: q.from }), ...(q.to === undefined ? {} : { to: q.to }) });
      return { items: rows.map((r) => ({ ts: r.ts, rate: r.rate, markPrice: Number.isNaN(r.markPrice) ? null : r.markPrice })) };
    },
  );
};
