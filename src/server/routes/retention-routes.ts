/**
 * `POST /api/retention` `{ "olderThan": "30d" }`: deletes the ticks older than the horizon
 * once (bars stay) and answers what it deleted per symbol; a bad horizon is a 400 naming it.
 * The work runs on the job lane (`jobs/retention/`); a full lane answers 503.
 * @module
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TandemError } from '../../core/tandem-error.js';
import type { LiveEngine } from '../../engine/live-engine.js';
import type { JobPool } from '../../jobs/job-pool.js';
import { parseRetentionHorizon } from '../../jobs/retention/retention-horizon.js';
import { retainTicks } from '../../jobs/retention/tick-retention.js';
import { problemResponse } from '../dto/problem-schemas.js';
import { RetentionBody, RetentionReport } from '../dto/retention-schemas.js';

export interface RetentionRoutesOptions {
  readonly engine: LiveEngine;
  readonly jobs: JobPool;
}

export const retentionRoutes: FastifyPluginAsyncTypebox<RetentionRoutesOptions> = async (app, { engine, jobs }) => {
  app.post(
    '/api/retention',
    {
      schema: {
        operationId: 'retainTicks',
        tags: ['storage'],
        summary: 'Delete ticks older than a horizon (bars stay); answers the count per symbol',
        body: RetentionBody,
        response: { 200: RetentionReport, 400: problemResponse('invalid request: `detail` names the field and says why'), 503: problemResponse('busy: the job lane is full; retry after `Retry-After` seconds') },
      },
    },
    async (request) => {
      const horizon = parseRetentionHorizon(request.body.olderThan, 'olderThan');
      if (!horizon.ok) throw new TandemError(horizon.error.code, horizon.error.message);
      const r = await retainTicks(jobs, engine.store, Date.now() - horizon.value);
      return { cutoff: r.cutoff, deleted: r.deleted, partitionsDropped: r.partitionsDropped, symbols: r.symbols.map((s) => ({ symbol: s.symbol, deleted: s.deleted })) };
    },
  );
};
