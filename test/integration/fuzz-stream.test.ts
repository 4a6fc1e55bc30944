/**
 * Fuzz (issue 10, part 4): messages on the WebSocket at /api/stream. Arbitrary text, binary
 * frames, arbitrary JSON and subscribe/unsubscribe requests with mangled channel names.
 * Properties: each message is answered (an `error` naming the problem for anything that is
 * not a request; `subscribed`/`unsubscribed` for requests, with an `error` per bad channel);
 * the connection stays open; another client on the same server keeps receiving its updates.
 * Cases: FUZZ_RUNS (200 in CI; `npm run fuzz` runs 10,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { buildServer } from '../../src/server/build-server.js';
import { waitFor } from '../helpers/wait-for.js';
import { deeplyNested, fuzzParams, fuzzRuns, fuzzTimeout, reportRuns, weirdValue } from './fuzz-runs.js';

const RUNS = fuzzRuns();

interface Reply {
  readonly type: string;
  readonly channels?: string[];
  readonly error?: { code: string; message: string };
}

/** A client that keeps every message it receives. */
class Client {
  readonly received: Reply[] = [];
  closed: number | null = null;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.received.push(JSON.parse(String(data)) as Reply));
    ws.on('close', (code) => (this.closed = code));
  }
  static async open(url: string): Promise<Client> {
    const ws = new WebSocket(url);
    const c = new Client(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return c;
  }
}

const channelName = fc.oneof(
  fc.constantFrom('status', 'alerts', 'bars:BTCUSDT:1s', 'bars:ETHUSDT:1m', 'pair:BTCUSDT:ETHUSDT:1s:ols:20', 'backtest:abc', 'STATUS', 'bars', 'bars::', 'bars:BTCUSDT:0s', 'bars:BTCUSDT:1e9d', 'pair:A:B:1s:ols:999999', 'pair:BTCUSDT:BTCUSDT:1s:ols:20', 'backtest:../../x', 'bars:<img src=x onerror=alert(1)>:1s'),
  fc.tuple(fc.constantFrom('bars', 'pair', 'backtest', 'status', ''), fc.array(fc.string({ maxLength: 12 }), { maxLength: 6 })).map(([k, parts]) => [k, ...parts].join(':')),
  weirdValue,
);

/** A message to send: `text` as a text frame, or `bytes` as a binary frame. */
interface Message {
  readonly text?: string;
  readonly bytes?: Uint8Array;
}

/** One message: text (JSON-shaped or not) or binary. */
const message: fc.Arbitrary<Message> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.oneof(fc.constantFrom('subscribe', 'unsubscribe'), weirdValue), channels: fc.oneof({ weight: 4, arbitrary: fc.array(channelName, { maxLength: 8 }) }, { weight: 1, arbitrary: weirdValue }) }, { requiredKeys: [] }).map((m) => ({ text: JSON.stringify(m) })) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 4 }).map((text) => ({ text })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ text })) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({ text })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ bytes })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 10_000 }).map((d) => ({ text: `{"op":"subscribe","channels":${deeplyNested(d, 'array')}}` })) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', '[]', '{}', '{"op":"subscribe"}', '{"op":"subscribe","channels":"status"}', '{"op":"subscribe","channels":null}', '{"__proto__":{"op":"subscribe"},"channels":[]}').map((text) => ({ text })) },
);

/** Whether the server must see this message as a request (else it answers invalid_message). */
function isRequest(m: { text?: string; bytes?: Uint8Array }): boolean {
  if (m.text === undefined) return false;
  try {
    const v = JSON.parse(m.text) as { op?: unknown; channels?: unknown };
    return typeof v === 'object' && v !== null && (v.op === 'subscribe' || v.op === 'unsubscribe') && Array.isArray(v.channels);
  } catch {
    return false;
  }
}

