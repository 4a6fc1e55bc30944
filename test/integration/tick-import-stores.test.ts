/**
 * The streaming tick import on both stores (issue 14, item 1): SQLite through its attached
 * staging file, PostgreSQL through COPY into temporary tables in one transaction. The same
 * files give the same answers and the same stored ticks and bars on both; a bad last row past
 * one batch leaves the store exactly as before; a repeated file is skipped by its SHA-256; a
 * file out of order with repeats and time going back names the same rows on both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resampleOhlcv } from '../../src/bars/resample-ohlcv.js';
import { aggTradesDumpText } from '../../src/fake-binance/agg-trades-dump.js';
import { InvalidFileError } from '../../src/ingest/replay/tick-file-format.js';
import { importTicksInto } from '../../src/jobs/tick-import/import-into-store.js';
import type { MarketStores } from '../../src/store/market-stores.js';
import { PostgresMarketStores } from '../../src/store/postgres/postgres-market-stores.js';
import { SqliteMarketStores } from '../../src/store/sqlite/sqlite-market-stores.js';
import { bytesOf, STORED_TFS } from '../helpers/tick-files.js';
import { dropSchemas, PG_URL, postgresAvailable, uniqueSchema } from '../helpers/postgres-service.js';

const TFS = STORED_TFS;

async function contents(s: MarketStores, symbol: string): Promise<{ ticks: unknown[]; bars: unknown[][]; summaries: unknown }> {
  const ticks = await s.ticks.queryTicks({ symbol, limit: 1_000_000 });
  const bars = await Promise.all(TFS.map((tf) => s.bars.queryBars({ symbol, tf: tf.label, limit: 1_000_000 })));
  return { ticks, bars, summaries: await s.ticks.symbolSummaries() };
}

const available = await postgresAvailable();
const prefix = uniqueSchema('tick_import');
const dir = mkdtempSync(join(tmpdir(), 'tandem-import-stores-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (available) await dropSchemas(prefix);
});

let n = 0;
const kinds: [string, () => Promise<MarketStores>][] = [['SQLite', () => Promise.resolve(SqliteMarketStores.open(join(dir, `s-${++n}.db`)))]];
if (available) kinds.push(['PostgreSQL', () => PostgresMarketStores.open({ url: PG_URL, schema: `${prefix}_${++n}` })]);

describe.each(kinds)('streaming tick import into %s', (_kind, open) => {
  const withStore = async (f: (s: MarketStores) => Promise<void>): Promise<void> => {
    const s = await open();
    try {
      await f(s);
    } finally {
      await s.close();
    }
  };

  it('stores a dump past one batch with bars equal to resampling its ticks, and skips the same bytes again', async () => {
    await withStore(async (s) => {
      const text = aggTradesDumpText({ rows: 70_000, seed: 21 });
      const r = await importTicksInto(s, bytesOf(text), { name: 'BTCUSDT-aggTrades-2024-01-01.csv', timeframes: TFS });
      expect(r).toMatchObject({ skipped: false, rows: 70_000, inserted: 70_000, duplicates: 0, format: 'binance' });
      const { ticks, bars } = await contents(s, 'BTCUSDT');
      expect(ticks.length).toBe(70_000);
      const t = ticks as { ts: number; price: number; qty: number; source: string }[];
      expect(t.every((x) => x.source === 'import')).toBe(true);
      TFS.forEach((tf, k) => {
        const cols = resampleOhlcv(t.map((x) => x.ts), t.map((x) => x.price), t.map((x) => x.qty), tf.ms);
        const got = bars[k] as { start: number; open: number; high: number; low: number; close: number; trades: number }[];
        expect(got.map((b) => b.start)).toEqual(Array.from(cols.ts));
        expect(got.map((b) => [b.open, b.high, b.low, b.close, b.trades])).toEqual(Array.from(cols.ts, (_, i) => [cols.open[i], cols.high[i], cols.low[i], cols.close[i], cols.count[i]]));
      });
      expect(r.bars).toBe(bars.reduce((a, b) => a + b.length, 0));
      expect(await s.ticks.tickCount()).toBe(70_000);
      const again = await importTicksInto(s, bytesOf(text), { name: 'BTCUSDT-aggTrades-2024-01-01.csv', timeframes: TFS });
      expect(again).toMatchObject({ skipped: true, sha256: r.sha256 });
      const forced = await importTicksInto(s, bytesOf(text), { name: 'BTCUSDT-aggTrades-2024-01-01.csv', timeframes: TFS, force: true });
      expect(forced).toMatchObject({ skipped: false, inserted: 0, duplicates: 70_000 });
      expect(await s.ticks.tickCount()).toBe(70_000);
    });
  });

  it('rejects a bad last row past one batch and leaves the store exactly as before', async () => {
    await withStore(async (s) => {
      await importTicksInto(s, bytesOf(aggTradesDumpText({ rows: 3_000, seed: 22, startMs: Date.UTC(2023, 11, 31), firstId: 1 })), { name: 'BTCUSDT-aggTrades-2023-12-31.csv', timeframes: TFS });
      const before = await contents(s, 'BTCUSDT');
      const bad = aggTradesDumpText({ rows: 70_000, seed: 23 }) + '1999999999,12;5,1,1,1,1704100000000,true\n';
      const e = await importTicksInto(s, bytesOf(bad), { name: 'BTCUSDT-aggTrades-2024-01-01.csv', timeframes: TFS }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InvalidFileError);
      expect((e as InvalidFileError).rows).toEqual([{ row: 70_002, reason: "price is not a number ('12;5')" }]);
      expect(await contents(s, 'BTCUSDT')).toEqual(before);
    });
  });

  it('names the same rows of a file out of order, with repeats and time going back', async () => {
    await withStore(async (s) => {
      const t0 = Date.UTC(2024, 0, 1);
      const rows = [
        [5, 1000],
        [3, 900],
        [5, 1000],
        [4, 800],
        [6, 1200],
      ].map(([id, dt]) => `${id},100.5,1,${id},${id},${t0 + dt!},false`);
      const e = await importTicksInto(s, bytesOf(rows.join('\n')), { symbol: 'BTCUSDT', timeframes: TFS }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InvalidFileError);
      expect((e as InvalidFileError).rows).toEqual([{ row: 4, reason: `transact_time ${t0 + 800} is earlier than that of agg_trade_id 3 (row 2), which comes before it` }]);
      const good = [
        [5, 1000],
        [3, 900],
        [5, 1000],
        [4, 950],
      ].map(([id, dt]) => `${id},100.5,1,${id},${id},${t0 + dt!},false`);
      const r = await importTicksInto(s, bytesOf(good.join('\n')), { symbol: 'BTCUSDT', timeframes: TFS });
      expect(r).toMatchObject({ inserted: 3, duplicates: 1 });
      expect(((await contents(s, 'BTCUSDT')).ticks as { tradeId: number }[]).map((x) => x.tradeId)).toEqual([3, 4, 5]);
    });
  });
});
