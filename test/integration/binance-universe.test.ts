/**
 * The USD-M perpetual universe against the fake Binance: `symbols: ['ALL']` ingests exactly the
 * TRADING perpetuals of exchangeInfo; a listing during the run is subscribed and ingested, a
 * delisting unsubscribed, and the symbols that stay lose and repeat nothing meanwhile; the
 * `<symbol>@markPrice@1s` frames reach status and the `marks` WebSocket channel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { FakeBinance } from '../../src/fake-binance/fake-binance.js';
import { fakeFundingRate } from '../../src/fake-binance/fake-funding.js';
import type { ServerMessage } from '../../src/server/dto/stream-messages.js';
import { buildServer } from '../../src/server/build-server.js';
import { waitFor } from '../helpers/wait-for.js';

const TAPE = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'];
const EIGHT_HOURS = 8 * 3_600_000;

interface Rig {
  fake: FakeBinance;
  engine: LiveEngine;
  app: FastifyInstance | null;
  dir: string;
}
let rig: Rig | null = null;

afterEach(async () => {
  if (rig === null) return;
  await rig.app?.close();
  await rig.engine.close();
  await rig.fake.stop();
  rmSync(rig.dir, { recursive: true, force: true });
  rig = null;
});

async function start(universe?: { quote: string | null; refreshMs: number }, backfillMs?: number): Promise<Rig> {
  // BNBUSDT is listed later: PENDING_TRADING until the test lists it. exchangeInfo also has a
  // delivery contract (BTCUSDT_260925) and a SETTLING perpetual (LUNAUSDT), which must stay out.
  const history = backfillMs === undefined ? {} : { historyMs: backfillMs };
  const fake = await FakeBinance.start({ symbols: TAPE, tradesPerSecond: 120, seed: 21, paused: true, statuses: { BNBUSDT: 'PENDING_TRADING' }, markPriceIntervalMs: 200, restWeightFree: true, ...history });
  const dir = mkdtempSync(join(tmpdir(), 'tandem-universe-'));
  const engine = new LiveEngine({
    dbPath: join(dir, 'tandem.db'),
    flushMs: 20,
    env: { TANDEM_BINANCE_WS_URL: fake.wsBaseUrl, TANDEM_BINANCE_REST_URL: fake.restBaseUrl },
    sources: { binance: { backoff: { baseMs: 50, capMs: 500 }, stall: { minMs: 5000, maxMs: 10_000 } } },
    ...(backfillMs === undefined ? {} : { backfill: { lookbackMs: backfillMs } }),
  });
  rig = { fake, engine, app: null, dir };
  await engine.startIngestion({ source: 'binance', symbols: ['ALL'], ...(universe === undefined ? {} : { universe }) });
  await waitFor('the client connected', () => fake.stats().liveConnections >= 1);
  fake.resume();
  return rig;
}

async function storedIds(engine: LiveEngine, symbol: string): Promise<number[]> {
  await engine.flush();
  return (await engine.store.ticks.queryTicks({ symbol, limit: 10_000_000 })).map((t) => t.tradeId).sort((a, b) => a - b);
}

const streamedSymbols = async (engine: LiveEngine): Promise<string[]> =>
  (await engine.status()).symbols
    .filter((s) => s.quality !== null)
    .map((s) => s.symbol)
    .sort();

describe('the USD-M perpetual universe', () => {
  it('ingests exactly the TRADING USDT perpetuals of exchangeInfo for symbols ALL', async () => {
    const r = await start();
    expect(await streamedSymbols(r.engine)).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    const streams = r.fake.connections().flatMap((c) => c.streams).sort();
    expect(streams).toEqual(['btcusdt@aggTrade', 'btcusdt@markPrice@1s', 'ethusdt@aggTrade', 'ethusdt@markPrice@1s', 'solusdt@aggTrade', 'solusdt@markPrice@1s']);
    await waitFor('ticks of every symbol', async () => (await Promise.all(['BTCUSDT', 'ETHUSDT', 'SOLUSDT'].map((s) => storedIds(r.engine, s)))).every((ids) => ids.length > 0), 10_000);
    expect(await storedIds(r.engine, 'BNBUSDT')).toEqual([]);
    // The universe is Binance's: another source needs a list, and says so.
    await expect(r.engine.startIngestion({ source: 'simulator', symbols: ['ALL'] })).rejects.toThrow(/universe: .*needs a list of symbols/);
  });

  it('adds a listing and drops a delisting while the others keep every trade', async () => {
    const r = await start({ quote: 'USDT', refreshMs: 250 });
    await new Promise((res) => setTimeout(res, 500));
    const opened = r.fake.stats().connectionsOpened;

    r.fake.setStatus('BNBUSDT', 'TRADING');
    await waitFor('BNBUSDT ingested', async () => (await storedIds(r.engine, 'BNBUSDT')).length > 20, 10_000);
    expect(await streamedSymbols(r.engine)).toEqual(['BNBUSDT', 'BTCUSDT', 'ETHUSDT', 'SOLUSDT']);

    r.fake.setStatus('ETHUSDT', 'SETTLING');
    await waitFor('ETHUSDT unsubscribed', () => !r.fake.connections().some((c) => c.streams.includes('ethusdt@aggTrade')), 10_000);
    await new Promise((res) => setTimeout(res, 300));
    const ethAtDelisting = (await storedIds(r.engine, 'ETHUSDT')).length;
    const ethEmitted = r.fake.emitted('ETHUSDT').length;
    await new Promise((res) => setTimeout(res, 1000));
    r.fake.pause();

    // The others: every trade the tape made, once, with no reconnect (SUBSCRIBE and UNSUBSCRIBE on the open socket).
    for (const symbol of ['BTCUSDT', 'SOLUSDT']) {
      const truth = r.fake.emitted(symbol).map((t) => t.a);
      await waitFor(`${symbol}: stored ids equal the ${truth.length} emitted`, async () => {
        const ids = await storedIds(r.engine, symbol);
        return ids.length === truth.length && ids.every((id, i) => id === truth[i]);
      }, 20_000);
    }
    expect(r.fake.stats().connectionsOpened).toBe(opened);
    const status = await r.engine.status();
    for (const s of status.symbols.filter((x) => x.quality !== null)) expect(s.quality!.reconnects).toBe(0);
    expect(status.symbols.find((s) => s.symbol === 'ETHUSDT')?.quality ?? null).toBeNull();

    // The listing: from its first stored trade to the tape's last, consecutive, none twice. Its
    // last frames may still be in flight after the pause, so wait for the tape's last id as above.
    const bnbTruth = r.fake.emitted('BNBUSDT').map((t) => t.a);
    const bnbLast = bnbTruth[bnbTruth.length - 1];
    await waitFor(`BNBUSDT: the tape's last id ${bnbLast} stored`, async () => {
      const ids = await storedIds(r.engine, 'BNBUSDT');
      return ids[ids.length - 1] === bnbLast;
    }, 20_000);
    const bnb = await storedIds(r.engine, 'BNBUSDT');
    expect(bnb.every((id, i) => i === 0 || id === bnb[i - 1]! + 1)).toBe(true);

    // The delisting: nothing more stored while the tape went on trading it.
    expect(r.fake.emitted('ETHUSDT').length).toBeGreaterThan(ethEmitted);
    expect((await storedIds(r.engine, 'ETHUSDT')).length).toBe(ethAtDelisting);
  });

  it('backfills a listing\'s history as it backfilled the symbols it started with', async () => {
    const lookbackMs = 20 * 60_000;
    const r = await start({ quote: 'USDT', refreshMs: 250 }, lookbackMs);
    const progressOf = async (symbol: string) => (await r.engine.status()).symbols.find((x) => x.symbol === symbol)?.backfill ?? null;
    await waitFor('the first symbols backfilled', async () => (await progressOf('SOLUSDT'))?.state === 'done', 20_000);
    expect(await progressOf('BNBUSDT')).toBeNull();
    r.fake.setStatus('BNBUSDT', 'TRADING');
    await waitFor('BNBUSDT backfilled', async () => (await progressOf('BNBUSDT'))?.state === 'done', 20_000);
    // Its 1m bars reach back over the lookback, before its first streamed trade.
    await r.engine.flush();
    const firstTick = (await r.engine.store.ticks.queryTicks({ symbol: 'BNBUSDT', limit: 1 }))[0];
    const bars = await r.engine.store.bars.queryBars({ symbol: 'BNBUSDT', tf: '1m', from: 0, limit: 10_000 });
    expect(bars.length).toBeGreaterThanOrEqual(15);
    expect(bars[0]!.start).toBeLessThan((firstTick?.ts ?? Date.now()) - 10 * 60_000);
  });

  it('brings the markPrice frames to status and to the marks channel', async () => {
    const r = await start();
    const app = await buildServer({ engine: r.engine, version: 'test' });
    r.app = app;
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const ws = new WebSocket(`${address.replace('http', 'ws')}/api/stream`);
    const messages: ServerMessage[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as ServerMessage));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ op: 'subscribe', channels: ['marks'] }));
    const mark = await waitFor('a BTCUSDT mark', () => messages.find((m): m is ServerMessage & { type: 'mark' } => m.type === 'mark' && m.mark.symbol === 'BTCUSDT'), 10_000);
    ws.close();
    const next = mark.mark.nextFundingTime!;
    expect(next % EIGHT_HOURS).toBe(0);
    expect(next).toBeGreaterThan(Date.now() - 5000);
    expect(next - Date.now()).toBeLessThanOrEqual(EIGHT_HOURS);
    expect(mark.mark.fundingRate).toBe(Number(fakeFundingRate('BTCUSDT', next)));
    const last = Number(r.fake.emitted('BTCUSDT').at(-1)!.p);
    expect(Math.abs(mark.mark.markPrice / last - 1)).toBeLessThan(0.01);
    const status = await r.engine.status();
    expect(status.symbols.find((s) => s.symbol === 'BTCUSDT')!.mark?.fundingRate).toBe(Number(fakeFundingRate('BTCUSDT', next)));
  });
});
