/**
 * The webhook guard on real connections (issue 15, item 8): a webhook on this machine is
 * refused before any byte is sent, by address and by a name that resolves to it, unless
 * allowed; an allowed one is delivered; a redirect is not followed; other schemes are refused.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook } from '../../src/alerts/webhook-delivery.js';
import { WebhookAllowList } from '../../src/alerts/webhook-guard.js';
import type { AlertEvent } from '../../src/model/alert-event.js';

const EVENT: AlertEvent = {
  id: 1, ruleId: 'r1', ruleName: 'z', ruleType: 'zscore', kind: 'above', severity: 'warning', subject: 'ETHUSDT/BTCUSDT 1s ols 20',
  value: 2.5, threshold: 2, ts: 1_700_000_000_000, barStart: 1_700_000_000_000, message: 'z went above 2', delivery: 'pending', deliveryError: null,
};

describe('webhook delivery behind the guard', () => {
  let server: Server;
  let port = 0;
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      req.resume();
      if (req.url === '/redirect') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      else res.writeHead(200).end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const quick = { attempts: 2, baseDelayMs: 10, timeoutMs: 2000 };

  it('refuses this machine by address and by name, without connecting, and says how to allow it', async () => {
    const before = hits.length;
    for (const url of [`http://127.0.0.1:${port}/hook`, `http://localhost:${port}/hook`, `http://[::1]:${port}/hook`]) {
      const r = await deliverWebhook(url, EVENT, { ...quick, allow: WebhookAllowList.NONE });
      expect(r.ok).toBe(false);
      expect(r.attempts).toBe(1);
      expect(r.error).toMatch(/webhook refused: .* TANDEM_WEBHOOK_ALLOW/);
    }
    expect(hits.length).toBe(before);
  });

  it('delivers to an allowed address', async () => {
    const r = await deliverWebhook(`http://127.0.0.1:${port}/hook`, EVENT, { ...quick, allow: WebhookAllowList.parse('127.0.0.1') });
    expect(r).toEqual({ ok: true, attempts: 1, error: null });
    expect(hits.at(-1)).toBe('/hook');
  });

  it('does not follow a redirect', async () => {
    const r = await deliverWebhook(`http://127.0.0.1:${port}/redirect`, EVENT, { ...quick, allow: WebhookAllowList.parse('127.0.0.1') });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/HTTP 302: webhook redirects are not followed/);
  });

  it('refuses a scheme other than http(s)', async () => {
    const r = await deliverWebhook('file:///etc/passwd', EVENT, { ...quick, allow: WebhookAllowList.parse('127.0.0.1') });
    expect(r).toMatchObject({ ok: false, attempts: 1, error: 'webhook refused: file: is not http or https' });
  });
});
