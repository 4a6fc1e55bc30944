/**
 * `GET /api/metrics`: the server process's own figures for load and soak runs: memory (RSS,
 * V8 heap), event-loop delay since start (`perf_hooks.monitorEventLoopDelay`), and the stream
 * clients with what the server holds for them. Cheap to call once a second.
 * @module
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { StreamClients } from '../stream/stream-clients.js';

const Metrics = Type.Object({
  rssBytes: Type.Integer(),
  heapUsedBytes: Type.Integer(),
  heapTotalBytes: Type.Integer(),
  externalBytes: Type.Integer(),
  arrayBuffersBytes: Type.Integer(),
  eventLoopDelayMs: Type.Object({ p50: Type.Number(), p99: Type.Number(), max: Type.Number() }, { description: 'since the server started' }),
  stream: Type.Object({
    clients: Type.Integer(),
    pendingTotal: Type.Integer(),
    pendingMax: Type.Integer(),
    bufferedBytesTotal: Type.Integer(),
    bufferedBytesMax: Type.Integer(),
    dropped: Type.Integer(),
  }),
});

export interface MetricsRoutesOptions {
  readonly clients: StreamClients;
}

export const metricsRoutes: FastifyPluginAsyncTypebox<MetricsRoutesOptions> = async (app, { clients }) => {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  app.addHook('onClose', async () => delay.disable());
  const ms = (ns: number): number => (Number.isFinite(ns) ? ns / 1e6 : 0);

  app.get('/api/metrics', { schema: { operationId: 'getServerMetrics', tags: ['system'], summary: 'Process memory, event-loop delay and stream clients', response: { 200: Metrics } } }, async () => {
    const mem = process.memoryUsage();
    return {
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      heapTotalBytes: mem.heapTotal,
      externalBytes: mem.external,
      arrayBuffersBytes: mem.arrayBuffers,
      eventLoopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      stream: clients.figures(),
    };
  });
};
