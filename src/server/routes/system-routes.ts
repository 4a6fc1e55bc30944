/**
 * Health, status and ingestion control: `GET /api/health`, `GET /api/status`,
 * `POST /api/ingestion/start`, `POST /api/ingestion/stop`.
 * @module
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponse } from '../dto/problem-schemas.js';
import type { LiveEngine } from '../../engine/live-engine.js';
import { Health, IngestionStartBody, Status } from '../dto/api-schemas.js';
import { confineToDataDir } from '../security/data-dir.js';
import { toStatusDto } from '../status-dto.js';

export interface SystemRoutesOptions {
  readonly engine: LiveEngine;
  readonly version: string;
  readonly startedAt: number;
  /** Replay paths must name files inside this folder (`security/data-dir.ts`). */
  readonly dataDir: string;
}

export const systemRoutes: FastifyPluginAsyncTypebox<SystemRoutesOptions> = async (app, { engine, version, startedAt, dataDir }) => {
  app.get('/api/health', { schema: { operationId: 'getHealth', tags: ['system'], summary: 'Liveness', response: { 200: Health } } }, async () => ({
    status: 'ok' as const,
    version,
    uptimeMs: Date.now() - startedAt,
  }));

  app.get('/api/status', { schema: { operationId: 'getStatus', tags: ['system'], summary: 'Ingestion state, rates and stored rows', response: { 200: Status } } }, async () =>
    toStatusDto(await engine.status()),
  );

  app.post(
    '/api/ingestion/start',
    {
      schema: {
        operationId: 'startIngestion',
        tags: ['ingestion'],
        summary: 'Start a source (replacing the running one)',
        body: IngestionStartBody,
        response: { 200: Status, 400: problemResponse('invalid request: `detail` names the field and says why') },
      },
    },
    async (request) => {
      const { source, symbols, seed, speed, tradesPerSecond } = request.body;
      // A path from the network names a file in the data directory, never anywhere else.
      const path = request.body.path === undefined ? undefined : confineToDataDir(request.body.path, dataDir);
      await engine.startIngestion({
        source,
        symbols,
        ...(seed === undefined ? {} : { seed }),
        ...(path === undefined ? {} : { path }),
        ...(speed === undefined ? {} : { speed }),
        ...(tradesPerSecond === undefined ? {} : { tradesPerSecond }),
      });
      return toStatusDto(await engine.status());
    },
  );

  app.post('/api/ingestion/stop', { schema: { operationId: 'stopIngestion', tags: ['ingestion'], summary: 'Stop the running source', response: { 200: Status } } }, async () => {
    await engine.stopIngestion();
    return toStatusDto(await engine.status());
  });
};
