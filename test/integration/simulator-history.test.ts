import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { EpochMs, Price, Qty } from '../../src/core/brand.js';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { FUNDING_INTERVAL_MS, simulatedFundingRate } from '../../src/ingest/simulator/simulated-funding.js';
import type { Bar } from '../../src/model/bar.js';
import type { Timeframe } from '../../src/model/timeframe.js';
import { waitFor } from '../helpers/wait-for.js';

const HOUR = 3_600_000;
let dir: string | null = null;
let engine: LiveEngine | null = null;

afterEach(async () => {
  await engine?.close();
  engine = null;
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('serve --history with the simulator', () => {
  it('opens with the past as 1m and 5m bars of source simulated, filling only what ticks do not cover, and live bars from the bucket start', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-history-'));
    const db = join(dir, 'tandem.db');
    engine = new LiveEngine({ dbPath: db, flushMs: 20, simulatorHistoryMs: 3 * HOUR });
    const now = Date.now();
    const bucket = Math.floor(now / 300_000) * 300_000;
    const from = Math.floor((bucket - 3 * HOUR) / 60_000) * 60_000;
    // A bar built from ticks inside the window: the generated past leaves it alone.
    const tickBar: Bar = { symbol: 'BTCUSDT', tf: '1m' as Timeframe, start: (from + 60 * 60_000) as EpochMs, open: 1 as Price, high: 2 as Price, low: 1 as Price, close: 2 as Price, volume: 3 as Qty, vwap: 1.5 as Price, trades: 7 };
    await engine.store.bars.upsertBars([tickBar], 'live');
    await engine.startIngestion({ source: 'simulator', symbols: ['BTCUSDT', 'ETHUSDT'], seed: 9 });
    const ones = await engine.store.bars.queryBars({ symbol: 'BTCUSDT', tf: '1m', from, to: bucket, limit: 10_000 });
    // BTCUSDT trades about 2.3 times a second in the past: every one of the 180 minutes has trades.
    expect(ones.length).toBe((bucket - from) / 60_000);
    expect(ones.find((b) => b.start === tickBar.start)).toEqual(tickBar);
    const fives = await engine.store.bars.queryBars({ symbol: 'ETHUSDT', tf: '5m', from, to: bucket, limit: 10_000 });
    expect(fives.length).toBe((bucket - from) / 300_000);
    // The past's funding settlements (00:00, 08:00, 16:00 UTC) are stored with the seed's rates.
    const settlements: number[] = [];
    for (let t = Math.ceil(from / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS; t < bucket; t += FUNDING_INTERVAL_MS) settlements.push(t);
    const funding = await engine.store.funding.queryFunding({ symbol: 'ETHUSDT', from, to: bucket, limit: 100 });
    expect(funding.map((f) => [f.ts, f.rate])).toEqual(settlements.map((t) => [t, simulatedFundingRate(9, 'ETHUSDT', t)]));
    // The past ends where the live trades begin: the bucket's trades arrive at once, from its start.
    await waitFor('live ticks of the current bucket stored', async () => {
      await engine!.flush();
      const ticks = await engine!.store.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 1_000_000 });
      return ticks.length > 0 && ticks.every((t) => t.ts >= bucket) && ticks[0]!.ts - bucket < 5000;
    });
    await engine.close();
    engine = null;
    const conn = new Database(db, { readonly: true });
    try {
      const rows = conn.prepare("SELECT source, count(*) AS n FROM bars WHERE tf = '1m' AND start < ? GROUP BY source ORDER BY source").all(bucket);
      expect(rows).toEqual([
        { source: 'live', n: 1 },
        { source: 'simulated', n: 2 * ((bucket - from) / 60_000) - 1 },
      ]);
    } finally {
      conn.close();
    }
  });
});
