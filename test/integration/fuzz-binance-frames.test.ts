/**
 * Fuzz (issue 10, part 4): Binance market-stream frames, into the frame parser and through the
 * whole `BinanceFuturesSource` path over a real WebSocket. Truncated frames, wrong types, huge
 * numbers, NaN/Infinity strings, exponents, unknown events, deep nesting, non-UTF-8 bytes.
 * Properties: the parser never throws and never yields a tick with a non-finite or
 * non-positive price or quantity; the source counts every malformed frame, never throws, never
 * delivers such a tick, and keeps streaming.
 * Cases: FUZZ_RUNS per target (200 in CI; `npm run fuzz` runs 10,000).
 */
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { systemClock } from '../../src/core/clock.js';
import { BinanceFuturesSource } from '../../src/ingest/binance/binance-futures-source.js';
import { parseAggTradeFast } from '../../src/ingest/binance/fast-agg-trade-parser.js';
import { parseStreamFrame, parseStreamFrameStrict } from '../../src/ingest/binance/parse-agg-trade.js';
import type { Tick } from '../../src/model/tick.js';
import { FakeBinance } from '../../src/fake-binance/fake-binance.js';
import { waitFor } from '../helpers/wait-for.js';
import { deeplyNested, fuzzParams, fuzzRuns, fuzzTimeout, NASTY_NUMBER_TEXT, reportRuns, weirdValue } from './fuzz-runs.js';

const RUNS = fuzzRuns();

/** A payload field: usually right, often wrong in one of many ways. */
const field = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: weirdValue }, { weight: 1, arbitrary: fc.constant(undefined) });

const decimalText = fc.oneof(
  fc.double({ min: 1e-8, max: 1e7, noNaN: true }).map((n) => n.toFixed(8)),
  fc.integer({ min: 1, max: 100_000 }).map(String),
  fc.constantFrom(...NASTY_NUMBER_TEXT),
);

const payload = fc.record({
  e: field(fc.constantFrom('aggTrade', 'aggTrade', 'trade', 'kline', 'markPriceUpdate', '')),
  E: field(fc.integer({ min: 0, max: 2 ** 45 })),
  s: field(fc.constantFrom('BTCUSDT', 'SOLUSDT', 'btcusdt', 'B', 'BTC USDT', '<script>')),
  a: field(fc.integer({ min: 0, max: 2 ** 40 })),
  p: field(decimalText),
  q: field(decimalText),
  f: field(fc.integer({ min: 0 })),
  l: field(fc.integer({ min: 0 })),
  T: field(fc.integer({ min: 0, max: 2 ** 45 })),
  m: field(fc.boolean()),
  nq: field(decimalText),
});

/** Text frames of every kind the stream might carry, or that a broken proxy might. */
const frameText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(payload, fc.constantFrom('btcusdt@aggTrade', 'x', '')).map(([data, stream]) => JSON.stringify({ stream, data })) },
  // Truncated anywhere.
  { weight: 3, arbitrary: fc.tuple(payload, fc.nat()).map(([data, cut]) => { const t = JSON.stringify({ stream: 'btcusdt@aggTrade', data }); return t.slice(0, cut % (t.length + 1)); }) },
  // The fast parser's own layout with a hand-written field.
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom('E', 'a', 'p', 'q', 'T', 'm', 's'), fc.oneof(fc.constantFrom(...NASTY_NUMBER_TEXT).map((v) => JSON.stringify(v)), fc.constantFrom(...NASTY_NUMBER_TEXT), fc.string({ maxLength: 12 }))).map(([key, raw]) => {
    const fields: Record<string, string> = { e: '"aggTrade"', E: '1700000000001', s: '"BTCUSDT"', a: '5', p: '"100.5"', q: '"0.25"', f: '1', l: '2', T: '1700000000000', m: 'false' };
    fields[key] = raw;
    return `{"stream":"btcusdt@aggTrade","data":{${Object.entries(fields).map(([k, v]) => `"${k}":${v}`).join(',')}}}`;
  }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.jsonValue().map((data) => JSON.stringify({ stream: 'btcusdt@aggTrade', data })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('array' as const, 'object' as const)).map(([d, k]) => `{"stream":"btcusdt@aggTrade","data":${deeplyNested(d, k)}}`) },
  { weight: 1, arbitrary: fc.constantFrom('{"result":null,"id":1}', '{"result":null}', '{"id":1}', '', ' ', 'null', '[]', '{}', '"aggTrade"', '{"stream":"btcusdt@aggTrade","data":null}') },
);

function isGoodTick(t: Tick): boolean {
  return Number.isFinite(t.price) && t.price > 0 && Number.isFinite(t.qty) && t.qty > 0 && Number.isSafeInteger(t.ts) && t.ts >= 0 && Number.isSafeInteger(t.tradeId) && t.tradeId >= 0 && /^[A-Z0-9]{2,30}$/.test(t.symbol);
}

function checkTick(t: Tick): void {
  expect(Number.isFinite(t.price) && t.price > 0, `price ${t.price}`).toBe(true);
  expect(Number.isFinite(t.qty) && t.qty > 0, `qty ${t.qty}`).toBe(true);
  expect(Number.isSafeInteger(t.ts) && t.ts >= 0, `ts ${t.ts}`).toBe(true);
  expect(Number.isSafeInteger(t.tradeId) && t.tradeId >= 0, `tradeId ${t.tradeId}`).toBe(true);
  expect(t.symbol).toMatch(/^[A-Z0-9]{2,30}$/);
}

