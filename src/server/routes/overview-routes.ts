/**
 * The Overview's figures and the correlation views: `GET /api/overview`,
 * `GET /api/correlation`, `GET /api/correlation/lagged`.
 * @module
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TandemError } from '../../core/tandem-error.js';
import type { LiveEngine } from '../../engine/live-engine.js';
import { correlationView, laggedCorrelationView, symbolOverview, type OverviewSources } from '../../engine/market-overview.js';
import { problemResponse } from '../dto/problem-schemas.js';
import { symbolParam, symbolsParam, timeframeParam } from '../query-params.js';
import { timeParam } from '../time-params.js';
import { CorrelationQuery, CorrelationResponse, LaggedCorrelationQuery, LaggedCorrelationResponse, OverviewQuery, OverviewResponse } from '../dto/overview-schemas.js';

export const overviewRoutes: FastifyPluginAsyncTypebox<{ readonly engine: LiveEngine }> = async (app, { engine }) => {
  /** As of `to` (stored history: an import, a past day) or now, whichever is earlier. */
  const sources = (input?: number | string): OverviewSources => {
    const to = timeParam(input, 'querystring/to');
    return { stores: engine.store, storedTimeframes: engine.timeframes, now: to === undefined ? engine.clock.now() : Math.min(to, engine.clock.now()) };
  };

  app.get(
    '/api/overview',
    {
      schema: {
        operationId: 'getOverview',
        tags: ['overview'],
        summary: 'Per-symbol price, volume, VWAP, trade flow, liquidity and volume spikes over the last `window` bars of `tf` (default 60 × 1m)',
        querystring: OverviewQuery,
        response: { 200: OverviewResponse, 400: problemResponse('invalid request: `detail` names the field and says why') },
      },
    },
    async (request) => {
      const tf = timeframeParam(request.query.tf ?? '1m');
      const window = request.query.window ?? 60;
      const symbols = request.query.symbols === undefined ? (await engine.status()).symbols.map((s) => s.symbol) : symbolsParam(request.query.symbols);
      await engine.flush();
      const src = sources(request.query.to);
      return { items: await Promise.all(symbols.map((s) => symbolOverview(src, s, tf, window))), serverTime: src.now };
    },
  );

  app.get(
    '/api/correlation',
    {
      schema: {
        operationId: 'getCorrelation',
        tags: ['overview'],
        summary: 'Pearson correlation matrix of the symbols over the last `window` bars (log returns by default), rows missing any symbol dropped',
        querystring: CorrelationQuery,
        response: { 200: CorrelationResponse, 400: problemResponse('invalid request: `detail` names the field and says why') },
      },
    },
    async (request) => {
      const symbols = symbolsParam(request.query.symbols);
      if (symbols.length < 2) throw new TandemError('invalid_request', 'querystring/symbols: name at least two symbols');
      return correlationView(sources(request.query.to), symbols, timeframeParam(request.query.tf ?? '1m'), request.query.window ?? 240, request.query.basis ?? 'log_returns');
    },
  );

  app.get(
    '/api/correlation/lagged',
    {
      schema: {
        operationId: 'getLaggedCorrelation',
        tags: ['overview'],
        summary: 'Correlation of the log returns of x at t with y at t + lag, for lag −maxLag..maxLag: a peak at lag k > 0 means x leads y by k bars',
        querystring: LaggedCorrelationQuery,
        response: { 200: LaggedCorrelationResponse, 400: problemResponse('invalid request: `detail` names the field and says why') },
      },
    },
    async (request) => {
      const q = request.query;
      const r = await laggedCorrelationView(sources(q.to), symbolParam(q.y, 'y'), symbolParam(q.x, 'x'), timeframeParam(q.tf ?? '1m'), q.window ?? 240, q.maxLag ?? 10);
      return { lags: r.lags, corr: r.corr.map((v) => (Number.isFinite(v) ? v : null)), nobs: r.nobs };
    },
  );
};
