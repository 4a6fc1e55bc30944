import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resampleOhlcv } from '../../src/bars/resample-ohlcv.js';
import { LiveEngine } from '../../src/engine/live-engine.js';
import type { Tick } from '../../src/model/tick.js';
import { FakeBinance } from '../../src/fake-binance/fake-binance.js';
import { waitFor } from '../helpers/wait-for.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];

interface Rig {
  fake: FakeBinance;
  engine: LiveEngine;
  dir: string;
}

let rig: Rig | null = null;

async function startRig(binance: Record<string, unknown> = {}): Promise<Rig> {
  // The tape starts paused so that every trade it makes happens after the client is connected.
  const fake = await FakeBinance.start({ symbols: SYMBOLS, tradesPerSecond: 150, seed: 11, paused: true });
  const dir = mkdtempSync(join(tmpdir(), 'tandem-binance-'));
  const engine = new LiveEngine({
    dbPath: join(dir, 'tandem.db'),
    flushMs: 20,
    env: { TANDEM_BINANCE_WS_URL: fake.wsBaseUrl, TANDEM_BINANCE_REST_URL: fake.restBaseUrl },
    sources: { binance: { backoff: { baseMs: 50, capMs: 500 }, stall: { minMs: 800, maxMs: 5000 }, ...binance } },
  });
  await engine.startIngestion({ source: 'binance', symbols: SYMBOLS });
  const connections = Math.ceil(SYMBOLS.length / Math.max(1, Math.floor(Number(binance['maxStreamsPerConnection'] ?? 200) / 2)));
  await waitFor('the client connected', () => fake.stats().liveConnections >= connections);
  fake.resume();
  rig = { fake, engine, dir };
  return rig;
}

afterEach(async () => {
  if (rig === null) return;
  await rig.engine.close();
  await rig.fake.stop();
  rmSync(rig.dir, { recursive: true, force: true });
  rig = null;
});

async function storedTicks(engine: LiveEngine, symbol: string): Promise<Tick[]> {
  await engine.flush();
  return engine.store.ticks.queryTicks({ symbol, limit: 10_000_000 });
}

/**
 * Lets the tape run on (so a withheld tail shows up as a gap), pauses it, and waits until the
 * store holds exactly the trades the fake made: none lost, none twice.
 */
async function expectStoreEqualsTape(r: Rig, runOnMs = 600): Promise<void> {
  await new Promise((res) => setTimeout(res, runOnMs));
  r.fake.pause();
  for (const symbol of SYMBOLS) {
    const truth = r.fake.emitted(symbol).map((t) => t.a);
    await waitFor(`${symbol}: stored ids equal the ${truth.length} emitted`, async () => {
      const ids = (await storedTicks(r.engine, symbol)).map((t) => t.tradeId).sort((a, b) => a - b);
      return ids.length === truth.length && ids.every((id, i) => id === truth[i]);
    }, 20_000);
  }
  const status = await r.engine.status();
  for (const s of status.symbols) expect(s.ticksStored).toBe(r.fake.emitted(s.symbol).length);
}

/** Every stored 1s bar equals resampling the stored ticks: revisions converged. */
async function expectBarsMatchTicks(engine: LiveEngine, symbol: string): Promise<void> {
  await waitFor('bars to settle', async () => {
    await engine.reviseLateBars();
    await engine.flush();
    const ticks = await storedTicks(engine, symbol);
    const cols = resampleOhlcv(ticks.map((t) => t.ts), ticks.map((t) => t.price), ticks.map((t) => t.qty), 1000);
    const bars = await engine.store.bars.queryBars({ symbol, tf: '1s', limit: 1_000_000 });
    const byStart = new Map(Array.from(cols.ts, (s, i) => [s, i]));
    return bars.length > 0 && bars.every((b) => {
      const i = byStart.get(b.start);
      return i !== undefined && b.trades === cols.count[i] && b.close === cols.close[i] && b.open === cols.open[i] && Math.abs(b.volume - cols.volume[i]!) < 1e-9;
    });
  }, 10_000);
}

