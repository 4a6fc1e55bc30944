/**
 * `GET /metrics` on a real server fed by the simulator: the text is parsed strictly
 * (test/helpers/prometheus-text.ts), the tick counter moves with ingestion and ends equal to
 * the ticks stored, HTTP latency is labelled by route pattern (never the raw URL or the token),
 * an alert firing is counted by rule type, two servers in one process count apart, and with
 * `TANDEM_TOKEN` the scrape needs the Bearer token like every other route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Status } from '../../src/server/dto/api-schemas.js';
import { parsePrometheusText, sampleValue, type MetricFamily } from '../helpers/prometheus-text.js';
import { getJson, postJson, startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

async function scrape(url: string, headers: Record<string, string> = {}): Promise<Map<string, MetricFamily>> {
  const res = await fetch(`${url}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(await res.text());
}

describe('parsePrometheusText (the test parser itself)', () => {
  const ok = '# HELP a_total A.\n# TYPE a_total counter\na_total{symbol="BTC\\"USDT"} 3\n';
  it('reads families, labels with escapes and values', () => {
    const f = parsePrometheusText(ok);
    expect(f.get('a_total')).toMatchObject({ type: 'counter', samples: [{ name: 'a_total', labels: { symbol: 'BTC"USDT' }, value: 3 }] });
  });
  it.each([
    ['a sample without TYPE', 'a 1\n'],
    ['a bad value', '# TYPE a gauge\na one\n'],
    ['an unclosed label', '# TYPE a gauge\na{x="1} 1\n'],
    ['an unknown escape', '# TYPE a gauge\na{x="\\t"} 1\n'],
    ['a bad label name', '# TYPE a gauge\na{1x="1"} 1\n'],
    ['a series twice', '# TYPE a gauge\na{x="1"} 1\na{x="1"} 2\n'],
    ['a family split in two', '# TYPE a gauge\n# TYPE b gauge\na 1\nb 1\na{x="2"} 1\n'],
    ['no final line feed', '# TYPE a gauge\na 1'],
    ['a histogram whose +Inf bucket is not its count', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n'],
    ['a histogram whose buckets fall', '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="2"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n'],
  ])('refuses %s', (_what, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});

describe('GET /metrics', () => {
  let server: TestServer;
  let quiet: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    quiet = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
    await quiet?.close();
  });

  it('answers the exposition format with the process, lane and outbox figures before any traffic', async () => {
    const m = await scrape(server.url);
    expect(m.get('nodejs_eventloop_lag_p99_seconds')?.type).toBe('gauge');
    expect(m.get('process_resident_memory_bytes')?.type).toBe('gauge');
    expect(sampleValue(m, 'tandem_job_lane_capacity', { kind: 'workers' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(m, 'tandem_job_lane_jobs', { state: 'running' })).toBe(0);
    expect(sampleValue(m, 'tandem_job_lane_jobs', { state: 'queued' })).toBe(0);
    expect(sampleValue(m, 'tandem_job_lane_refused_total')).toBe(0);
    expect(sampleValue(m, 'tandem_sweep_jobs', { state: 'running' })).toBe(0);
    expect(sampleValue(m, 'tandem_stream_clients')).toBe(0);
    expect(sampleValue(m, 'tandem_stream_outbox_pending_states', { of: 'sum' })).toBe(0);
    expect(sampleValue(m, 'tandem_stream_socket_buffered_bytes', { of: 'max' })).toBe(0);
    expect(sampleValue(m, 'tandem_stream_outbox_dropped_states_total')).toBe(0);
    expect(sampleValue(m, 'tandem_write_queue_items', { writer: 'ticks' })).toBe(0);
    expect(m.get('tandem_ticks_ingested_total')?.type).toBe('counter');
    expect(m.get('tandem_ticks_ingested_total')?.samples).toEqual([]);
    expect(m.get('tandem_http_request_duration_seconds')?.type).toBe('histogram');
    expect(m.get('tandem_eventloop_delay_max_seconds')?.type).toBe('histogram');
  });

  it('counts ingested ticks per symbol as they arrive, ending equal to the ticks stored', async () => {
    const started = await postJson(`${server.url}/api/ingestion/start`, { source: 'simulator', symbols: ['BTCUSDT', 'ETHUSDT'], seed: 5 });
    expect(started.status).toBe(200);
    const first = await waitFor('BTCUSDT ticks counted', async () => {
      const v = sampleValue(await scrape(server.url), 'tandem_ticks_ingested_total', { symbol: 'BTCUSDT' });
      return v !== undefined && v > 0 ? v : undefined;
    });
    await waitFor('the counter to move on', async () => (sampleValue(await scrape(server.url), 'tandem_ticks_ingested_total', { symbol: 'BTCUSDT' }) ?? 0) > first);
    const during = await scrape(server.url);
    const lag = sampleValue(during, 'tandem_ingest_lag_seconds', { symbol: 'ETHUSDT' });
    // The simulator stamps trades with the engine's clock as it makes them: the lag is the batch's age.
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(5);

    expect((await postJson(`${server.url}/api/ingestion/stop`, {})).status).toBe(200);
    const after = await scrape(server.url);
    const status = (await getJson<Status>(`${server.url}/api/status`)).body;
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const stored = status.symbols.find((s) => s.symbol === symbol)!.ticksStored;
      expect(stored).toBeGreaterThan(0);
      expect(sampleValue(after, 'tandem_ticks_ingested_total', { symbol })).toBe(stored);
    }
    expect(sampleValue(after, 'tandem_write_queue_items', { writer: 'ticks' })).toBe(0);
  });

  it('observes a blocked event loop in the per-second delay histogram', async () => {
    const over = (m: Map<string, MetricFamily>): number => {
      const total = sampleValue(m, 'tandem_eventloop_delay_max_seconds', {}, 'tandem_eventloop_delay_max_seconds_count') ?? 0;
      const fast = sampleValue(m, 'tandem_eventloop_delay_max_seconds', { le: '0.25' }, 'tandem_eventloop_delay_max_seconds_bucket') ?? 0;
      return total - fast;
    };
    const before = over(await scrape(quiet.url));
    // The servers run on this thread: a 400 ms busy loop stalls them all.
    const until = Date.now() + 400;
    while (Date.now() < until) {
      // busy
    }
    await waitFor('a second with a delay over 250 ms', async () => over(await scrape(quiet.url)) > before, 5000, 100);
  });

  it('keeps a registry per server: a second server in the process counted none of those ticks', async () => {
    const m = await scrape(quiet.url);
    expect(m.get('tandem_ticks_ingested_total')?.samples).toEqual([]);
  });

  it('times HTTP requests by method, route pattern and status, never by raw URL', async () => {
    await fetch(`${server.url}/api/status`);
    await fetch(`${server.url}/api/bars?symbol=BTCUSDT&tf=1s&limit=10`);
    expect((await fetch(`${server.url}/api/backtest/sweep/no-such-job-42`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/nothing/here/7`)).status).toBe(404);
    const m = await scrape(server.url);
    const count = (labels: Record<string, string>): number | undefined => sampleValue(m, 'tandem_http_request_duration_seconds', labels, 'tandem_http_request_duration_seconds_count');
    expect(count({ method: 'GET', route: '/api/status', status_code: '200' })).toBeGreaterThanOrEqual(1);
    expect(count({ method: 'GET', route: '/api/bars', status_code: '200' })).toBe(1);
    expect(count({ method: 'GET', route: '/api/backtest/sweep/:id', status_code: '404' })).toBe(1);
    expect(count({ method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    expect(count({ method: 'POST', route: '/api/ingestion/start', status_code: '200' })).toBe(1);
    const routes = new Set(m.get('tandem_http_request_duration_seconds')!.samples.map((s) => s.labels['route']));
    for (const r of routes) expect(r).not.toMatch(/[?]|no-such-job|nothing/);
  });

  it('counts an alert firing by rule type and severity', async () => {
    const rule = await postJson<{ id: string }>(`${server.url}/api/alerts/rules`, {
      name: 'metrics z',
      type: 'zscore',
      severity: 'critical',
      cooldownMs: 600_000,
      hysteresis: 0.1,
      webhookUrl: null,
      // A small window and a low threshold, so it fires within seconds of simulator data.
      params: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'ols', window: 4, threshold: 0.5, direction: 'outside' },
    });
    expect(rule.status).toBe(201);
    expect((await postJson(`${server.url}/api/ingestion/start`, { source: 'simulator', symbols: ['BTCUSDT', 'ETHUSDT'], seed: 6 })).status).toBe(200);
    const fired = await waitFor(
      'a z-score firing counted',
      async () => {
        const v = sampleValue(await scrape(server.url), 'tandem_alert_firings_total', { rule_type: 'zscore', severity: 'critical' });
        return v !== undefined && v >= 1 ? v : undefined;
      },
      30_000,
      200,
    );
    await postJson(`${server.url}/api/ingestion/stop`, {});
    const events = (await getJson<{ items: unknown[] }>(`${server.url}/api/alerts/events?rule=${rule.body.id}&limit=1000`)).body.items;
    expect(events.length).toBeGreaterThanOrEqual(fired);
    const m = await scrape(server.url);
    expect(sampleValue(m, 'tandem_alert_firings_total', { rule_type: 'zscore', severity: 'critical' })).toBe(events.length);
  });
});

describe('GET /metrics on a server with TANDEM_TOKEN', () => {
  const token = 'metrics-test-token-5f1c';
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ token });
  });
  afterAll(async () => server?.close());

  it('refuses a scrape without the token and answers one with the Bearer token', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const m = await scrape(server.url, { authorization: `Bearer ${token}` });
    expect(m.get('tandem_http_request_duration_seconds')).toBeDefined();
  });

  it('never puts the token into a label, even when it came in the query', async () => {
    expect((await fetch(`${server.url}/api/status?token=${token}`)).status).toBe(200);
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    expect(text).not.toContain(token);
    const m = parsePrometheusText(text);
    expect(sampleValue(m, 'tandem_http_request_duration_seconds', { route: '/api/status', status_code: '200' }, 'tandem_http_request_duration_seconds_count')).toBe(1);
    expect(sampleValue(m, 'tandem_http_request_duration_seconds', { route: '/metrics', status_code: '401' }, 'tandem_http_request_duration_seconds_count')).toBe(2);
  });
});
