import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ohlcvBars } from '../../src/bars/ohlcv-bars.js';
import { resampleOhlcv } from '../../src/bars/resample-ohlcv.js';
import type { EpochMs, Price, Qty } from '../../src/core/brand.js';
import { LiveEngine, type BackfillOptions } from '../../src/engine/live-engine.js';
import type { BackfillProgress } from '../../src/engine/kline-backfill.js';
import { FakeBinance } from '../../src/fake-binance/fake-binance.js';
import { fakeFundingRate, FUNDING_INTERVAL_MS } from '../../src/fake-binance/fake-funding.js';
import type { Bar } from '../../src/model/bar.js';
import type { Timeframe } from '../../src/model/timeframe.js';
import { waitFor } from '../helpers/wait-for.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const MINUTE = 60_000;
const LOOKBACK_MS = 30 * MINUTE;

let fake: FakeBinance | null = null;
const engines: LiveEngine[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  await fake?.stop();
  fake = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function engineOn(dbPath: string, f: FakeBinance, backfill: Partial<BackfillOptions> = {}): LiveEngine {
  const engine = new LiveEngine({
    dbPath,
    flushMs: 20,
    env: { TANDEM_BINANCE_WS_URL: f.wsBaseUrl, TANDEM_BINANCE_REST_URL: f.restBaseUrl },
    sources: { binance: { backoff: { baseMs: 50, capMs: 500 }, stall: { minMs: 2000, maxMs: 5000 } } },
    backfill: { lookbackMs: LOOKBACK_MS, ...backfill },
  });
  engines.push(engine);
  return engine;
}

const progressOf = async (engine: LiveEngine, symbol: string): Promise<BackfillProgress | null> =>
  (await engine.status()).symbols.find((s) => s.symbol === symbol)?.backfill ?? null;

/** The tape's own resample of `[from, to)` at `ms`, as bars. */
function tapeBars(f: FakeBinance, symbol: string, from: number, to: number, ms: number): Bar[] {
  const trades = f.emitted(symbol).filter((t) => t.T >= from && t.T < to);
  const c = resampleOhlcv(trades.map((t) => t.T), trades.map((t) => Number(t.p)), trades.map((t) => Number(t.q)), ms);
  return ohlcvBars(c, symbol, (ms === MINUTE ? '1m' : ms === 300_000 ? '5m' : '1s') as Timeframe);
}

/** Stored and expected bars agree: OHLC and trades exactly, volume and vwap to 1e-9 relative (decimal strings on the wire). */
function expectSameBars(got: readonly Bar[], want: readonly Bar[]): void {
  expect(got.map((b) => b.start)).toEqual(want.map((b) => b.start));
  got.forEach((b, i) => {
    const w = want[i]!;
    expect([b.open, b.high, b.low, b.close, b.trades]).toEqual([w.open, w.high, w.low, w.close, w.trades]);
    expect(Math.abs(b.volume - w.volume)).toBeLessThanOrEqual(1e-9 * w.volume);
    expect(Math.abs(b.vwap - w.vwap)).toBeLessThanOrEqual(1e-9 * w.vwap);
  });
}

describe('Binance backfill against the fake exchange', () => {
  it('fills the lookback with 1m and 5m bars equal to the tape, and the forming 5m bucket with its trades from aggTrades', async () => {
    fake = await FakeBinance.start({ symbols: SYMBOLS, tradesPerSecond: 20, seed: 5, historyMs: 40 * MINUTE });
    const dir = mkdtempSync(join(tmpdir(), 'tandem-backfill-'));
    dirs.push(dir);
    const engine = engineOn(join(dir, 'tandem.db'), fake);
    const startedAt = Date.now();
    await engine.startIngestion({ source: 'binance', symbols: SYMBOLS });
    for (const s of SYMBOLS) await waitFor(`${s} backfilled`, async () => (await progressOf(engine, s))?.state === 'done', 20_000);
    const bucket = Math.floor(startedAt / 300_000) * 300_000;
    const from = Math.floor((startedAt - LOOKBACK_MS) / MINUTE) * MINUTE;
    for (const s of SYMBOLS) {
      const p = (await progressOf(engine, s))!;
      expect(p.minutesTotal).toBe((bucket - from) / MINUTE);
      expect(p.minutesDone).toBe(p.minutesTotal);
      const ones = await engine.store.bars.queryBars({ symbol: s, tf: '1m', from, to: bucket, limit: 10_000 });
      expectSameBars(ones, tapeBars(fake, s, from, bucket, MINUTE));
      // 5m buckets wholly inside the lookback: the resample of the klines equals the tape's 5m.
      const fives = await engine.store.bars.queryBars({ symbol: s, tf: '5m', from: Math.ceil(from / 300_000) * 300_000, to: bucket, limit: 10_000 });
      expectSameBars(fives, tapeBars(fake, s, Math.ceil(from / 300_000) * 300_000, bucket, 300_000));
    }
    // The forming bucket: every trade from its start is stored (from aggTrades, then live), so its bars equal the tape.
    await new Promise((r) => setTimeout(r, 800));
    fake.pause();
    const pausedAt = Date.now();
    for (const s of SYMBOLS) {
      const truth = fake.emitted(s).filter((t) => t.T >= bucket).map((t) => t.a);
      await waitFor(`${s}: stored ticks equal the tape from the 5m bucket`, async () => {
        await engine.flush();
        const ids = (await engine.store.ticks.queryTicks({ symbol: s, limit: 1_000_000 })).map((t) => t.tradeId).sort((a, b) => a - b);
        return ids.length === truth.length && ids.every((id, i) => id === truth[i]);
      }, 20_000);
    }
    await waitFor('the 1s bars of the forming bucket to equal the tape', async () => {
      await engine.reviseLateBars();
      await engine.flush();
      const got = await engine.store.bars.queryBars({ symbol: 'BTCUSDT', tf: '1s', from: bucket, limit: 1_000_000 });
      const want = tapeBars(fake!, 'BTCUSDT', bucket, pausedAt + 1, 1000);
      return got.length === want.length && got.every((b, i) => b.start === want[i]!.start && b.close === want[i]!.close && b.trades === want[i]!.trades);
    }, 15_000);
  });

  it('resumes after a restart mid-backfill without refetching, duplicating or overwriting bars built from ticks, and slows down when the used weight is high', async () => {
    fake = await FakeBinance.start({ symbols: SYMBOLS, tradesPerSecond: 20, seed: 6, historyMs: 40 * MINUTE });
    const dir = mkdtempSync(join(tmpdir(), 'tandem-backfill-'));
    dirs.push(dir);
    const db = join(dir, 'tandem.db');
    const now = Date.now();
    const from = Math.floor((now - LOOKBACK_MS) / MINUTE) * MINUTE;
    const bucket = Math.floor(now / 300_000) * 300_000;
    // A bar built from stored ticks in the middle of the window: the backfill must leave it alone.
    const tickBar: Bar = { symbol: 'BTCUSDT', tf: '1m' as Timeframe, start: (from + 10 * MINUTE) as EpochMs, open: 1 as Price, high: 2 as Price, low: 1 as Price, close: 2 as Price, volume: 3 as Qty, vwap: 1.5 as Price, trades: 7 };

    // Run 1: another client sharing the IP has used 1500 of the 2400: above the backfill's
    // threshold (1200), so each of its calls pauses first, while the live feed's (1920) is not reached.
    fake.reportRestWeight(1500, 1_000_000);
    const first = engineOn(db, fake, { pageSize: 3, weightThreshold: 1200, weightPauseMs: 150 });
    await first.store.bars.upsertBars([tickBar], 'live');
    await first.startIngestion({ source: 'binance', symbols: SYMBOLS });
    const mid = await waitFor('run 1 part way', async () => {
      const p = await progressOf(first, 'BTCUSDT');
      return p !== null && p.minutesDone >= 7 ? p : false;
    }, 20_000);
    expect(mid.minutesDone).toBeLessThan(mid.minutesTotal);
    expect(mid.weightWaits).toBeGreaterThan(0);
    await first.close();
    engines.splice(engines.indexOf(first), 1);
    expect(fake.stats().rest429Served).toBe(0);
    const klineCalls1 = fake.stats().restCallsByPath['/fapi/v1/klines'] ?? 0;

    // Run 2: the budget is free again; it continues from what run 1 stored.
    fake.reportRestWeight(0, 0);
    const second = engineOn(db, fake, { pageSize: 3 });
    await second.startIngestion({ source: 'binance', symbols: SYMBOLS });
    for (const s of SYMBOLS) await waitFor(`${s} backfilled`, async () => (await progressOf(second, s))?.state === 'done', 20_000);
    const p = (await progressOf(second, 'BTCUSDT'))!;
    expect(p.minutesPresent).toBeGreaterThanOrEqual(mid.minutesDone);
    expect(p.minutesDone).toBe(p.minutesTotal);
    // Run 2 asks only for the missing minutes of BTCUSDT: pages of 3 over at most two runs of them (the tick bar may split one).
    expect(p.requests).toBeLessThanOrEqual(Math.ceil((p.minutesTotal - p.minutesPresent) / 3) + 1);
    expect(fake.stats().restCallsByPath['/fapi/v1/klines']).toBeGreaterThan(klineCalls1);

    const ones = await second.store.bars.queryBars({ symbol: 'BTCUSDT', tf: '1m', from, to: bucket, limit: 10_000 });
    expect(new Set(ones.map((b) => b.start)).size).toBe(ones.length);
    expect(ones.find((b) => b.start === tickBar.start)).toEqual(tickBar);
    const want = tapeBars(fake, 'BTCUSDT', from, bucket, MINUTE).map((b) => (b.start === tickBar.start ? tickBar : b));
    expectSameBars(ones, want);
    expect(fake.stats().rest429Served).toBe(0);
  });

  it('stores the funding rates of the lookback, equal to the exchange\'s, every 8 hours', async () => {
    fake = await FakeBinance.start({ symbols: SYMBOLS, tradesPerSecond: 20, seed: 7, historyMs: 10 * MINUTE });
    const dir = mkdtempSync(join(tmpdir(), 'tandem-backfill-'));
    dirs.push(dir);
    const lookbackMs = 3 * 86_400_000;
    const engine = engineOn(join(dir, 'tandem.db'), fake, { lookbackMs });
    const startedAt = Date.now();
    await engine.startIngestion({ source: 'binance', symbols: SYMBOLS });
    for (const s of SYMBOLS) await waitFor(`${s} backfilled`, async () => (await progressOf(engine, s))?.state === 'done', 20_000);
    const from = Math.floor((startedAt - lookbackMs) / MINUTE) * MINUTE;
    expect(fake.stats().restCallsByPath['/fapi/v1/fundingRate']).toBe(SYMBOLS.length);
    for (const s of SYMBOLS) {
      const stored = await engine.store.funding.queryFunding({ symbol: s, from, limit: 1000 });
      // 00:00, 08:00 and 16:00 UTC of three days: 9 or 10 settlements, each the fake's rate.
      const times = [];
      for (let t = Math.ceil(from / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS; t <= Date.now(); t += FUNDING_INTERVAL_MS) times.push(t);
      expect(stored.map((r) => r.ts)).toEqual(times);
      expect(stored.map((r) => r.rate)).toEqual(times.map((t) => Number(fakeFundingRate(s, t))));
      expect(new Set(stored.map((r) => r.rate)).size).toBeGreaterThan(1);
      // And every field as the exchange answers it (mark prices "" before its tape: NaN).
      const answer = (await fetch(`${fake.restBaseUrl}/fapi/v1/fundingRate?symbol=${s}&startTime=${from}&limit=1000`).then((r) => r.json())) as { fundingTime: number; fundingRate: string; markPrice: string }[];
      expect(stored.map((r) => [r.ts, r.rate, r.markPrice])).toEqual(answer.map((a) => [a.fundingTime, Number(a.fundingRate), a.markPrice === '' ? Number.NaN : Number(a.markPrice)]));
    }
  });
});
