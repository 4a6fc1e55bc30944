/**
 * An ingest worker's Prometheus metrics: the publish queue's backlog grows while Redis is cut
 * away (a TCP proxy), with the failed publishes counted, and drains when it is back, the
 * published counter ending at every tick pushed; the bare metrics port wants the Bearer token
 * when one is set and refuses a non-loopback address without one; and `tandem ingest
 * --metrics-port` serves it for real (the built CLI).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { PublishQueue } from '../../src/bus/publish-queue.js';
import { RedisBus } from '../../src/bus/redis/redis-bus.js';
import { epochMs, price, qty } from '../../src/core/brand.js';
import type { Tick } from '../../src/model/tick.js';
import { startMetricsHttpServer, type MetricsHttpServer } from '../../src/server/metrics/metrics-http-server.js';
import { registerPublishMetrics } from '../../src/server/metrics/publish-metrics.js';
import { registerTickMetrics } from '../../src/server/metrics/tick-metrics.js';
import { parsePrometheusText, sampleValue, type MetricFamily } from '../helpers/prometheus-text.js';
import { dropPrefix, REDIS_URL, redisAvailable, uniquePrefix } from '../helpers/redis-service.js';
import { TandemProcess } from '../helpers/tandem-process.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { waitFor } from '../helpers/wait-for.js';

const available = await redisAvailable();

function ticks(fromId: number, n: number): Tick[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    symbol: 'BTCUSDT',
    ts: epochMs(now),
    price: price(97_000 + i),
    qty: qty(0.01),
    tradeId: fromId + i,
    buyerMaker: i % 2 === 0,
    source: 'simulator' as const,
  }));
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<Map<string, MetricFamily>> {
  const res = await fetch(`${url}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(await res.text());
}

describe('the metrics port of a process without the server', () => {
  it('refuses a non-loopback address without a token', async () => {
    await expect(startMetricsHttpServer({ registry: new Registry(), host: '0.0.0.0', port: 0 })).rejects.toThrow(/set TANDEM_TOKEN/);
  });

  it('wants the Bearer token when one is set, and serves only GET /metrics', async () => {
    const server = await startMetricsHttpServer({ registry: new Registry(), host: '127.0.0.1', port: 0, token: 'worker-token-1' });
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
      const m = await scrape(server.url, { authorization: 'Bearer worker-token-1' });
      expect(m.get('process_cpu_seconds_total')?.type).toBe('counter');
      const other = await fetch(`${server.url}/other`, { headers: { authorization: 'Bearer worker-token-1' } });
      expect(other.status).toBe(404);
      expect(other.headers.get('content-type')).toBe('application/problem+json');
      expect(await other.json()).toMatchObject({ status: 404, code: 'not_found', error: { code: 'not_found' } });
    } finally {
      await server.close();
    }
  });
});

describe.skipIf(!available)('an ingest worker publish queue in Prometheus', () => {
  const prefix = uniquePrefix('ingestmetrics');
  const proxy = new TcpProxy('127.0.0.1', Number(new URL(REDIS_URL).port || 6379));
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await proxy.stop();
    await dropPrefix(prefix);
  });

  it('shows the backlog growing while Redis is away and draining when it is back', async () => {
    await proxy.start();
    const bus = await RedisBus.open({ url: `redis://127.0.0.1:${proxy.port}`, prefix });
    const queue = new PublishQueue(bus.publisher(), { flushMs: 20, onError: () => undefined });
    const registry = new Registry();
    const observe = registerTickMetrics(registry, Date.now);
    registerPublishMetrics(registry, queue);
    const server: MetricsHttpServer = await startMetricsHttpServer({ registry, host: '127.0.0.1', port: 0 });
    cleanups.push(async () => {
      await server.close();
      await queue.close(1000);
      await bus.close();
    });
    const push = (batch: Tick[]): void => {
      observe(batch);
      queue.push(batch);
    };

    push(ticks(1, 500));
    await waitFor('500 published', async () => sampleValue(await scrape(server.url), 'tandem_ticks_published_total') === 500);
    expect(sampleValue(await scrape(server.url), 'tandem_publish_queue_ticks')).toBe(0);

    await proxy.stop();
    push(ticks(501, 300));
    const down = await waitFor('a failed publish counted', async () => {
      const m = await scrape(server.url);
      return (sampleValue(m, 'tandem_publish_failures_total') ?? 0) > 0 ? m : undefined;
    });
    expect(sampleValue(down, 'tandem_publish_queue_ticks')).toBe(300);
    expect(sampleValue(down, 'tandem_ticks_published_total')).toBe(500);

    await proxy.start(proxy.port);
    const after = await waitFor(
      'the backlog drained',
      async () => {
        const m = await scrape(server.url);
        return sampleValue(m, 'tandem_publish_queue_ticks') === 0 ? m : undefined;
      },
      20_000,
      100,
    );
    expect(sampleValue(after, 'tandem_ticks_published_total')).toBe(800);
    expect(sampleValue(after, 'tandem_ticks_ingested_total', { symbol: 'BTCUSDT' })).toBe(800);
  });

  it('is served by `tandem ingest --metrics-port`', async () => {
    const worker = new TandemProcess('ingest worker', ['ingest', '--source', 'sim', '--symbols', 'BTCUSDT,ETHUSDT', '--bus', 'redis', '--redis-url', REDIS_URL, '--redis-prefix', prefix, '--metrics-port', '0', '--quiet'], {});
    cleanups.push(async () => {
      worker.kill('SIGTERM');
      await worker.exited;
    });
    const [, url] = await worker.waitForOutput(/Prometheus metrics on (http:\/\/127\.0\.0\.1:\d+)\/metrics/);
    await waitFor('the worker to publish', async () => (sampleValue(await scrape(url!), 'tandem_ticks_published_total') ?? 0) > 0, 20_000, 200);
    const m = await scrape(url!);
    expect(sampleValue(m, 'tandem_ticks_ingested_total', { symbol: 'ETHUSDT' })).toBeGreaterThan(0);
    expect(sampleValue(m, 'tandem_publish_queue_ticks')).toBeGreaterThanOrEqual(0);
  });
});
