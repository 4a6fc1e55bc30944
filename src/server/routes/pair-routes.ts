/**
 * Pair analytics over stored bars: `GET /api/pairs/analytics`. The live continuation is the
 * WebSocket channel `pair:<Y>:<X>:<tf>:<method>:<window>`.
 * @module
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { LiveEngine } from '../../engine/live-engine.js';
import { DEFAULT_TEST_LOOKBACK } from '../../engine/pair-tests.js';
import type { JobPool } from '../../jobs/job-pool.js';
import { pairRange } from '../../jobs/pair-range-job.js';
import { pairChannelName } from '../../model/pair-spec.js';
import { problemResponse } from '../dto/problem-schemas.js';
import { PairAnalytics, PairAnalyticsQuery } from '../dto/pair-schemas.js';
import { toPairTestsDto } from '../pair-dto.js';
import { BoolColumn, sendSlicedJson } from '../sliced-json.js';
import { MAX_PAIR_BARS, MAX_THINNED_PAIR_BARS, resolvePairRange } from '../pair-range.js';

export const pairRoutes: FastifyPluginAsyncTypebox<{ readonly engine: LiveEngine; readonly jobs: JobPool }> = async (app, { engine, jobs }) => {
  app.get(
    '/api/pairs/analytics',
    {
      schema: {
        operationId: 'getPairAnalytics',
        tags: ['pairs'],
        summary: 'Aligned series, hedge ratio, spread, z-score, correlation, tests and health of a pair over stored bars',
        description:
          'Bars come from the bar store (1s, 1m, 5m; other timeframes are built from stored ticks). `from` is inclusive and `to` exclusive on the bar start. ' +
          'Too few bars answer 422 `insufficient_data` naming the leg and the counts; over 86,400 bars a leg (604,800 with `maxPoints`) answers 400 `range_too_large`. `maxPoints` thins the series to the chart\'s width (bucketMs, envelope) while the statistics use every bar.',
        querystring: PairAnalyticsQuery,
        response: { 200: PairAnalytics, 400: problemResponse('invalid request: `detail` names the field and says why'), 422: problemResponse('too little data (`insufficient_data`)') },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { spec, from, to } = await resolvePairRange(engine, q);
      const tfMs = spec.tf.ms;
      const lookback = q.lookback ?? DEFAULT_TEST_LOOKBACK;
      const thin = q.maxPoints === undefined ? {} : { maxPoints: q.maxPoints };
      const maxBars = q.maxPoints === undefined ? MAX_PAIR_BARS : MAX_THINNED_PAIR_BARS;
      const r = await pairRange(jobs, engine.store, engine.pairs, engine.timeframes, { spec, from, to, lookback, maxBars, ...thin }, engine.clock.now());
      const c = r.columns;
      // A day of 1 s bars is a million numbers: written in slices, never in one piece (sliced-json.ts).
      const body = {
        pair: { y: spec.y, x: spec.x, tf: spec.tf.label, tfMs, method: spec.method, prices: spec.prices, window: spec.window, delta: spec.delta, ve: spec.ve, lookback },
        from,
        to,
        bars: { y: r.barsY, x: r.barsX },
        series: { ts: c.start, y: c.y, x: c.x, yFilled: new BoolColumn(c.yFilled), xFilled: new BoolColumn(c.xFilled), beta: c.beta, alpha: c.alpha, spread: c.spread, z: c.z, corr: c.corr, olsBeta: c.olsBeta },
        ...(r.thinned === undefined ? {} : { bucketMs: r.thinned.bucketMs, envelope: { min: r.thinned.min, max: r.thinned.max } }),
        tests: toPairTestsDto(r.tests),
        channel: pairChannelName(spec),
      };
      return sendSlicedJson(reply, body);
    },
  );
};
