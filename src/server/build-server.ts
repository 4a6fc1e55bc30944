/**
 * Builds the Fastify app: REST under `/api` (schemas declared once in `dto/`, validated, and
 * published as OpenAPI at `/api/docs`), the WebSocket at `/api/stream`, and the built
 * dashboard from `dist/web`. The OpenAPI options are in `openapi/openapi-options.ts`. Listening is the caller's job, so tests can use `app.inject()`.
 * @module
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import type { LiveEngine } from '../engine/live-engine.js';
import { SweepJobs } from '../engine/sweep-jobs.js';
import { JobPool, type JobPoolOptions } from '../jobs/job-pool.js';
import { installErrorHandlers } from './http-errors.js';
import { addRequestIdHeader, TandemLogController } from './logging/request-logging.js';
import { REQUEST_ID_HEADER, requestIdFrom } from './logging/request-id.js';
import { componentLogger } from '../core/logger.js';
import { openApiOptions } from './openapi/openapi-options.js';
import { sendProblem } from './problem.js';
import { alertRoutes } from './routes/alert-routes.js';
import { backtestRoutes } from './routes/backtest-routes.js';
import { strategyRoutes } from './routes/strategy-routes.js';
import { laneSimulationRunner } from '../jobs/backtest-job.js';
import { importRoutes } from './routes/import-routes.js';
import { exportRoutes } from './routes/export-routes.js';
import { fundingRoutes } from './routes/funding-routes.js';
import { marketDataRoutes } from './routes/market-data-routes.js';
import { overviewRoutes } from './routes/overview-routes.js';
import { pairRoutes } from './routes/pair-routes.js';
import { systemRoutes } from './routes/system-routes.js';
import { requireAccessToken } from './security/access-token-guard.js';
import { dataDirFromEnv } from './security/data-dir.js';
import { refuseNonFiniteNumbers } from './security/finite-numbers.js';
import { addSameOriginGuard } from './security/same-origin-guard.js';
import { addSecurityHeaders } from './security/security-headers.js';
import { toStatusDto } from './status-dto.js';
import { registerStreamRoute, StatusBroadcaster } from './stream/stream-route.js';
import { StreamClients } from './stream/stream-clients.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { retentionRoutes } from './routes/retention-routes.js';
import { RetentionSchedule, type RetentionScheduleOptions } from '../jobs/retention/retention-schedule.js';
import { retainTicks } from '../jobs/retention/tick-retention.js';
import { healthRoutes } from './routes/health-routes.js';
import { prometheusRoutes } from './routes/prometheus-routes.js';
import { registerEngineMetrics } from './metrics/engine-metrics.js';
import { registerEventLoopMetrics } from './metrics/event-loop-metrics.js';
import { addHttpMetrics } from './metrics/http-metrics.js';
import { registerLaneMetrics } from './metrics/lane-metrics.js';

export interface ServerOptions {
  readonly engine: LiveEngine;
  readonly version: string;
  /** Folder of the built web app; served at `/` when it exists. */
  readonly webRoot?: string;
  /**
   * The logger requests and errors are logged with: the process's root pino logger
   * (`logging/root-logger.ts`). Absent: nothing is logged (tests).
   */
  readonly logger?: FastifyBaseLogger;
  /**
   * When set, every request must carry it: the API, the WebSocket and the dashboard's files
   * (see `security/access-token-guard.ts`). Without it the server answers loopback names only.
   */
  readonly token?: string;
  /** The only folder a request may name files in (replay paths); default `TANDEM_DATA_DIR` or `data/`. */
  readonly dataDir?: string;
  /** The job lane's size and queue (default from the CPU count; see `jobs/job-pool.ts`). */
  readonly jobs?: JobPoolOptions;
  /**
   * Tick retention (`serve --retain-ticks`): ticks older than `horizonMs` are deleted shortly
   * after start and every 10 minutes (`jobs/retention/`). Default: kept for ever.
   */
  readonly retainTicks?: { readonly horizonMs: number } & RetentionScheduleOptions;
}

