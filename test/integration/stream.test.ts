import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../../src/server/dto/stream-messages.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

/** A WebSocket client that records every message it receives. */
async function connect(url: string): Promise<{ ws: WebSocket; messages: ServerMessage[]; send: (m: unknown) => void }> {
  const ws = new WebSocket(url);
  const messages: ServerMessage[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as ServerMessage));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages, send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)) };
}

describe('WebSocket /api/stream', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.engine.startIngestion({ source: 'simulator', symbols: ['BTCUSDT', 'ETHUSDT'], seed: 9 });
  });
  afterAll(async () => server.close());

  it('pushes forming bars and then the final bar of each bucket', async () => {
    const client = await connect(server.wsUrl);
    client.send({ op: 'subscribe', channels: ['bars:btcusdt:1s'] });
    await waitFor('a subscribed ack', () => client.messages.some((m) => m.type === 'subscribed' && m.channels.includes('bars:BTCUSDT:1s')));
    const bars = (): (ServerMessage & { type: 'bar' })[] => client.messages.filter((m): m is ServerMessage & { type: 'bar' } => m.type === 'bar');
    await waitFor('two final bars', () => bars().filter((m) => m.final).length >= 2, 10_000);
    const finals = bars().filter((m) => m.final);
    expect(bars().some((m) => !m.final)).toBe(true);
    const formingBefore = finals.map((f) => {
      expect(f.channel).toBe('bars:BTCUSDT:1s');
      expect(f.bar.start % 1000).toBe(0);
      const idx = client.messages.indexOf(f);
      // No forming update of a bucket comes after its final bar (a late trade may revise a final one).
      expect(client.messages.slice(idx + 1).some((m) => m.type === 'bar' && !m.final && m.bar.start === f.bar.start)).toBe(false);
      return client.messages.slice(0, idx).some((m) => m.type === 'bar' && !m.final && m.bar.start === f.bar.start);
    });
    // Forming updates of a bucket come before its final bar; the outbox coalesces by bucket, so on
    // a busy machine a bucket's forming state may be replaced by its final before it is sent, but
    // not every bucket's.
    expect(formingBefore.some(Boolean)).toBe(true);
    expect(new Set(finals.map((f) => f.bar.start)).size).toBe(finals.length);
    client.ws.close();
  });

  it('serves a custom sub-second timeframe live', async () => {
    const client = await connect(server.wsUrl);
    client.send({ op: 'subscribe', channels: ['bars:ETHUSDT:250ms'] });
    await waitFor('a final 250ms bar', () => client.messages.some((m) => m.type === 'bar' && m.final && m.bar.tf === '250ms'), 10_000);
    client.ws.close();
  });

  it('starts an on-demand timeframe from the trades of its bucket in progress, so its first bar is whole', async () => {
    const client = await connect(server.wsUrl);
    client.send({ op: 'subscribe', channels: ['bars:BTCUSDT:3s'] });
    const first = await waitFor('the first final 3s bar', () => client.messages.find((m) => m.type === 'bar' && m.final && m.bar.tf === '3s'), 10_000);
    if (first.type !== 'bar') throw new Error('not a bar');
    await server.engine.flush();
    const res = await fetch(`${server.url}/api/bars?symbol=BTCUSDT&tf=3s&from=${first.bar.start}&to=${first.bar.start + 1}`);
    const stored = ((await res.json()) as { items: { trades: number; volume: number }[] }).items[0]!;
    expect(first.bar.trades).toBe(stored.trades);
    expect(first.bar.volume).toBeCloseTo(stored.volume, 9);
    client.ws.close();
  });

  it('pushes status snapshots on the status channel', async () => {
    const client = await connect(server.wsUrl);
    client.send({ op: 'subscribe', channels: ['status'] });
    const status = await waitFor('a status message', () => client.messages.find((m) => m.type === 'status'));
    expect(status.type === 'status' && status.status.state).toBe('live');
    client.send({ op: 'unsubscribe', channels: ['status'] });
    await waitFor('an unsubscribed ack', () => client.messages.some((m) => m.type === 'unsubscribed'));
    client.ws.close();
  });

  it('answers a bad message or channel with an error and keeps the connection', async () => {
    const client = await connect(server.wsUrl);
    client.send('not json');
    client.send({ op: 'subscribe', channels: ['bars:BTCUSDT:7x', 'candles:BTCUSDT'] });
    await waitFor('three errors', () => client.messages.filter((m) => m.type === 'error').length >= 3);
    const messages = client.messages.filter((m) => m.type === 'error').map((m) => (m.type === 'error' ? m.error.message : ''));
    expect(messages.join('\n')).toMatch(/7x/);
    expect(messages.join('\n')).toMatch(/candles:BTCUSDT/);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
  });
});
