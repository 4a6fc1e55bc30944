/**
 * Pair analytics over stored bars: `GET /api/pairs/analytics`. The live continuation is the
 * WebSocket channel `pair:<Y>:<X>:<tf>:<method>:<window>`.
 * @module
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { LiveEngine } from '../../engine/live-engine.js';
import { DEFAULT_TEST_LOOKBACK } from '../../engine/pair-tests.js';
import { pairChannelName } from '../../model/pair-spec.js';
import { ErrorBody } from '../dto/api-schemas.js';
import { PairAnalytics, PairAnalyticsQuery } from '../dto/pair-schemas.js';
import { toPairSeriesDto, toPairTestsDto } from '../pair-dto.js';
import { MAX_PAIR_BARS, resolvePairRange } from '../pair-range.js';

export const pairRoutes: FastifyPluginAsyncTypebox<{ readonly engine: LiveEngine }> = async (app, { engine }) => {
  app.get(
    '/api/pairs/analytics',
    {
      schema: {
        tags: ['pairs'],
        summary: 'Aligned series, hedge ratio, spread, z-score, correlation, tests and health of a pair over stored bars',
        description:
          'Bars come from the bar store (1s, 1m, 5m; other timeframes are built from stored ticks). `from` is inclusive and `to` exclusive on the bar start. ' +
          'Too few bars answer 422 `insufficient_data` naming the leg and the counts; over 86,400 bars a leg answers 400 `range_too_large`.',
        querystring: PairAnalyticsQuery,
        response: { 200: PairAnalytics, 400: ErrorBody, 422: ErrorBody },
      },
    },
    async (request) => {
      const q = request.query;
      const { spec, from, to } = resolvePairRange(engine, q);
      const tfMs = spec.tf.ms;
      const lookback = q.lookback ?? DEFAULT_TEST_LOOKBACK;
      const r = await engine.pairs.analyzeRange({ spec, from, to, lookback, maxBars: MAX_PAIR_BARS });
      return {
        pair: { y: spec.y, x: spec.x, tf: spec.tf.label, tfMs, method: spec.method, window: spec.window, delta: spec.delta, ve: spec.ve, lookback },
        from,
        to,
        bars: { y: r.barsY, x: r.barsX },
        series: toPairSeriesDto(r.columns),
        tests: toPairTestsDto(r.tests),
        channel: pairChannelName(spec),
      };
    },
  );
};
