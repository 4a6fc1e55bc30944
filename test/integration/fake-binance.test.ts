/**
 * The fake Binance behaves like Binance USDⓈ-M Futures (src/fake-binance/binance-protocol.ts lists the
 * documented facts) and each fault does what it says. Intervals are short and every wait polls
 * for a condition.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FakeBinance, MALFORMED_KINDS, type AggTrade } from '../../src/fake-binance/fake-binance.js';
import { fixtureFiles, readFixture, writeFixtures } from '../../src/fake-binance/record-fixtures.js';
import { waitFor } from '../helpers/wait-for.js';

interface Client {
  readonly ws: WebSocket;
  readonly texts: string[];
  readonly closed: Promise<{ code: number; reason: string }>;
  isClosed(): boolean;
}

/** Every client a test opened; each is terminated after its test, passed or failed, so none leaks into the next. */
const live: Client[] = [];
afterEach(() => {
  for (const c of live.splice(0)) c.ws.terminate();
});

async function connect(url: string, opts: WebSocket.ClientOptions = {}): Promise<Client> {
  const ws = new WebSocket(url, opts);
  const texts: string[] = [];
  let done = false;
  ws.on('message', (d) => texts.push(String(d)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      done = true;
      resolve({ code, reason: String(reason) });
    }),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const client = { ws, texts, closed, isClosed: () => done };
  live.push(client);
  return client;
}

interface Frame {
  stream: string;
  data: Record<string, unknown>;
}

/** The aggTrade frames a client received, parsed. */
function frames(c: Client): Frame[] {
  return c.texts.map((t) => JSON.parse(t) as Frame).filter((f) => typeof f.stream === 'string');
}

function idsOf(c: Client, stream: string): number[] {
  return frames(c)
    .filter((f) => f.stream === stream)
    .map((f) => f.data['a'] as number);
}

function isConsecutive(ids: readonly number[]): boolean {
  return ids.every((id, i) => i === 0 || id === ids[i - 1]! + 1);
}

const marketUrl = (fake: FakeBinance, ...symbols: string[]): string => `${fake.wsBaseUrl}/market/stream?streams=${symbols.map((s) => `${s.toLowerCase()}@aggTrade`).join('/')}`;

async function getJson(url: string): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(url);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

