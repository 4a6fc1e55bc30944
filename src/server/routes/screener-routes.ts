/**
 * The universe pair screener: `GET /api/screener`. The live continuation is the WebSocket
 * channel `screener` (the live screener of `serve --screen-every`).
 * @module
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { LiveEngine } from '../../engine/live-engine.js';
import { parseScreenerParams } from '../../engine/screener-params.js';
import type { JobPool } from '../../jobs/job-pool.js';
import { runScreener } from '../../jobs/screener-job.js';
import type { ScreenerSchedule } from '../../jobs/screener-schedule.js';
import { problemResponse } from '../dto/problem-schemas.js';
import { ScreenerQuery, ScreenerRanking } from '../dto/screener-schemas.js';
import { toScreenerRankingDto } from '../screener-dto.js';

export const screenerRoutes: FastifyPluginAsyncTypebox<{ readonly engine: LiveEngine; readonly jobs: JobPool; readonly screener: ScreenerSchedule }> = async (app, { engine, jobs, screener }) => {
  app.get(
    '/api/screener',
    {
      schema: {
        operationId: 'getScreener',
        tags: ['screener'],
        summary: 'Every pair of the stored symbols ranked by Engle-Granger p-value over the last `lookback` aligned bars of `tf`',
        description:
          'Symbols are aligned on one grid of bar starts (forward-filled; docs/api.md, "Screener"); pairs whose |corr| of prices and of log returns are both under `minCorr`, or with a leg under `minQuoteVolume`, are not tested. ' +
          'Both orderings of a pair are tested and the lower p-value kept. Items are sorted by `pvalue` ascending, ties by `halfLife`; every figure equals the `tandem compute` op it names on the same aligned prices. ' +
          'Answers the live screener\'s latest ranking when the parameters are its own and it is fresh, else screens on the job lane (503 with Retry-After when the lane is full).',
        querystring: ScreenerQuery,
        response: { 200: ScreenerRanking, 400: problemResponse('invalid request: `detail` names the field and says why'), 503: problemResponse('the job lane is full (`busy`)') },
      },
    },
    async (request) => {
      const { params, tf } = parseScreenerParams(request.query, 'querystring/');
      const cached = screener.cached(params);
      if (cached !== null) return toScreenerRankingDto(cached);
      await engine.flush();
      return toScreenerRankingDto(await runScreener(jobs, engine.store, engine.timeframes, tf, params));
    },
  );
};
