/**
 * Paper strategies (docs/backtest.md, "Paper trading"): `POST /api/strategies` starts one from a
 * backtest request without its range, `GET /api/strategies` lists them, `GET /api/strategies/:id`
 * reads one (position, trades, fills, equity, metrics), `DELETE /api/strategies/:id` stops it
 * (its record stays) and `POST /api/strategies/:id/flatten` closes its position at the next
 * fill. `GET /api/strategies/:id/touch` prices its fills at the touch beside the model's.
 * Updates stream on the WebSocket channel `strategy:<id>`.
 * @module
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { LiveEngine } from '../../engine/live-engine.js';
import { problemResponse } from '../dto/problem-schemas.js';
import { StrategyBody, StrategyDto, StrategyListDto, StrategyParams, StrategySummaryDto, StrategyTouchDto, StrategyTouchQuery } from '../dto/strategy-schemas.js';
import { strategyDto, strategySummaryDto } from '../strategy-dto.js';

export const strategyRoutes: FastifyPluginAsyncTypebox<{ readonly engine: LiveEngine }> = async (app, { engine }) => {
  const strategies = engine.strategies;

  app.post(
    '/api/strategies',
    {
      schema: {
        operationId: 'createStrategy',
        tags: ['strategies'],
        summary: 'Start a paper strategy: the backtest rule traded on live final bars',
        description:
          'The body is POST /api/backtest\'s without from/to. The strategy warms up from stored bars (warmupFrom) and trades on each new final bar through the backtest\'s own kernel; POST /api/backtest with from = warmupFrom, to = lastBarStart + tf returns its trades.',
        body: StrategyBody,
        response: { 201: StrategySummaryDto, 400: problemResponse('invalid request: `detail` names the field and says why') },
      },
    },
    async (request, reply) => {
      const view = await strategies.create(request.body);
      return reply.status(201).send(strategySummaryDto(view));
    },
  );

  app.get(
    '/api/strategies',
    { schema: { operationId: 'listStrategies', tags: ['strategies'], summary: 'Every paper strategy, running or stopped, oldest first', response: { 200: StrategyListDto } } },
    async () => {
      await strategies.start();
      return { items: strategies.list().map(strategySummaryDto) };
    },
  );

  app.get(
    '/api/strategies/:id',
    {
      schema: {
        operationId: 'getStrategy',
        tags: ['strategies'],
        summary: 'A paper strategy: its position, closed trades (the backtest\'s trade shape), fills, equity and metrics',
        params: StrategyParams,
        response: { 200: StrategyDto, 404: problemResponse('no such strategy') },
      },
    },
    async (request) => {
      await strategies.start();
      return strategyDto(strategies.get(request.params.id));
    },
  );

  app.get(
    '/api/strategies/:id/touch',
    {
      schema: {
        operationId: 'getStrategyTouch',
        tags: ['strategies'],
        summary: 'A paper strategy\'s fills priced at the touch: each leg at the last taker trade of its side before the fill, beside the model\'s price with slippage',
        params: StrategyParams,
        querystring: StrategyTouchQuery,
        response: { 200: StrategyTouchDto, 400: problemResponse('invalid lookbackMs'), 404: problemResponse('no such strategy') },
      },
    },
    async (request) => {
      await strategies.start();
      const lookbackMs = request.query.lookbackMs ?? 60_000;
      const r = await strategies.touch(request.params.id, lookbackMs);
      return { id: request.params.id, lookbackMs, ...r, fills: [...r.fills] };
    },
  );

  app.delete(
    '/api/strategies/:id',
    {
      schema: {
        operationId: 'stopStrategy',
        tags: ['strategies'],
        summary: 'Stop a paper strategy; its record, fills and book stay (an open position stays open: flatten first to close it)',
        params: StrategyParams,
        response: { 200: StrategyDto, 404: problemResponse('no such strategy') },
      },
    },
    async (request) => {
      await strategies.start();
      return strategyDto(await strategies.stop(request.params.id));
    },
  );

  app.post(
    '/api/strategies/:id/flatten',
    {
      schema: {
        operationId: 'flattenStrategy',
        tags: ['strategies'],
        summary: 'Close the position at the next fill (decided at the close of the last bar traded on); the rule re-enters only after z is back inside the entry band',
        params: StrategyParams,
        response: { 200: StrategyDto, 404: problemResponse('no such strategy'), 409: problemResponse('the strategy is not running, or has traded on no bar yet') },
      },
    },
    async (request) => {
      await strategies.start();
      return strategyDto(await strategies.flatten(request.params.id));
    },
  );
};