describe('FakeBinance: WebSocket streams', () => {
  let fake: FakeBinance;
  const open = connect;
  beforeAll(async () => {
    fake = await FakeBinance.start({ symbols: ['BTCUSDT', 'ETHUSDT'], seed: 11, tradesPerSecond: 400 });
  });
  afterAll(async () => fake.stop());

  it('sends combined frames shaped exactly as Binance documents them', async () => {
    const c = await open(marketUrl(fake, 'BTCUSDT', 'ETHUSDT'));
    await waitFor('frames of both symbols', () => idsOf(c, 'btcusdt@aggTrade').length > 20 && idsOf(c, 'ethusdt@aggTrade').length > 20);
    for (const f of frames(c)) {
      expect(Object.keys(f)).toEqual(['stream', 'data']);
      const d = f.data;
      expect(Object.keys(d)).toEqual(['e', 'E', 's', 'a', 'p', 'q', 'nq', 'f', 'l', 'T', 'm']);
      expect(d['e']).toBe('aggTrade');
      expect(f.stream).toBe(`${String(d['s']).toLowerCase()}@aggTrade`);
      expect(typeof d['p']).toBe('string');
      expect(typeof d['q']).toBe('string');
      expect(d['p']).toMatch(/^\d+\.\d{2,}$/);
      expect(d['q']).toMatch(/^\d+(\.\d+)?$/);
      expect(Number(d['p'])).toBeGreaterThan(0);
      expect(Number(d['q'])).toBeGreaterThan(0);
      expect(Number.isSafeInteger(d['a'])).toBe(true);
      expect(d['a'] as number).toBeGreaterThan(2 ** 32);
      expect(d['l'] as number).toBeGreaterThanOrEqual(d['f'] as number);
      expect(d['E'] as number).toBeGreaterThanOrEqual(d['T'] as number);
      expect(typeof d['m']).toBe('boolean');
    }
  });

  it('numbers aggregate ids consecutively per symbol, and what it sends is what it emitted', async () => {
    const c = await open(marketUrl(fake, 'BTCUSDT', 'ETHUSDT'));
    await waitFor('50 BTC frames', () => idsOf(c, 'btcusdt@aggTrade').length >= 50);
    for (const [symbol, stream] of [['BTCUSDT', 'btcusdt@aggTrade'], ['ETHUSDT', 'ethusdt@aggTrade']] as const) {
      const ids = idsOf(c, stream);
      expect(isConsecutive(ids)).toBe(true);
      expect(isConsecutive(fake.emitted(symbol).map((t) => t.a))).toBe(true);
      const byId = new Map(fake.emitted(symbol).map((t) => [t.a, t]));
      for (const f of frames(c).filter((x) => x.stream === stream)) {
        const t = byId.get(f.data['a'] as number)!;
        expect({ ...f.data }).toEqual({ e: 'aggTrade', E: t.E, s: t.s, a: t.a, p: t.p, q: t.q, nq: t.q, f: t.f, l: t.l, T: t.T, m: t.m });
      }
    }
    // Trade times never go backwards within a symbol, and the raw trade ids f..l tile without gaps.
    const btc = fake.emitted('BTCUSDT');
    for (let i = 1; i < btc.length; i++) {
      expect(btc[i]!.T).toBeGreaterThanOrEqual(btc[i - 1]!.T);
      expect(btc[i]!.f).toBe(btc[i - 1]!.l + 1);
    }
  });

  it('sends a connection only the streams in its URL', async () => {
    const c = await open(marketUrl(fake, 'ETHUSDT'));
    await waitFor('20 ETH frames', () => frames(c).length >= 20);
    expect(new Set(frames(c).map((f) => f.stream))).toEqual(new Set(['ethusdt@aggTrade']));
  });

  it('sends bare payloads on the /market/ws path', async () => {
    const c = await open(`${fake.wsBaseUrl}/market/ws/btcusdt@aggTrade`);
    await waitFor('10 raw frames', () => c.texts.length >= 10);
    const payloads = c.texts.map((t) => JSON.parse(t) as Record<string, unknown>);
    expect(payloads.every((p) => p['e'] === 'aggTrade' && p['s'] === 'BTCUSDT' && !('stream' in p))).toBe(true);
  });

  it('stays silent on the old unrouted /stream path and on /public, though the socket opens', async () => {
    const before = fake.stats().silentPathConnections;
    const legacy = await open(`${fake.wsBaseUrl}/stream?streams=btcusdt@aggTrade/ethusdt@aggTrade`);
    const pub = await open(`${fake.wsBaseUrl}/public/stream?streams=btcusdt@aggTrade`);
    const routed = await open(marketUrl(fake, 'BTCUSDT'));
    await waitFor('the routed connection to get 30 frames', () => routed.texts.length >= 30);
    expect(legacy.texts).toEqual([]);
    expect(pub.texts).toEqual([]);
    expect(legacy.isClosed() || pub.isClosed()).toBe(false);
    expect(fake.stats().silentPathConnections).toBe(before + 2);
  });

  it('refuses an unknown path with 404', async () => {
    await expect(connect(`${fake.wsBaseUrl}/nope/stream?streams=btcusdt@aggTrade`)).rejects.toThrow(/404/);
  });

  it('answers SUBSCRIBE, LIST_SUBSCRIPTIONS and UNSUBSCRIBE as Binance does', async () => {
    const before = fake.stats().subscribeMessages;
    const c = await open(`${fake.wsBaseUrl}/market/stream`);
    c.ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@aggTrade', 'ethusdt@aggTrade'], id: 1 }));
    await waitFor('the SUBSCRIBE reply', () => c.texts.includes('{"result":null,"id":1}'));
    await waitFor('frames after subscribing', () => frames(c).length >= 5);
    c.ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 2 }));
    await waitFor('the LIST reply', () => c.texts.includes('{"result":["btcusdt@aggTrade","ethusdt@aggTrade"],"id":2}'));
    c.ws.send(JSON.stringify({ method: 'UNSUBSCRIBE', params: ['btcusdt@aggTrade'], id: 3 }));
    await waitFor('the UNSUBSCRIBE reply', () => c.texts.includes('{"result":null,"id":3}'));
    const mark = c.texts.length;
    await waitFor('10 more frames', () => c.texts.length >= mark + 10);
    const after = c.texts.slice(mark).map((t) => JSON.parse(t) as Frame);
    expect(after.every((f) => f.stream === 'ethusdt@aggTrade')).toBe(true);
    c.ws.send('{not json');
    c.ws.send(JSON.stringify({ method: 'FROBNICATE', id: 4 }));
    await waitFor('two error replies', () => c.texts.filter((t) => t.includes('"error"')).length === 2);
    expect(fake.stats().subscribeMessages).toBe(before + 1);
  });

  it('closes a connection that sends more than 10 messages in a second', async () => {
    const before = fake.stats().rateLimitCloses;
    const c = await open(marketUrl(fake, 'BTCUSDT'));
    for (let i = 1; i <= 11; i++) c.ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: i }));
    const closed = await c.closed;
    expect(closed.code).toBe(1008);
    expect(fake.stats().rateLimitCloses).toBe(before + 1);
  });

  it('lets a client send 10 messages a second indefinitely', async () => {
    const before = fake.stats().rateLimitCloses;
    const c = await open(marketUrl(fake, 'BTCUSDT'));
    for (let s = 0; s < 2; s++) {
      for (let i = 0; i < 10; i++) c.ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: s * 10 + i }));
      await waitFor(`replies of second ${s}`, () => c.texts.filter((t) => t.startsWith('{"result"')).length === (s + 1) * 10);
      await new Promise((r) => setTimeout(r, 1050));
    }
    expect(c.isClosed()).toBe(false);
    expect(fake.stats().rateLimitCloses).toBe(before);
  });
});

