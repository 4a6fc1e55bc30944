/**
 * Backtests of stored pairs: `POST /api/backtest` runs one and answers its report;
 * `POST /api/backtest/sweep` queues a grid sweep and answers its job (progress and result also
 * on the WebSocket channel `backtest:<id>`); `GET /api/backtest/sweep/:id` reads a job and
 * `DELETE /api/backtest/sweep/:id` cancels it. Bad parameters are 400 with the field named.
 * @module
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TandemError } from '../../core/tandem-error.js';
import { parseBacktestRequest } from '../../engine/backtest-request.js';
import { parseSweepRequest, runSweep } from '../../engine/backtest-sweep.js';
import type { LiveEngine } from '../../engine/live-engine.js';
import type { BarSources } from '../../engine/pair-bar-loader.js';
import type { SweepJobs } from '../../engine/sweep-jobs.js';
import { laneBarSources, storedBacktest } from '../../jobs/backtest-job.js';
import { sendSlicedJson } from '../sliced-json.js';
import { withTimeBounds } from '../time-params.js';
import type { JobPool } from '../../jobs/job-pool.js';
import { backtestResponse, sweepJobDto } from '../backtest-dto.js';
import { BacktestBody, BacktestResponse, SweepBody, SweepJobDto, SweepJobParams } from '../dto/backtest-schemas.js';
import { problemResponse } from '../dto/problem-schemas.js';

export const backtestRoutes: FastifyPluginAsyncTypebox<{ readonly engine: LiveEngine; readonly jobs: SweepJobs; readonly lane: JobPool }> = async (app, { engine, jobs, lane }) => {
  const sources = (): BarSources => laneBarSources(lane, engine.store, engine.timeframes, engine.clock.now());

  app.post(
    '/api/backtest',
    {
      schema: {
        operationId: 'runBacktest',
        tags: ['backtest'],
        summary: 'Backtest the z-score rule on a stored pair',
        description: 'Signals on bar t\'s close, filled at bar t+1\'s open (or close); quote-currency PnL of both legs with fees and slippage. Formulas: docs/backtest.md.',
        body: BacktestBody,
        response: { 200: BacktestResponse, 400: problemResponse('invalid request: `detail` names the field and says why') },
      },
    },
    async (request) => {
      const parsed = parseBacktestRequest(withTimeBounds(request.body, 'body'));
      if (!parsed.ok) throw new TandemError(parsed.error.code, parsed.error.message);
      return backtestResponse(await storedBacktest(lane, engine.store, engine.timeframes, parsed.value, engine.clock.now()));
    },
  );

  app.post(
    '/api/backtest/sweep',
    {
      schema: {
        operationId: 'startSweep',
        tags: ['backtest'],
        summary: 'Queue a parameter sweep (entry × exit × window × method), optionally walk-forward',
        description: 'Answers the job at once (202). Progress and the result: WebSocket channel `backtest:<id>`, or poll GET /api/backtest/sweep/:id.',
        body: SweepBody,
        response: { 202: SweepJobDto, 400: problemResponse('invalid request: `detail` names the field and says why') },
      },
    },
    async (request, reply) => {
      const parsed = parseSweepRequest(withTimeBounds(request.body, 'body'));
      if (!parsed.ok) throw new TandemError(parsed.error.code, parsed.error.message);
      const req = parsed.value;
      const src = sources();
      const view = jobs.submit(({ signal, progress }) => runSweep(src, req, { signal, onProgress: progress }), req.totalRuns);
      return sendSlicedJson(reply.status(202), sweepJobDto(view));
    },
  );

  app.get(
    '/api/backtest/sweep/:id',
    { schema: { operationId: 'getSweep', tags: ['backtest'], summary: 'A sweep job: state, progress and, once done, its result', params: SweepJobParams, response: { 200: SweepJobDto, 404: problemResponse('not found') } } },
    async (request, reply) => {
      const view = jobs.get(request.params.id);
      if (view === null) throw new TandemError('not_found', `no sweep job '${request.params.id}'`);
      // A finished sweep's rows and heatmap: written in slices (sliced-json.ts), never in one piece.
      return sendSlicedJson(reply, sweepJobDto(view));
    },
  );

  app.delete(
    '/api/backtest/sweep/:id',
    { schema: { operationId: 'cancelSweep', tags: ['backtest'], summary: 'Cancel a queued or running sweep', params: SweepJobParams, response: { 200: SweepJobDto, 404: problemResponse('not found') } } },
    async (request) => sweepJobDto(jobs.cancel(request.params.id)),
  );
};
