/**
 * `GET /metrics`: Prometheus's text exposition format (version 0.0.4): the process's default
 * Node.js metrics (`metrics/process-metrics.ts`) followed by this server's own registry
 * (`metrics/engine-metrics.ts`, `lane-metrics.ts`, `http-metrics.ts`). Outside `/api` because
 * that is where scrapers look by default; guarded like every other route (a Bearer token when
 * the server has `TANDEM_TOKEN`; docs/api.md, "Prometheus").
 * @module
 */

import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import { processMetricsRegistry } from '../metrics/process-metrics.js';

export interface PrometheusRoutesOptions {
  /** This server's registry. */
  readonly registry: Registry;
}

export const prometheusRoutes: FastifyPluginAsync<PrometheusRoutesOptions> = async (app, { registry }) => {
  app.get('/metrics', { schema: { operationId: 'getPrometheusMetrics', tags: ['system'], summary: 'Prometheus metrics (text exposition format)' } }, async (_request, reply) => {
    // Two registries, disjoint in names, so their texts can follow one another.
    const text = (await processMetricsRegistry().metrics()) + (await registry.metrics());
    return reply.type(registry.contentType).header('cache-control', 'no-store').send(text);
  });
};