describe('FakeBinance: keep-alive and lifetime', () => {
  let fake: FakeBinance;
  beforeAll(async () => {
    fake = await FakeBinance.start({ symbols: ['BTCUSDT'], seed: 3, pingIntervalMs: 100, pongTimeoutMs: 400, maxConnectionLifeMs: 60_000 });
  });
  afterAll(async () => fake.stop());

  it('pings, and a client that pongs (as ws does by itself) stays connected', async () => {
    const c = await connect(marketUrl(fake, 'BTCUSDT'));
    let pings = 0;
    c.ws.on('ping', () => pings++);
    await waitFor('three pings', () => pings >= 3);
    await waitFor('pongs received', () => fake.stats().pongsReceived >= 3);
    await new Promise((r) => setTimeout(r, 500));
    expect(c.isClosed()).toBe(false);
    c.ws.terminate();
  });

  it('terminates a client that does not pong within the timeout', async () => {
    const before = fake.stats().pongTimeoutCloses;
    const c = await connect(marketUrl(fake, 'BTCUSDT'), { autoPong: false });
    const closed = await c.closed;
    expect(closed.code).toBe(1006);
    expect(fake.stats().pongTimeoutCloses).toBe(before + 1);
  });

  it('closes each connection at its lifetime, counted from its own open, with code 1000', async () => {
    const before = fake.stats().lifetimeCloses;
    const c = await connect(marketUrl(fake, 'BTCUSDT'));
    const t0 = Date.now();
    fake.setMaxConnectionLife(300);
    const closed = await c.closed;
    expect(closed).toEqual({ code: 1000, reason: 'max connection lifetime' });
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(fake.stats().lifetimeCloses).toBe(before + 1);
    // New connections get the short life too.
    const d = await connect(marketUrl(fake, 'BTCUSDT'));
    expect((await d.closed).code).toBe(1000);
    fake.setMaxConnectionLife(60_000);
  });
});

