/**
 * Probes for orchestrators and load balancers:
 * - `GET /api/health/live`: 200 while the process serves requests (restart it when this fails);
 * - `GET /api/health/ready`: 200 `{status: "ready", checks}` only when every dependency answers
 *   a trivial request within 1 s (the store `SELECT 1`, the bus and the Redis hot cache `PING`,
 *   each when configured); else 503 naming the failing checks (send no traffic meanwhile).
 * `GET /api/health` (system-routes.ts) stays as it was, for the dashboard and scripts.
 * @module
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { LiveEngine } from '../../engine/live-engine.js';
import { HealthLive, NotReady, Ready } from '../dto/api-schemas.js';
import { checkReadiness, READINESS_TIMEOUT_MS } from '../readiness.js';

export interface HealthRoutesOptions {
  readonly engine: LiveEngine;
  readonly startedAt: number;
  /** Time each dependency's probe gets, ms (default 1,000). */
  readonly readinessTimeoutMs?: number;
}

export const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesOptions> = async (app, { engine, startedAt, readinessTimeoutMs }) => {
  app.get('/api/health/live', { schema: { operationId: 'getLiveness', tags: ['system'], summary: 'Liveness: the process serves requests', response: { 200: HealthLive } } }, async () => ({
    status: 'live' as const,
    uptimeMs: Date.now() - startedAt,
  }));

  app.get(
    '/api/health/ready',
    { schema: { operationId: 'getReadiness', tags: ['system'], summary: 'Readiness: the store, bus and Redis answer', response: { 200: Ready, 503: NotReady } } },
    async (_request, reply) => {
      const report = await checkReadiness(engine.dependencyProbes(), readinessTimeoutMs ?? READINESS_TIMEOUT_MS);
      if (report.ready) return reply.status(200).send({ status: 'ready' as const, checks: report.checks });
      const message = report.failing.map((name) => `${name}: ${report.checks[name]?.error ?? 'failed'}`).join('; ');
      return reply.status(503).send({ status: 'not_ready' as const, failing: [...report.failing], checks: report.checks, error: { code: 'not_ready' as const, message } });
    },
  );
};
