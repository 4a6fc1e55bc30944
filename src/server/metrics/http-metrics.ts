/**
 * `tandem_http_request_duration_seconds{method, route, status_code}`: how long each HTTP request
 * took, from Fastify's arrival to the response's end. `route` is the matched route's pattern
 * (`/api/backtest/sweep/:id`), never the raw URL: ids, query strings and a `?token=` stay out
 * of the labels, and the series stay few. A request that matched no route is `unmatched`, so a
 * scanner's random paths cannot grow the series either. WebSocket upgrades are not timed.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

/** Upper bounds in seconds: 1 ms for small reads up to 30 s for a large export. */
export const HTTP_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

/** Adds the `onResponse` hook that observes every request's duration into `registry`. */
export function addHttpMetrics(app: FastifyInstance, registry: Registry): void {
  const duration = new Histogram({
    name: 'tandem_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [...HTTP_DURATION_BUCKETS],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
}