describe('FakeBinance: faults', () => {
  let fake: FakeBinance;
  beforeAll(async () => {
    fake = await FakeBinance.start({ symbols: ['BTCUSDT', 'ETHUSDT'], seed: 5, tradesPerSecond: 400 });
  });
  afterAll(async () => fake.stop());

  it('dropConnections ends every socket abruptly, without a close frame', async () => {
    const a = await connect(marketUrl(fake, 'BTCUSDT'));
    const b = await connect(marketUrl(fake, 'ETHUSDT'));
    await waitFor('frames', () => a.texts.length > 0 && b.texts.length > 0);
    await fake.dropConnections();
    expect((await a.closed).code).toBe(1006);
    expect((await b.closed).code).toBe(1006);
    expect(fake.stats().liveConnections).toBe(0);
  });

  it('dropConnections(which) drops only the connections it selects', async () => {
    const btc = await connect(marketUrl(fake, 'BTCUSDT'));
    const eth = await connect(marketUrl(fake, 'ETHUSDT'));
    expect(await fake.dropConnections((c) => c.streams.includes('btcusdt@aggTrade'))).toBe(1);
    expect((await btc.closed).code).toBe(1006);
    const n = eth.texts.length;
    await waitFor('ETH frames still flowing', () => eth.texts.length > n + 5);
    expect(eth.isClosed()).toBe(false);
    eth.ws.terminate();
  });

  it('goSilent(ms, symbol) stalls one symbol while the others keep flowing', async () => {
    const c = await connect(marketUrl(fake, 'BTCUSDT', 'ETHUSDT'));
    await waitFor('frames', () => idsOf(c, 'btcusdt@aggTrade').length > 3);
    const withheldBefore = fake.withheldIds('ETHUSDT').length;
    const btcWithheldBefore = fake.withheldIds('BTCUSDT').length;
    fake.goSilent(300, 'ETHUSDT');
    const btcAt = idsOf(c, 'btcusdt@aggTrade').length;
    const silenced = (): readonly number[] => fake.withheldIds('ETHUSDT').slice(withheldBefore);
    await waitFor('ETH frames after its stall', () => silenced().length > 0 && idsOf(c, 'ethusdt@aggTrade').some((id) => id > silenced().at(-1)! + 3), 5_000);
    const eth = idsOf(c, 'ethusdt@aggTrade');
    expect(silenced().length).toBeGreaterThan(10);
    expect(isConsecutive(silenced())).toBe(true);
    for (const id of silenced()) expect(eth).not.toContain(id);
    expect(eth).toContain(silenced()[0]! - 1);
    expect(eth).toContain(silenced().at(-1)! + 1);
    expect(fake.withheldIds('BTCUSDT').length).toBe(btcWithheldBefore);
    expect(idsOf(c, 'btcusdt@aggTrade').length).toBeGreaterThan(btcAt + 20);
    expect(isConsecutive(idsOf(c, 'btcusdt@aggTrade'))).toBe(true);
    c.ws.terminate();
  });

  it('closeConnections closes every socket cleanly with the given code', async () => {
    const a = await connect(marketUrl(fake, 'BTCUSDT'));
    await fake.closeConnections();
    expect(await a.closed).toEqual({ code: 1001, reason: 'server restart' });
  });

  it('goOffline refuses WebSocket and REST while the tape trades on; goOnline serves again on the same port', async () => {
    const a = await connect(marketUrl(fake, 'BTCUSDT'));
    await waitFor('frames', () => a.texts.length > 0);
    await fake.goOffline();
    expect((await a.closed).code).toBe(1006);
    await expect(connect(marketUrl(fake, 'BTCUSDT'))).rejects.toThrow(/ECONNREFUSED/);
    await expect(fetch(`${fake.restBaseUrl}/fapi/v1/ping`)).rejects.toThrow();
    const n = fake.emitted('BTCUSDT').length;
    await waitFor('trades while offline', () => fake.emitted('BTCUSDT').length > n + 5);
    await fake.goOnline();
    const b = await connect(marketUrl(fake, 'BTCUSDT'));
    await waitFor('frames after coming back', () => b.texts.length > 0);
    expect((await getJson(`${fake.restBaseUrl}/fapi/v1/ping`)).status).toBe(200);
    b.ws.terminate();
  });

  it('goSilent stops frames while the tape keeps trading, leaving a gap that REST fills', async () => {
    const c = await connect(marketUrl(fake, 'BTCUSDT'));
    await waitFor('frames', () => idsOf(c, 'btcusdt@aggTrade').length > 5);
    const withheldBefore = fake.withheldIds('BTCUSDT').length;
    fake.goSilent(300);
    const silenced = (): readonly number[] => fake.withheldIds('BTCUSDT').slice(withheldBefore);
    await waitFor('frames after the silence', () => silenced().length > 0 && idsOf(c, 'btcusdt@aggTrade').some((id) => id > silenced().at(-1)! + 3), 5_000);
    const ids = idsOf(c, 'btcusdt@aggTrade');
    const jumps = ids.flatMap((id, i) => (i > 0 && id !== ids[i - 1]! + 1 ? [[ids[i - 1]!, id]] : []));
    expect(jumps.length).toBe(1);
    const [last, next] = jumps[0]!;
    const missing = Array.from({ length: next - last - 1 }, (_, i) => last + 1 + i);
    expect(missing.length).toBeGreaterThan(10);
    expect(missing).toEqual(silenced());
    const page = await getJson(`${fake.restBaseUrl}/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=${last + 1}&limit=1000`);
    expect((page.body as { a: number }[]).slice(0, missing.length).map((r) => r.a)).toEqual(missing);
    c.ws.terminate();
  });

  it('skipIds withholds exactly the next n trades of that symbol only', async () => {
    const c = await connect(marketUrl(fake, 'BTCUSDT', 'ETHUSDT'));
    await waitFor('frames', () => idsOf(c, 'btcusdt@aggTrade').length > 5);
    const first = fake.nextId('BTCUSDT');
    fake.skipIds('BTCUSDT', 7);
    await waitFor('BTC frames past the skip', () => idsOf(c, 'btcusdt@aggTrade').some((id) => id >= first + 7 + 3));
    const ids = idsOf(c, 'btcusdt@aggTrade');
    for (let id = first; id < first + 7; id++) expect(ids).not.toContain(id);
    expect(ids).toContain(first + 7);
    expect(isConsecutive(idsOf(c, 'ethusdt@aggTrade'))).toBe(true);
    expect(fake.emitted('BTCUSDT').some((t) => t.a === first)).toBe(true);
    c.ws.terminate();
  });

  it('resendIds sends the last n trades again, identical', async () => {
    const c = await connect(marketUrl(fake, 'ETHUSDT'));
    await waitFor('frames', () => idsOf(c, 'ethusdt@aggTrade').length > 10);
    fake.resendIds('ETHUSDT', 4);
    const lastFour = fake.emitted('ETHUSDT').slice(-4);
    await waitFor('duplicates', () => lastFour.every((t) => idsOf(c, 'ethusdt@aggTrade').filter((id) => id === t.a).length === 2));
    const texts = c.texts.filter((t) => t.includes(`"a":${lastFour[0]!.a},`));
    expect(texts.length).toBe(2);
    expect(texts[0]).toBe(texts[1]);
    c.ws.terminate();
  });

  it('sendMalformed sends each kind of broken frame and keeps the socket open', async () => {
    const c = await connect(marketUrl(fake, 'BTCUSDT'));
    await waitFor('frames', () => c.texts.length > 3);
    const isBroken = (t: string): boolean => {
      let v: unknown;
      try {
        v = JSON.parse(t);
      } catch {
        return true;
      }
      const d = (v as Frame).data;
      return d['e'] !== 'aggTrade' || typeof d['p'] !== 'string' || typeof d['a'] !== 'number' || !Number.isSafeInteger(d['a']) || !Number.isFinite(Number(d['p'])) || !Number.isFinite(Number(d['q']));
    };
    for (const kind of MALFORMED_KINDS) {
      const before = c.texts.filter(isBroken).length;
      expect(fake.sendMalformed(kind, 'BTCUSDT')).toBe(1);
      await waitFor(`a ${kind} frame`, () => c.texts.filter(isBroken).length === before + 1);
    }
    const broken = c.texts.filter(isBroken);
    expect(() => JSON.parse(broken[0]!)).toThrow();
    expect(broken[1]).toMatch(/^</);
    expect((JSON.parse(broken[2]!) as Frame).data).toMatchObject({ p: expect.any(Number), a: expect.any(String) });
    expect((JSON.parse(broken[3]!) as Frame).data['e']).toBe('markPriceUpdate');
    expect(broken[4]).toContain('"a":123456789012345678901234567890');
    expect((JSON.parse(broken[5]!) as Frame).data['p']).toBe('NaN');
    // None of them is on the tape.
    expect(isConsecutive(fake.emitted('BTCUSDT').map((t) => t.a))).toBe(true);
    expect(c.isClosed()).toBe(false);
    expect(fake.stats().malformedSent).toBe(MALFORMED_KINDS.length);
    c.ws.terminate();
  });

  it('pause stops the tape and resume restarts it without a burst', async () => {
    fake.pause();
    const n = fake.emitted('BTCUSDT').length;
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.emitted('BTCUSDT').length).toBe(n);
    const lastT = fake.emitted('BTCUSDT').at(-1)!.T;
    fake.resume();
    await waitFor('trades after resume', () => fake.emitted('BTCUSDT').length > n + 5);
    const next = fake.emitted('BTCUSDT')[n]!;
    expect(next.a).toBe(fake.emitted('BTCUSDT')[n - 1]!.a + 1);
    expect(next.T).toBeGreaterThanOrEqual(lastT + 200);
  });
});