describe('fuzz: Binance frames into the parser', { timeout: fuzzTimeout(5) }, () => {
  it('never throws, and yields only trades with finite positive prices; the fast and strict parsers agree', () => {
    fc.assert(
      fc.property(frameText, (text) => {
        const r = parseStreamFrame(text);
        if (r.ok && r.value.kind === 'trade') checkTick(r.value.trade.tick);
        if (!r.ok) expect(r.error.code).toBe('malformed_frame');
        const fast = parseAggTradeFast(text);
        if (fast !== null) {
          const strict = parseStreamFrameStrict(text);
          expect(strict.ok && strict.value.kind === 'trade' ? strict.value.trade : null).toEqual(fast);
        }
      }),
      fuzzParams(),
    );
    reportRuns('binance frame parser', RUNS);
  });
});

describe('fuzz: Binance frames through BinanceFuturesSource over a WebSocket', { timeout: fuzzTimeout(20) }, () => {
  let rest: FakeBinance;
  let wss: WebSocketServer;
  let source: BinanceFuturesSource;
  const sockets = new Set<WebSocket>();
  const delivered: Tick[] = [];
  /** Delivered ticks that break the property (checked in the sink, as they arrive). */
  const bad: Tick[] = [];
  let sentinelId = 0;
  /** The highest sentinel id delivered so far. */
  let lastSentinel = 0;

  beforeAll(async () => {
    // The market stream is this test's own server; REST (refills after a gap) is the fake's.
    rest = await FakeBinance.start({ symbols: ['BTCUSDT', 'ETHUSDT'], paused: true });
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/market/stream' });
    wss.on('connection', (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    const port = (wss.address() as AddressInfo).port;
    source = new BinanceFuturesSource({
      symbols: ['BTCUSDT', 'ETHUSDT'],
      wsBaseUrl: `ws://127.0.0.1:${port}`,
      restBaseUrl: rest.restBaseUrl,
      clock: systemClock,
      validateSymbols: false,
      // ETHUSDT carries the sentinel trades, in order from id 1; BTCUSDT gets the fuzz.
      lastTradeId: async (s) => (s === 'ETHUSDT' ? 0 : 1_000_000),
      backoff: { baseMs: 20, capMs: 200 },
      stall: { minMs: 60_000, maxMs: 120_000 },
      maxRefillTrades: 1000,
    });
    await source.start((ticks) => {
      for (const t of ticks) {
        if (!isGoodTick(t)) bad.push(t);
        if (t.symbol === 'ETHUSDT') lastSentinel = Math.max(lastSentinel, t.tradeId);
        else delivered.push(t);
      }
    });
    await waitFor('the source to connect', () => sockets.size === 1);
  });

  afterAll(async () => {
    await source?.stop();
    for (const s of sockets) s.terminate();
    await new Promise((r) => wss?.close(r));
    await rest?.stop();
  });

  const malformed = (): number => source.quality().find((q) => q.symbol === 'BTCUSDT')!.malformedFrames;

  /** Sends a trade of ETHUSDT with the next id and waits for it: everything sent before it has been handled. */
  async function sync(): Promise<void> {
    sentinelId++;
    const id = sentinelId;
    const frame = `{"stream":"ethusdt@aggTrade","data":{"e":"aggTrade","E":1700000000001,"s":"ETHUSDT","a":${id},"p":"2000.5","q":"1","f":1,"l":1,"T":1700000000000,"m":false}}`;
    await waitFor('a connected stream', () => sockets.size > 0);
    for (const s of sockets) s.send(frame);
    await waitFor(`sentinel ${id}`, () => lastSentinel >= id, 10_000, 1);
  }

  it('counts each malformed frame, never delivers a bad tick, and keeps the connection', async () => {
    await sync();
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(frameText, { minLength: 1, maxLength: 8 }), async (frames) => {
        cases++;
        const before = malformed();
        const expectMalformed = frames.filter((t) => {
          const r = parseStreamFrame(t);
          // A trade or a mark price of a symbol this source does not follow is counted too.
          const followed = (symbol: string): boolean => symbol === 'BTCUSDT' || symbol === 'ETHUSDT';
          return !r.ok || (r.value.kind === 'trade' && !followed(r.value.trade.tick.symbol)) || (r.value.kind === 'mark' && !followed(r.value.mark.symbol));
        }).length;
        const socket = [...sockets][0]!;
        for (const t of frames) socket.send(t);
        await sync();
        expect(malformed() - before).toBe(expectMalformed);
        expect(bad).toEqual([]);
        delivered.length = 0;
        expect(source.state()).toBe('live');
      }),
      fuzzParams(),
    );
    delivered.length = 0;
    reportRuns('binance frames through the source', cases);
    expect(cases).toBe(RUNS);
  });

  it('skips binary frames, and survives text frames that are not UTF-8 by reconnecting', async () => {
    const socket = [...sockets][0]!;
    const before = source.quality().find((q) => q.symbol === 'BTCUSDT')!.reconnects;
    socket.send(Buffer.from([0xff, 0x00, 0x7b]), { binary: true });
    await sync();
    // Bytes that are not UTF-8 in a text frame: the client closes with 1007 and reconnects.
    socket.send(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]), { binary: false });
    await waitFor('the reconnect', () => source.quality().find((q) => q.symbol === 'BTCUSDT')!.reconnects > before && sockets.size === 1, 10_000);
    await sync();
    expect(bad).toEqual([]);
  });
});
