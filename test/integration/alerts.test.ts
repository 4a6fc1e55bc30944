/**
 * Alerts end to end on the simulator: a z-score rule fires, its event arrives on the WebSocket
 * `alerts` channel and in GET /api/alerts/events, survives a restart of engine and server on
 * the same database, and a webhook receiver on 127.0.0.1 that fails the first attempt gets the
 * retry; a webhook that always fails shows its failure on the rule.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebhookAllowList } from '../../src/alerts/webhook-guard.js';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { buildServer } from '../../src/server/build-server.js';
import type { AlertEventDto, AlertEventPage, AlertRuleDto, AlertRuleList } from '../../src/server/dto/alert-schemas.js';
import type { ServerMessage } from '../../src/server/dto/stream-messages.js';
import { getJson, postJson } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

interface Running {
  engine: LiveEngine;
  app: FastifyInstance;
  url: string;
}

async function open(dbPath: string): Promise<Running> {
  const engine = new LiveEngine({ dbPath, seed: 7, alerts: { baseDelayMs: 50, timeoutMs: 2000, allow: WebhookAllowList.parse('127.0.0.1') } });
  const app = await buildServer({ engine, version: 'test' });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { engine, app, url };
}

/** A webhook receiver: `/flaky` fails its first request and accepts the rest; `/down` always fails. */
function startReceiver(): Promise<{ server: Server; url: string; received: { path: string; status: number; body: Record<string, unknown> }[] }> {
  const received: { path: string; status: number; body: Record<string, unknown> }[] = [];
  let flakyCalls = 0;
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      const status = req.url === '/flaky' ? (flakyCalls++ === 0 ? 500 : 200) : 503;
      received.push({ path: req.url ?? '', status, body: JSON.parse(data) as Record<string, unknown> });
      res.statusCode = status;
      res.end(status === 200 ? 'ok' : 'no');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received })));
}

const zscoreRule = (name: string, webhookUrl: string | null) => ({
  name,
  type: 'zscore',
  severity: 'critical',
  cooldownMs: 600_000,
  hysteresis: 0.1,
  webhookUrl,
  // A small window and a low threshold, so it fires within seconds of simulator data.
  params: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'ols', window: 4, threshold: 0.5, direction: 'outside' },
});