describe('FakeBinance: REST', () => {
  let fake: FakeBinance;
  beforeAll(async () => {
    fake = await FakeBinance.start({ symbols: ['BTCUSDT', 'ETHUSDT'], seed: 8, tradesPerSecond: 1000 });
    await waitFor('over 1500 BTC trades on the tape', () => fake.emitted('BTCUSDT').length > 1500, 10_000);
    fake.pause();
  });
  afterAll(async () => fake.stop());
  const agg = (q: string): Promise<{ status: number; headers: Headers; body: unknown }> => getJson(`${fake.restBaseUrl}/fapi/v1/aggTrades?${q}`);

  it('pages aggTrades by fromId, inclusive, ascending, up to 1000, with the tape exactly', async () => {
    const tape = fake.emitted('BTCUSDT');
    const rows: AggTrade[] = [];
    let from = tape[0]!.a;
    for (;;) {
      const page = await agg(`symbol=BTCUSDT&fromId=${from}&limit=1000`);
      expect(page.status).toBe(200);
      const body = page.body as AggTrade[];
      if (body.length === 0) break;
      expect(body.length).toBeLessThanOrEqual(1000);
      rows.push(...body);
      from = body.at(-1)!.a + 1;
    }
    expect(rows).toEqual(tape.map((t) => ({ a: t.a, p: t.p, q: t.q, f: t.f, l: t.l, T: t.T, m: t.m })));
    expect(Object.keys(rows[0]!)).toEqual(['a', 'p', 'q', 'f', 'l', 'T', 'm']);
  });

  it('defaults limit to 500, reads from the start below the tape and returns [] beyond it', async () => {
    const tape = fake.emitted('BTCUSDT');
    const def = await agg(`symbol=BTCUSDT&fromId=${tape[0]!.a}`);
    expect((def.body as unknown[]).length).toBe(500);
    const below = await agg('symbol=BTCUSDT&fromId=0&limit=3');
    expect((below.body as AggTrade[]).map((r) => r.a)).toEqual(tape.slice(0, 3).map((t) => t.a));
    const beyond = await agg(`symbol=BTCUSDT&fromId=${tape.at(-1)!.a + 1}`);
    expect(beyond).toMatchObject({ status: 200, body: [] });
    const latest = await agg('symbol=BTCUSDT&limit=2');
    expect((latest.body as AggTrade[]).map((r) => r.a)).toEqual(tape.slice(-2).map((t) => t.a));
  });

  it('answers bad requests with Binance error bodies', async () => {
    expect(await agg('symbol=DOGEUSDX&fromId=1')).toMatchObject({ status: 400, body: { code: -1121, msg: 'Invalid symbol.' } });
    expect(await agg('fromId=1')).toMatchObject({ status: 400, body: { code: -1102 } });
    expect(await agg('symbol=BTCUSDT&limit=1001')).toMatchObject({ status: 400, body: { code: -1130 } });
    expect(await agg('symbol=BTCUSDT&fromId=1&startTime=1')).toMatchObject({ status: 400, body: { code: -1128 } });
  });

  it('reports the used weight (20 per aggTrades call) in X-MBX-USED-WEIGHT-1M', async () => {
    const a = await agg('symbol=ETHUSDT&limit=1');
    const b = await agg('symbol=ETHUSDT&limit=1');
    const wa = Number(a.headers.get('x-mbx-used-weight-1m'));
    const wb = Number(b.headers.get('x-mbx-used-weight-1m'));
    // Unless the calendar minute rolled over between the two calls.
    expect(wb === wa + 20 || wb === 20).toBe(true);
  });

  it('rest429 answers the next calls 429 with Retry-After, then succeeds', async () => {
    const before = fake.stats().rest429Served;
    fake.rest429(2, 3);
    for (let i = 0; i < 2; i++) {
      const r = await agg('symbol=BTCUSDT&fromId=0&limit=5');
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('3');
      expect(r.body).toMatchObject({ code: -1003 });
    }
    expect((await agg('symbol=BTCUSDT&fromId=0&limit=5')).status).toBe(200);
    expect(fake.stats().rest429Served).toBe(before + 2);
  });

  it('rest418 answers a ban with Retry-After', async () => {
    fake.rest418(1, 120);
    const r = await agg('symbol=BTCUSDT&fromId=0&limit=5');
    expect(r.status).toBe(418);
    expect(r.headers.get('retry-after')).toBe('120');
    expect((await agg('symbol=BTCUSDT&fromId=0&limit=5')).status).toBe(200);
  });

  it('serves exchangeInfo, ping and time', async () => {
    const info = await getJson(`${fake.restBaseUrl}/fapi/v1/exchangeInfo`);
    const symbols = (info.body as { symbols: { symbol: string; status: string; contractType: string }[] }).symbols;
    expect(symbols).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ symbol: 'BTCUSDT', status: 'TRADING', contractType: 'PERPETUAL' }),
        expect.objectContaining({ symbol: 'ETHUSDT', status: 'TRADING', contractType: 'PERPETUAL' }),
      ]),
    );
    expect(symbols.some((s) => s.status !== 'TRADING')).toBe(true);
    expect(symbols.some((s) => s.contractType !== 'PERPETUAL')).toBe(true);
    expect(await getJson(`${fake.restBaseUrl}/fapi/v1/ping`)).toMatchObject({ status: 200, body: {} });
    const time = await getJson(`${fake.restBaseUrl}/fapi/v1/time`);
    expect(Math.abs((time.body as { serverTime: number }).serverTime - Date.now())).toBeLessThan(5_000);
    expect(fake.stats().restCallsByPath['/fapi/v1/ping']).toBe(1);
  });
});