describe('fuzz: messages on /api/stream', { timeout: fuzzTimeout(20) }, () => {
  let dir: string;
  let engine: LiveEngine;
  let app: FastifyInstance;
  let wsUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-fuzz-ws-'));
    engine = new LiveEngine({ dbPath: join(dir, 'tandem.db'), seed: 9 });
    app = await buildServer({ engine, version: 'test', dataDir: dir });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    wsUrl = `${base.replace('http', 'ws')}/api/stream`;
  });

  afterAll(async () => {
    await app?.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every message, keeps the connection, and leaves other clients unaffected', async () => {
    const observer = await Client.open(wsUrl);
    observer.ws.send(JSON.stringify({ op: 'subscribe', channels: ['status'] }));
    await waitFor('the observer to get a status', () => observer.received.some((m) => m.type === 'status'));
    const fuzzed = await Client.open(wsUrl);
    let n = 0;
    let barrier = 0;

    /** Sends a request only the barrier makes, and waits for its answer: every earlier message has been answered. */
    const sync = async (): Promise<Reply[]> => {
      barrier++;
      const channel = `bars:BARRIER${barrier}X:1s`;
      fuzzed.ws.send(JSON.stringify({ op: 'subscribe', channels: [channel] }));
      const at = await waitFor(`barrier ${barrier}`, () => {
        const i = fuzzed.received.findIndex((m) => m.type === 'subscribed' && m.channels?.includes(channel));
        return i >= 0 ? i + 1 : undefined;
      }, 10_000, 1);
      const replies = fuzzed.received.splice(0, at).slice(0, -1);
      // Leave the connection with no channels, so the next case starts from nothing.
      fuzzed.ws.send(JSON.stringify({ op: 'unsubscribe', channels: ['status', 'alerts', channel, ...replies.flatMap((r) => (r.type === 'subscribed' ? (r.channels ?? []) : []))] }));
      return replies;
    };

    await sync();
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        n++;
        await sync();
        fuzzed.received.length = 0;
        if (m.bytes !== undefined) fuzzed.ws.send(m.bytes, { binary: true });
        else fuzzed.ws.send(m.text ?? '');
        const replies = (await sync()).filter((r) => r.type === 'error' || r.type === 'subscribed' || r.type === 'unsubscribed');
        const what = `${m.text !== undefined ? m.text.slice(0, 300) : `<${m.bytes!.length} bytes>`} → ${JSON.stringify(replies).slice(0, 400)}`;
        expect(fuzzed.closed, what).toBeNull();
        if (isRequest(m)) {
          expect(replies.some((r) => r.type === 'subscribed' || r.type === 'unsubscribed'), what).toBe(true);
        } else {
          expect(replies.some((r) => r.type === 'error' && r.error?.code === 'invalid_message'), what).toBe(true);
        }
        for (const r of replies.filter((x) => x.type === 'error')) expect(r.error, what).toEqual({ code: expect.any(String), message: expect.any(String) });
      }),
      fuzzParams(),
    );
    reportRuns('websocket subscribe messages', n);
    expect(n).toBe(RUNS);
    // The other client still gets fresh status pushes; the server still answers.
    const seen = observer.received.length;
    await waitFor('a later status for the observer', () => observer.received.length > seen, 5_000);
    expect(observer.closed).toBeNull();
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    fuzzed.ws.close();
    observer.ws.close();
  });

  it('answers a channel nested 10,000 arrays deep with an error (it used to overflow the stack and end the server)', async () => {
    const c = await Client.open(wsUrl);
    c.ws.send(`{"op":"subscribe","channels":[${deeplyNested(10_000, 'array')}]}`);
    await waitFor('the answer', () => c.received.some((m) => m.type === 'subscribed'));
    expect(c.received.find((m) => m.type === 'error')?.error).toEqual({ code: 'invalid_channel', message: 'channel [array of 1] is not a string' });
    expect(c.closed).toBeNull();
    c.ws.close();
  });

  it('closes only the sender of a message over 64 KiB (1009), not the others', async () => {
    const observer = await Client.open(wsUrl);
    const big = await Client.open(wsUrl);
    big.ws.send(JSON.stringify({ op: 'subscribe', channels: ['x'.repeat(70 * 1024)] }));
    await waitFor('the oversized sender to be closed', () => big.closed !== null);
    expect(big.closed).toBe(1009);
    observer.ws.send(JSON.stringify({ op: 'subscribe', channels: ['status'] }));
    await waitFor('the other client to be served', () => observer.received.some((m) => m.type === 'subscribed'));
    expect(observer.closed).toBeNull();
    observer.ws.close();
  });
});
