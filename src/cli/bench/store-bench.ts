/**
 * Benchmarks of the tick stores through the `TickStore` port: `appendTicks` in batches of 64,
 * 1,000 and 10,000 rows (a live flush, an import chunk, a bus batch), four PostgreSQL writers
 * at once, and a streamed read of the whole range. SQLite runs on a temporary file;
 * PostgreSQL runs when `TANDEM_PG_URL` (or `TANDEM_BENCH_PG_URL`) names a server, in a schema
 * of its own that is dropped afterwards. Each figure is ticks per second of one timed run on
 * fresh stores (a store that already holds the rows would only count duplicates).
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BasketModel } from '../../ingest/simulator/basket-model.js';
import type { Tick } from '../../model/tick.js';
import type { MarketStores } from '../../store/market-stores.js';
import { PostgresMarketStores } from '../../store/postgres/postgres-market-stores.js';
import { SqliteMarketStores } from '../../store/sqlite/sqlite-market-stores.js';
import type { BenchResult } from './bench-result.js';

/** Rows written per batch size: enough to time, little enough that small batches finish. */
const PLAN: readonly { readonly batch: number; readonly rows: number }[] = [
  { batch: 64, rows: 32_000 },
  { batch: 1_000, rows: 200_000 },
  { batch: 10_000, rows: 200_000 },
];

function simulatedTicks(n: number): Tick[] {
  const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'];
  const model = new BasketModel({ symbols, seed: 11, startMs: 1_795_000_000_000, tradesPerSecond: 2000 });
  const ticks = model.advanceTo(1_795_000_000_000 + (n / 2000) * 1000 + 20_000);
  if (ticks.length < n) throw new Error(`store bench: the simulator made ${ticks.length} ticks, fewer than ${n}`);
  return ticks.slice(0, n);
}

async function appendRate(stores: MarketStores, ticks: readonly Tick[], batch: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < ticks.length; i += batch) await stores.ticks.appendTicks(ticks.slice(i, i + batch));
  return ticks.length / ((performance.now() - t0) / 1000);
}

async function streamRate(stores: MarketStores, symbol: string): Promise<{ n: number; rate: number }> {
  const t0 = performance.now();
  let n = 0;
  for await (const b of stores.ticks.streamTicks({ symbol }, 10_000)) n += b.length;
  return { n, rate: n / ((performance.now() - t0) / 1000) };
}

const result = (name: string, n: number, value: number): BenchResult => ({ name, n, unit: 'per_s', value: Math.round(value), runs: 1 });

export async function runStoreBench(env: Readonly<Record<string, string | undefined>> = process.env): Promise<BenchResult[]> {
  const ticks = simulatedTicks(Math.max(...PLAN.map((p) => p.rows)));
  const results: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tandem-store-bench-'));
  try {
    for (const { batch, rows } of PLAN) {
      const stores = SqliteMarketStores.open(join(dir, `append-${batch}.db`));
      try {
        results.push(result(`store.sqlite.append_ticks.batch_${batch}`, rows, await appendRate(stores, ticks.slice(0, rows), batch)));
        if (batch === 10_000) {
          const s = await streamRate(stores, 'BTCUSDT');
          results.push(result('store.sqlite.stream_ticks', s.n, s.rate));
        }
      } finally {
        await stores.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const url = env['TANDEM_BENCH_PG_URL'] ?? env['TANDEM_PG_URL'];
  if (url === undefined || url === '') {
    process.stderr.write('store bench: TANDEM_PG_URL is not set; PostgreSQL figures skipped\n');
    return results;
  }
  const schema = `tandem_bench_${process.pid}`;
  let k = 0;
  const fresh = async (): Promise<PostgresMarketStores> => PostgresMarketStores.open({ url, schema: `${schema}_${k++}` });
  const opened: PostgresMarketStores[] = [];
  try {
    for (const { batch, rows } of PLAN) {
      const stores = await fresh();
      opened.push(stores);
      results.push(result(`store.postgres.append_ticks.batch_${batch}`, rows, await appendRate(stores, ticks.slice(0, rows), batch)));
      if (batch === 10_000) {
        const s = await streamRate(stores, 'BTCUSDT');
        results.push(result('store.postgres.stream_ticks', s.n, s.rate));
      }
    }
    // Four writers on one schema, each with its own quarter of the rows, 1,000-row batches.
    const shared = await fresh();
    opened.push(shared);
    const rows = 200_000;
    const quarters = [0, 1, 2, 3].map((q) => ticks.slice((q * rows) / 4, ((q + 1) * rows) / 4));
    const t0 = performance.now();
    await Promise.all(quarters.map((part) => appendRate(shared, part, 1_000)));
    results.push(result('store.postgres.append_ticks.4_writers_batch_1000', rows, rows / ((performance.now() - t0) / 1000)));
  } finally {
    const first = opened[0];
    if (first !== undefined) for (let i = 0; i < k; i++) await first.pool.query(`DROP SCHEMA IF EXISTS ${schema}_${i} CASCADE`);
    for (const s of opened) await s.close();
  }
  return results;
}