const retentionLog = componentLogger('retention');

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger === undefined ? { logger: false } : { loggerInstance: opts.logger }),
    // Fastify would take the header verbatim; `genReqId` validates it first (`logging/request-id.ts`).
    requestIdHeader: false,
    genReqId: (req) => requestIdFrom(req.headers[REQUEST_ID_HEADER]),
    // One line per request, on completion, with the token masked (`logging/request-logging.ts`).
    logController: new TandemLogController(),
    // Unknown fields are an error that names them, not silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    bodyLimit: 1 << 20,
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandlers(app);
  addRequestIdHeader(app);
  // This server's Prometheus metrics (`GET /metrics`): a registry of its own, not prom-client's
  // global one, so several servers in one process (tests) each count their own.
  const metrics = new Registry();
  addHttpMetrics(app, metrics);
  const stopEventLoopMetrics = registerEventLoopMetrics(metrics);
  app.addHook('onClose', async () => stopEventLoopMetrics());
  addSecurityHeaders(app);
  addSameOriginGuard(app, { loopbackOnly: opts.token === undefined });
  if (opts.token !== undefined) requireAccessToken(app, opts.token);
  refuseNonFiniteNumbers(app);
  await app.register(fastifySwagger, openApiOptions({ version: opts.version, tokenRequired: opts.token !== undefined }));
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  const statuses = new StatusBroadcaster(async () => toStatusDto(await opts.engine.status()));
  app.addHook('onClose', async () => statuses.stop());

  const startedAt = Date.now();
  await app.register(systemRoutes, { engine: opts.engine, version: opts.version, startedAt, dataDir: opts.dataDir ?? dataDirFromEnv() });
  await app.register(healthRoutes, { engine: opts.engine, startedAt });
  const jobs = new JobPool(opts.jobs);
  app.addHook('onClose', async () => jobs.close());
  await app.register(marketDataRoutes, { engine: opts.engine, jobs });
  await app.register(fundingRoutes, { engine: opts.engine });
  await app.register(importRoutes, { engine: opts.engine, jobs });
  await app.register(pairRoutes, { engine: opts.engine, jobs });
  await app.register(exportRoutes, { engine: opts.engine, jobs });
  await app.register(retentionRoutes, { engine: opts.engine, jobs });
  const retain = opts.retainTicks;
  if (retain !== undefined) {
    const schedule = new RetentionSchedule(() => retainTicks(jobs, opts.engine.store, Date.now() - retain.horizonMs), {
      onResult: (r) => retentionLog.info({ event: 'tick_retention', deleted: r.deleted, cutoff: r.cutoff }, `tick retention: deleted ${r.deleted} ticks older than ${new Date(r.cutoff).toISOString()}`),
      ...retain,
    });
    schedule.start();
    app.addHook('onClose', async () => schedule.stop());
  }
  await app.register(overviewRoutes, { engine: opts.engine });
  await app.register(alertRoutes, { engine: opts.engine });
  const sweeps = new SweepJobs();
  app.addHook('onClose', async () => sweeps.close());
  await app.register(backtestRoutes, { engine: opts.engine, jobs: sweeps, lane: jobs });
  // Paper strategies re-run the backtest kernel on each final bar: on the job lane when it can read the store.
  const laneRunner = laneSimulationRunner(jobs, opts.engine.store, opts.engine.timeframes, opts.engine.clock);
  if (laneRunner !== null) opts.engine.strategies.useRunner(laneRunner);
  await opts.engine.strategies.start();
  await app.register(strategyRoutes, { engine: opts.engine });
  const streamClients = new StreamClients();
  await app.register(metricsRoutes, { clients: streamClients });
  const stopEngineMetrics = registerEngineMetrics(metrics, opts.engine);
  app.addHook('onClose', async () => stopEngineMetrics());
  registerLaneMetrics(metrics, { jobs, sweeps, clients: streamClients });
  await app.register(prometheusRoutes, { registry: metrics });
  registerStreamRoute(app, opts.engine, statuses, sweeps, streamClients);

  const webRoot = opts.webRoot;
  const hasWeb = webRoot !== undefined && existsSync(join(webRoot, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot });
  app.setNotFoundHandler((request, reply) => {
    if (!request.url.startsWith('/api') && request.method === 'GET' && hasWeb) return reply.sendFile('index.html');
    return sendProblem(reply, 404, 'not_found', `${request.method} ${request.url.split('?')[0]} is not a Tandem endpoint`);
  });
  return app;
}