describe('FakeBinance: recorded fixtures', () => {
  it('src/fake-binance/fixtures hold exactly what record-fixtures.ts makes', () => {
    if (process.env['UPDATE_FIXTURES'] === '1') writeFixtures();
    for (const [name, text] of Object.entries(fixtureFiles())) expect(readFixture(name)).toBe(text);
  });

  it('aggtrade-frames.ndjson has well-formed frames with consecutive ids per symbol', () => {
    const lines = readFixture('aggtrade-frames.ndjson').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(80);
    const parsed = lines.map((l) => JSON.parse(l) as Frame);
    for (const stream of ['btcusdt@aggTrade', 'ethusdt@aggTrade']) {
      const ids = parsed.filter((f) => f.stream === stream).map((f) => f.data['a'] as number);
      expect(ids.length).toBeGreaterThan(20);
      expect(isConsecutive(ids)).toBe(true);
    }
  });
});

/**
 * The smallest careful client: strict parsing, de-duplication by id, REST refill of every gap
 * (honouring Retry-After), reconnect on any close. It exists to prove the fake is consistent:
 * through every fault, WebSocket plus REST are enough to rebuild the tape exactly.
 */
class ReferenceClient {
  readonly trades = new Map<string, Map<number, AggTrade>>();
  readonly lastId = new Map<string, number>();
  rejected = 0;
  private queue: Promise<void> = Promise.resolve();
  private ws: WebSocket | null = null;
  private stopped = false;

