/**
 * A bare HTTP server that answers `GET /metrics` and nothing else, for processes without the
 * Fastify app: `tandem ingest --metrics-port`. Like `serve`, it listens on loopback unless a
 * token is set, and with a token every scrape must carry `Authorization: Bearer <token>`.
 *
 * @example
 *   const server = await startMetricsHttpServer({ registry, host: '127.0.0.1', port: 9464 });
 *   // scrape http://127.0.0.1:9464/metrics
 *   await server.close();
 * @module
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { PROBLEM_CONTENT_TYPE } from '../dto/problem-schemas.js';
import { problemBody } from '../problem.js';
import { tokenEquals } from '../security/access-token-guard.js';
import { processMetricsRegistry } from './process-metrics.js';

export interface MetricsHttpServerOptions {
  readonly registry: Registry;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Required for a host other than loopback. */
  readonly token?: string;
}

export interface MetricsHttpServer {
  readonly url: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function startMetricsHttpServer(opts: MetricsHttpServerOptions): Promise<MetricsHttpServer> {
  const token = opts.token === '' ? undefined : opts.token;
  if (!LOOPBACK.has(opts.host) && token === undefined) throw new Error(`a metrics port on ${opts.host} exposes figures beyond this machine: set TANDEM_TOKEN first`);
  const server = createServer((req, res) => {
    const reply = (status: number, code: string, message: string): void => {
      res.writeHead(status, { 'content-type': PROBLEM_CONTENT_TYPE }).end(JSON.stringify(problemBody(status, code, message)));
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') return reply(404, 'not_found', `${req.method ?? ''} ${path ?? ''} is not served here; scrape GET /metrics`);
    const auth = req.headers.authorization;
    if (token !== undefined && !(auth !== undefined && auth.startsWith('Bearer ') && tokenEquals(auth.slice(7), token))) {
      return reply(401, 'unauthorized', 'this metrics port requires TANDEM_TOKEN: send Authorization: Bearer <token>');
    }
    void (async () => {
      try {
        const text = (await processMetricsRegistry().metrics()) + (await opts.registry.metrics());
        res.writeHead(200, { 'content-type': opts.registry.contentType, 'cache-control': 'no-store' }).end(text);
      } catch (e) {
        reply(500, 'internal', `collecting metrics failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