describe('Binance ingestion against the fake exchange', () => {
  it('stores exactly the trades emitted in a clean session, with quality in status', async () => {
    const r = await startRig();
    await expectStoreEqualsTape(r, 1500);
    const q = (await r.engine.status()).symbols.find((s) => s.symbol === 'BTCUSDT')!.quality!;
    expect(q.state === 'live' || q.state === 'stalled' || q.state === 'connecting').toBe(true);
    expect(q.lagP50Ms).not.toBeNull();
    expect(q.gapsDetected).toBe(0);
    expect(q.duplicatesDropped).toBe(0);
    await expectBarsMatchTicks(r.engine, 'BTCUSDT');
  });

  it('refills what it missed while the connection was dropped', async () => {
    // A slower reconnect (0-400 ms with jitter) so that trades are surely missed meanwhile.
    const r = await startRig({ backoff: { baseMs: 400, capMs: 400 } });
    await new Promise((res) => setTimeout(res, 300));
    await r.fake.dropConnections();
    await expectStoreEqualsTape(r);
    const q = (await r.engine.status()).symbols.find((s) => s.symbol === 'BTCUSDT')!.quality!;
    expect(q.reconnects).toBeGreaterThanOrEqual(1);
    expect(q.lastReconnectReason).toBeTruthy();
    await expectBarsMatchTicks(r.engine, 'BTCUSDT');
  });

  it('detects a silent socket as stalled, reconnects and refills', async () => {
    const r = await startRig();
    await new Promise((res) => setTimeout(res, 500));
    r.fake.goSilent(2500);
    await waitFor('a stall reconnect', async () => (await r.engine.status()).symbols.some((s) => (s.quality?.lastReconnectReason ?? '').includes('stalled')), 10_000);
    await expectStoreEqualsTape(r, 2500);
    expect((await r.engine.status()).symbols.every((s) => (s.quality?.tradesRefilled ?? 0) > 0)).toBe(true);
  });

  it('fills skipped ids from REST and drops re-sent ones', async () => {
    const r = await startRig();
    await new Promise((res) => setTimeout(res, 300));
    r.fake.skipIds('BTCUSDT', 25);
    await new Promise((res) => setTimeout(res, 400));
    r.fake.resendIds('ETHUSDT', 10);
    await expectStoreEqualsTape(r);
    const status = await r.engine.status();
    const btc = status.symbols.find((s) => s.symbol === 'BTCUSDT')!.quality!;
    const eth = status.symbols.find((s) => s.symbol === 'ETHUSDT')!.quality!;
    expect(btc.gapsDetected).toBeGreaterThanOrEqual(1);
    expect(btc.tradesRefilled).toBeGreaterThanOrEqual(25);
    expect(eth.duplicatesDropped).toBeGreaterThanOrEqual(10);
    await expectBarsMatchTicks(r.engine, 'BTCUSDT');
  });

  it('counts malformed and unknown frames and stores nothing from them', async () => {
    const r = await startRig();
    await new Promise((res) => setTimeout(res, 300));
    for (const kind of ['truncated', 'not-json', 'wrong-types', 'unknown-event', 'huge-number', 'nan-string'] as const) r.fake.sendMalformed(kind, 'BTCUSDT');
    await expectStoreEqualsTape(r);
    const q = (await r.engine.status()).symbols.find((s) => s.symbol === 'BTCUSDT')!.quality!;
    expect(q.malformedFrames).toBeGreaterThanOrEqual(5);
    const ticks = await storedTicks(r.engine, 'BTCUSDT');
    expect(ticks.every((t) => Number.isFinite(t.price) && t.price > 0 && t.qty > 0)).toBe(true);
  });

  it('waits out 429 with Retry-After during a refill and still loses nothing', async () => {
    const r = await startRig();
    await new Promise((res) => setTimeout(res, 300));
    r.fake.rest429(2, 1);
    r.fake.skipIds('ETHUSDT', 10);
    await expectStoreEqualsTape(r, 3000);
    expect(r.fake.stats().rest429Served).toBeGreaterThanOrEqual(2);
  });

  it('survives the server cutting connections at their maximum life (the 24-hour limit on a short clock)', async () => {
    const r = await startRig();
    r.fake.setMaxConnectionLife(700);
    await new Promise((res) => setTimeout(res, 2500));
    r.fake.setMaxConnectionLife(86_400_000);
    await expectStoreEqualsTape(r);
  });

  it('rotates its own connections before the limit, opening the new one first', async () => {
    const r = await startRig({ rotateAfterMs: 600 });
    await waitFor('two rotations', () => r.fake.stats().connectionsOpened >= 3, 10_000);
    await expectStoreEqualsTape(r);
    const q = (await r.engine.status()).symbols.find((s) => s.symbol === 'BTCUSDT')!.quality!;
    // A rotation is not a reconnect: nothing was lost, so nothing had to be refilled.
    expect(q.reconnects).toBe(0);
    expect(q.gapsDetected).toBe(0);
  });

  it('splits symbols over several connections past the streams-per-connection limit', async () => {
    const r = await startRig({ maxStreamsPerConnection: 2 });
    await new Promise((res) => setTimeout(res, 300));
    // One symbol per connection: its two streams, aggregate trades and mark price, fill the limit of 2.
    expect(r.fake.connections().map((c) => c.streams.join(',')).sort()).toEqual(['btcusdt@aggTrade,btcusdt@markPrice@1s', 'ethusdt@aggTrade,ethusdt@markPrice@1s']);
    await r.fake.dropConnections((c) => c.streams.includes('btcusdt@aggTrade'));
    await expectStoreEqualsTape(r);
    const status = await r.engine.status();
    expect(status.symbols.find((s) => s.symbol === 'BTCUSDT')!.quality!.reconnects).toBeGreaterThanOrEqual(1);
    expect(status.symbols.find((s) => s.symbol === 'ETHUSDT')!.quality!.reconnects).toBe(0);
  });

  it('starts from the exchange\'s latest trade, so a drop before the first live trade loses nothing', async () => {
    const fake = await FakeBinance.start({ symbols: ['BTCUSDT'], tradesPerSecond: 150, seed: 5 });
    const dir = mkdtempSync(join(tmpdir(), 'tandem-anchor-'));
    const engine = new LiveEngine({
      dbPath: join(dir, 'tandem.db'),
      flushMs: 20,
      env: { TANDEM_BINANCE_WS_URL: fake.wsBaseUrl, TANDEM_BINANCE_REST_URL: fake.restBaseUrl },
      sources: { binance: { backoff: { baseMs: 400, capMs: 400 } } },
    });
    try {
      await waitFor('trades on the tape', () => fake.emitted('BTCUSDT').length > 20);
      await engine.startIngestion({ source: 'binance', symbols: ['BTCUSDT'] });
      const lastAtStart = fake.emitted('BTCUSDT').at(-1)!.a;
      await waitFor('the client connected', () => fake.stats().liveConnections > 0);
      await fake.dropConnections();
      await new Promise((res) => setTimeout(res, 1200));
      fake.pause();
      const truth = fake.emitted('BTCUSDT').map((t) => t.a);
      const ids = await waitFor('the store caught up to the tape', async () => {
        const stored = (await storedTicks(engine, 'BTCUSDT')).map((t) => t.tradeId);
        return stored.at(-1) === truth.at(-1) ? stored : undefined;
      });
      expect(ids[0]!).toBeLessThanOrEqual(lastAtStart + 1);
      expect(ids).toEqual(truth.slice(truth.indexOf(ids[0]!)));
    } finally {
      await engine.close();
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('catches up from the last stored id after a restart', async () => {
    const r = await startRig();
    await new Promise((res) => setTimeout(res, 500));
    await r.engine.stopIngestion();
    await new Promise((res) => setTimeout(res, 500));
    await r.engine.startIngestion({ source: 'binance', symbols: SYMBOLS });
    await expectStoreEqualsTape(r);
  });

  it('rejects a symbol Binance does not trade, naming it', async () => {
    const r = await startRig();
    await expect(r.engine.startIngestion({ source: 'binance', symbols: ['BTCUSDT', 'NOPEUSDT'] })).rejects.toThrow(/NOPEUSDT/);
  });

  it('says plainly when Binance cannot be reached, and keeps retrying with backoff', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-offline-'));
    // A port nothing listens on: connections are refused, as offline.
    const engine = new LiveEngine({
      dbPath: join(dir, 'tandem.db'),
      env: { TANDEM_BINANCE_WS_URL: 'ws://127.0.0.1:9', TANDEM_BINANCE_REST_URL: 'http://127.0.0.1:9' },
      sources: { binance: { backoff: { baseMs: 50, capMs: 200 } } },
    });
    try {
      await engine.startIngestion({ source: 'binance', symbols: ['BTCUSDT'] });
      const status = await waitFor('several failed attempts', async () => {
        const s = await engine.status();
        return (s.symbols[0]?.quality?.reconnects ?? 0) >= 3 ? s : undefined;
      });
      expect(status.reason).toMatch(/cannot be reached/);
      expect(['backing-off', 'connecting']).toContain(status.symbols[0]!.quality!.state);
      expect(status.symbols[0]!.quality!.lastReconnectReason).toMatch(/ECONNREFUSED|socket error/);
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