  constructor(
    private readonly fake: FakeBinance,
    private readonly symbols: string[],
  ) {
    for (const s of symbols) this.trades.set(s, new Map());
  }

  start(): void {
    if (this.stopped) return;
    const ws = new WebSocket(marketUrl(this.fake, ...this.symbols));
    this.ws = ws;
    ws.on('message', (d) => {
      const text = String(d);
      this.queue = this.queue.then(() => this.onFrame(text));
    });
    ws.on('error', () => undefined);
    ws.on('close', () => setTimeout(() => this.start(), 30));
  }

  stop(): void {
    this.stopped = true;
    this.ws?.terminate();
  }

  private async onFrame(text: string): Promise<void> {
    const t = parseStrict(text);
    if (t === null) {
      this.rejected++;
      return;
    }
    const last = this.lastId.get(t.s);
    if (last !== undefined && t.a <= last) return;
    await this.refill(t.s, last === undefined ? 0 : last + 1, t.a);
    this.accept(t);
  }

  private accept(t: AggTrade): void {
    this.trades.get(t.s)!.set(t.a, t);
    this.lastId.set(t.s, Math.max(this.lastId.get(t.s) ?? 0, t.a));
  }

  /** Fetches ids [from, until) over REST. */
  private async refill(symbol: string, from: number, until: number): Promise<void> {
    while (from < until) {
      const res = await fetch(`${this.fake.restBaseUrl}/fapi/v1/aggTrades?symbol=${symbol}&fromId=${from}&limit=1000`);
      if (res.status === 429 || res.status === 418) {
        await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after')) * 1000));
        continue;
      }
      const rows = (await res.json()) as Omit<AggTrade, 's' | 'E'>[];
      if (rows.length === 0) return;
      for (const r of rows) if (r.a < until) this.accept({ ...r, s: symbol, E: 0 });
      from = rows.at(-1)!.a + 1;
    }
  }
}