describe('alerts', () => {
  let dir: string;
  let dbPath: string;
  let run: Running;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let ws: WebSocket;
  const messages: ServerMessage[] = [];
  let rule: AlertRuleDto;
  let flaky: AlertRuleDto;
  let down: AlertRuleDto;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-alerts-it-'));
    dbPath = join(dir, 'tandem.db');
    receiver = await startReceiver();
    run = await open(dbPath);
    await run.engine.startIngestion({ source: 'simulator', symbols: ['BTCUSDT', 'ETHUSDT'], seed: 7 });
    ws = new WebSocket(`${run.url.replace('http', 'ws')}/api/stream`);
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as ServerMessage));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ op: 'subscribe', channels: ['alerts'] }));
    await waitFor('the alerts subscription', () => messages.some((m) => m.type === 'subscribed' && m.channels.includes('alerts')));
  });

  afterAll(async () => {
    ws?.close();
    await run?.app.close();
    await run?.engine.close();
    receiver?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects invalid rules with a 400 naming the field', async () => {
    const base = zscoreRule('bad', null);
    const cases: [unknown, string][] = [
      [{ ...base, params: { ...base.params, y: 'NOPEUSDT' } }, "body/params.y: unknown symbol 'NOPEUSDT'"],
      [{ ...base, params: { ...base.params, window: -5 } }, 'body/params.window must be an integer'],
      [{ ...base, params: { ...base.params, threshold: undefined } }, 'body/params.threshold is required'],
      [{ ...base, severity: 'loud' }, 'body/severity'],
      [{ ...base, colour: 'red' }, "unknown field 'colour'"],
    ];
    for (const [body, text] of cases) {
      const res = await postJson<{ error: { code: string; message: string } }>(`${run.url}/api/alerts/rules`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(text);
    }
  });

  it('fires a z-score rule on simulator data, on the alerts channel and in the events list', async () => {
    const created = await postJson<AlertRuleDto>(`${run.url}/api/alerts/rules`, zscoreRule('ETH/BTC stretch', null));
    expect(created.status).toBe(201);
    rule = created.body;
    expect(rule).toMatchObject({ type: 'zscore', enabled: true, evaluateOn: 'final', params: { y: 'ETHUSDT', window: 4, threshold: 0.5, direction: 'outside' }, stats: { firings: 0 } });
    flaky = (await postJson<AlertRuleDto>(`${run.url}/api/alerts/rules`, zscoreRule('to flaky hook', `${receiver.url}/flaky`))).body;
    down = (await postJson<AlertRuleDto>(`${run.url}/api/alerts/rules`, zscoreRule('to down hook', `${receiver.url}/down`))).body;

    const pushed = await waitFor(
      'an alert on the WebSocket',
      () => messages.find((m): m is ServerMessage & { type: 'alert' } => m.type === 'alert' && m.event.ruleId === rule.id),
      45_000,
    );
    const event = pushed.event;
    expect(event).toMatchObject({ ruleName: 'ETH/BTC stretch', ruleType: 'zscore', severity: 'critical', threshold: 0.5, delivery: 'none' });
    expect(Math.abs(event.value!)).toBeGreaterThan(0.5);
    expect(event.barStart % 1000).toBe(0);
    expect(event.message).toContain('z-score of ETHUSDT/BTCUSDT 1s ols 4');

    const listed = await getJson<AlertEventPage>(`${run.url}/api/alerts/events?rule=${rule.id}&severity=critical&order=desc&limit=10`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((e) => e.id)).toContain(event.id);
    const rules = await getJson<AlertRuleList>(`${run.url}/api/alerts/rules`);
    expect(rules.body.items.find((r) => r.id === rule.id)?.stats.firings).toBeGreaterThanOrEqual(1);
    // Each event arrives once.
    const ids = messages.flatMap((m) => (m.type === 'alert' ? [m.event.id] : []));
    expect(new Set(ids).size).toBe(ids.length);

    const bad = await getJson<{ error: { message: string } }>(`${run.url}/api/alerts/events?limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('querystring/limit');
  });

  it('delivers to a webhook that fails the first attempt on the retry, and shows a webhook that keeps failing on its rule', async () => {
    const delivered = await waitFor('the flaky hook to accept a retry', () => receiver.received.find((r) => r.path === '/flaky' && r.status === 200), 45_000);
    const attempts = receiver.received.filter((r) => r.path === '/flaky' && r.body['ruleId'] === flaky.id);
    expect(attempts.map((a) => a.status).slice(0, 2)).toEqual([500, 200]);
    expect(String(delivered.body['text'])).toContain('[CRITICAL] to flaky hook:');
    expect(delivered.body).toMatchObject({ ruleId: flaky.id, ruleType: 'zscore', severity: 'critical', threshold: 0.5 });

    const events = await waitFor('the delivery to be recorded', async () => {
      const page = await getJson<AlertEventPage>(`${run.url}/api/alerts/events?rule=${flaky.id}`);
      return page.body.items.find((e: AlertEventDto) => e.delivery === 'delivered');
    });
    expect(events.deliveryError).toBeNull();

    const failing = await waitFor('the down hook failure on its rule', async () => {
      const rules = await getJson<AlertRuleList>(`${run.url}/api/alerts/rules`);
      return rules.body.items.find((r) => r.id === down.id && r.stats.lastDeliveryError !== null);
    }, 45_000);
    expect(failing.stats.lastDeliveryError).toBe('HTTP 503 after 3 attempts');
    expect(receiver.received.filter((r) => r.path === '/down').length).toBe(3);
  });

  it('updates, disables and deletes rules', async () => {
    const res = await fetch(`${run.url}/api/alerts/rules/${down.id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled: false, params: { threshold: 1 } }) });
    expect(res.status).toBe(200);
    const updated = (await res.json()) as AlertRuleDto;
    expect(updated).toMatchObject({ enabled: false, phase: 'inactive', params: { threshold: 1, window: 4 } });
    const bad = await fetch(`${run.url}/api/alerts/rules/${down.id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ params: { window: 0 } }) });
    expect(bad.status).toBe(400);
    expect((await fetch(`${run.url}/api/alerts/rules/${flaky.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${run.url}/api/alerts/rules/${flaky.id}`, { method: 'DELETE' })).status).toBe(404);
    // Its events stay.
    expect((await getJson<AlertEventPage>(`${run.url}/api/alerts/events?rule=${flaky.id}`)).body.items.length).toBeGreaterThan(0);
  });

  it('keeps the rule and its events across a restart on the same database', async () => {
    const before = (await getJson<AlertEventPage>(`${run.url}/api/alerts/events?rule=${rule.id}`)).body.items;
    ws.close();
    await run.app.close();
    await run.engine.close();
    run = await open(dbPath);
    const rules = (await getJson<AlertRuleList>(`${run.url}/api/alerts/rules`)).body.items;
    expect(rules.find((r) => r.id === rule.id)).toMatchObject({ name: 'ETH/BTC stretch', enabled: true, params: rule.params });
    expect(rules.find((r) => r.id === flaky.id)).toBeUndefined();
    expect(rules.find((r) => r.id === down.id)?.stats.lastDeliveryError).toBe('HTTP 503 after 3 attempts');
    const after = (await getJson<AlertEventPage>(`${run.url}/api/alerts/events?rule=${rule.id}`)).body.items;
    expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
    expect(run.engine.alerts.activeRules()).toBe(1);
  });
});
