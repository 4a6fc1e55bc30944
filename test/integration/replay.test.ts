import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resampleOhlcv } from '../../src/bars/resample-ohlcv.js';
import { LiveEngine } from '../../src/engine/live-engine.js';
import type { Bar } from '../../src/model/bar.js';
import type { Tick } from '../../src/model/tick.js';
import type { ErrorBody, Status } from '../../src/server/dto/api-schemas.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { postJson, startTestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'replay');
const BINANCE = join(FIXTURES, 'BTCUSDT-aggTrades-2024-01-01.csv');
const TFS = [['1s', 1000], ['1m', 60_000], ['5m', 300_000]] as const;

/** The file's trades as `[tradeId, ts, price, qty, buyerMaker]`, in id order. */
function fileTrades(): [number, number, number, number, boolean][] {
  return readFileSync(BINANCE, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','))
    .map((f) => [Number(f[0]), Number(f[5]), Number(f[1]), Number(f[2]), f[6] === 'true'] as [number, number, number, number, boolean])
    .sort((a, b) => a[0] - b[0]);
}

async function storedBars(engine: LiveEngine, symbol: string, tf: string): Promise<Bar[]> {
  return engine.store.bars.queryBars({ symbol, tf, limit: 1_000_000 });
}

function expectBarsOf(ticks: readonly Tick[], tf: string, ms: number, bars: readonly Bar[]): void {
  const cols = resampleOhlcv(ticks.map((t) => t.ts), ticks.map((t) => t.price), ticks.map((t) => t.qty), ms);
  expect(bars.map((b) => b.start), tf).toEqual(Array.from(cols.ts));
  bars.forEach((b, i) => {
    expect([b.open, b.high, b.low, b.close, b.trades]).toEqual([cols.open[i], cols.high[i], cols.low[i], cols.close[i], cols.count[i]]);
    expect(b.volume).toBeCloseTo(cols.volume[i]!, 9);
    expect(b.vwap).toBeCloseTo(cols.vwap[i]!, 6);
  });
}

describe('replay through the live pipeline', () => {
  let dir: string;
  let engine: LiveEngine;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-replay-'));
    engine = new LiveEngine({ dbPath: join(dir, 'tandem.db') });
  });
  afterEach(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('at max speed stores exactly the file’s ticks, and bars equal to resampling them', async () => {
    await engine.startIngestion({ source: 'replay', symbols: ['BTCUSDT'], path: BINANCE, speed: 'max' });
    const trades = fileTrades();
    // Every bucket of the file ends up final (the file is complete) and stored.
    await waitFor('every bar stored', async () => {
      await engine.flush();
      for (const [tf, ms] of TFS) {
        const want = new Set(trades.map((t) => Math.floor(t[1] / ms))).size;
        if ((await storedBars(engine, 'BTCUSDT', tf)).length < want) return false;
      }
      return true;
    });
    const ticks = await engine.store.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 1_000_000 });
    expect(ticks.map((t) => [t.tradeId, t.ts, t.price, t.qty, t.buyerMaker])).toEqual(trades);
    expect(ticks.every((t) => t.source === 'replay')).toBe(true);
    for (const [tf, ms] of TFS) expectBarsOf(ticks, tf, ms, await storedBars(engine, 'BTCUSDT', tf));
    expect(engine.bars.lateTicks()).toBe(0);
    // Once the whole file has played, ingestion reads as idle, with the playback shown as done.
    const status = await waitFor('the playback to finish', async () => {
      const s = await engine.status();
      return s.playback?.state === 'done' ? s : undefined;
    });
    expect(status.state).toBe('idle');
    expect(status.playback!.ticksPlayed).toBe(trades.length);
  });

  it('at 100x keeps the time gaps and still delivers every tick in order', async () => {
    // 40 trades over 2 s of market time: 20 ms of wall time at 100x.
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ symbol: 'ETHUSDT', ts: 1_704_067_200_000 + i * 50, price: 2300 + i, qty: 1 }));
    const file = join(dir, 'paced.ndjson');
    writeFileSync(file, lines.join('\n'));
    const seen: Tick[] = [];
    engine.hub.subscribe((ticks) => seen.push(...ticks));
    await engine.startIngestion({ source: 'replay', symbols: ['ETHUSDT'], path: file, speed: '100x' });
    await waitFor('all 40 ticks', () => seen.length === 40);
    expect(seen.map((t) => t.price)).toEqual(Array.from({ length: 40 }, (_, i) => 2300 + i));
    await waitFor('the 1s bars stored', async () => {
      await engine.flush();
      return (await storedBars(engine, 'ETHUSDT', '1s')).length === 2;
    });
    expectBarsOf(seen, '1s', 1000, await storedBars(engine, 'ETHUSDT', '1s'));
  });

  it('rejects a bad file before playing anything, naming its bad rows', async () => {
    const start = engine.startIngestion({ source: 'replay', symbols: ['BTCUSDT'], path: join(FIXTURES, 'bad-BTCUSDT-aggTrades.csv'), speed: 'max' });
    await expect(start).rejects.toThrow(/3 bad rows.*row 4: price is not a number/);
    expect((await engine.status()).state).toBe('error');
    expect(await engine.store.ticks.tickCount()).toBe(0);
  });
});

describe('POST /api/ingestion/start with source replay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-replay-http-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('plays a file of its data directory given by path and speed', async () => {
    // A path from the network must name a file in the server's data directory.
    copyFileSync(BINANCE, join(dir, 'trades.csv'));
    writeFileSync(join(dir, 'notes.txt'), 'not trades\n');
    const server = await startTestServer({ dataDir: dir });
    try {
      const res = await postJson<Status>(`${server.url}/api/ingestion/start`, { source: 'replay', symbols: ['BTCUSDT'], path: 'trades.csv', speed: 'max' });
      expect(res.status).toBe(200);
      expect(res.body.source).toBe('replay');
      await waitFor('600 ticks stored', async () => {
        await server.engine.flush();
        return (await server.engine.store.ticks.tickCount()) === 600;
      });
      const bad = await postJson<ErrorBody>(`${server.url}/api/ingestion/start`, { source: 'replay', symbols: ['BTCUSDT'], path: join(dir, 'trades.csv'), speed: '3x' });
      expect(bad.status).toBe(400);
      const noPath = await postJson<ErrorBody>(`${server.url}/api/ingestion/start`, { source: 'replay', symbols: ['BTCUSDT'] });
      expect(noPath.body.error.message).toMatch(/needs the path/);
      const wrongKind = await postJson<ErrorBody>(`${server.url}/api/ingestion/start`, { source: 'replay', symbols: ['BTCUSDT'], path: 'notes.txt' });
      expect(wrongKind.body.error.message).toMatch(/replay reads .csv, .zip, .ndjson or .jsonl files/);
      const outside = await postJson<ErrorBody>(`${server.url}/api/ingestion/start`, { source: 'replay', symbols: ['BTCUSDT'], path: BINANCE });
      expect(outside.status).toBe(400);
      expect(outside.body.error.code).toBe('invalid_path');
    } finally {
      await server.close();
    }
  });
});