/** An aggTrade frame with every field of the right type, or null. */
function parseStrict(text: string): AggTrade | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  const d = (v as { data?: Record<string, unknown> }).data;
  if (d === undefined || d['e'] !== 'aggTrade') return null;
  const { s, a, p, q, f, l, T, E, m } = d;
  const decimal = (x: unknown): x is string => typeof x === 'string' && /^\d+(\.\d+)?$/.test(x);
  if (typeof s !== 'string' || !Number.isSafeInteger(a) || !decimal(p) || !decimal(q) || !Number.isSafeInteger(f) || !Number.isSafeInteger(l) || !Number.isSafeInteger(T) || !Number.isSafeInteger(E) || typeof m !== 'boolean') return null;
  return { s, a: a as number, p, q, f: f as number, l: l as number, T: T as number, E: E as number, m };
}

describe('FakeBinance: consistency under every fault', () => {
  it('lets a careful client rebuild every emitted trade exactly, none lost, none duplicated', async () => {
    const symbols = ['BTCUSDT', 'ETHUSDT'];
    const fake = await FakeBinance.start({ symbols, seed: 21, tradesPerSecond: 300 });
    const client = new ReferenceClient(fake, symbols);
    try {
      client.start();
      const caughtUp = (): boolean => symbols.every((s) => client.lastId.get(s) !== undefined && client.lastId.get(s)! >= fake.emitted(s).at(-1)!.a - 2);
      const settle = async (what: string): Promise<void> => {
        const target = new Map(symbols.map((s) => [s, fake.nextId(s) + 5]));
        await waitFor(`the client to catch up after ${what}`, () => symbols.every((s) => (client.lastId.get(s) ?? 0) >= target.get(s)!), 15_000);
      };
      await waitFor('the client to start', caughtUp);
      await fake.dropConnections();
      await settle('dropConnections');
      fake.goSilent(300);
      await settle('goSilent');
      fake.skipIds('BTCUSDT', 25);
      await settle('skipIds');
      fake.resendIds('ETHUSDT', 10);
      for (const kind of MALFORMED_KINDS) fake.sendMalformed(kind, 'ETHUSDT');
      await settle('resendIds and sendMalformed');
      fake.rest429(2, 1);
      await fake.dropConnections();
      await settle('a refill that met 429s');
      fake.setMaxConnectionLife(250);
      await new Promise((r) => setTimeout(r, 600));
      fake.setMaxConnectionLife(86_400_000);
      await settle('lifetime closes');
      await fake.closeConnections();
      await settle('closeConnections');
      fake.pause();
      await waitFor('the client to hold the whole tape', () => symbols.every((s) => client.lastId.get(s) === fake.emitted(s).at(-1)!.a));

      expect(client.rejected).toBe(MALFORMED_KINDS.length);
      expect(fake.stats().rest429Served).toBe(2);
      expect(fake.stats().lifetimeCloses).toBeGreaterThan(0);
      for (const s of symbols) {
        const got = [...client.trades.get(s)!.values()].sort((x, y) => x.a - y.a).map(({ a, p, q, f, l, T, m }) => ({ a, p, q, f, l, T, m }));
        const want = fake.emitted(s).map(({ a, p, q, f, l, T, m }) => ({ a, p, q, f, l, T, m }));
        expect(got.length).toBe(want.length);
        expect(got).toEqual(want);
      }
    } finally {
      client.stop();
      await fake.stop();
    }
  });
});
