/**
 * Benchmarks of the tick stores through the `TickStore` port: `appendTicks` in batches of 64,
 * 1,000 and 10,000 rows (a live flush, an import chunk, a bus batch), four PostgreSQL writers
 * at once, and a streamed read of the whole range. SQLite runs on a temporary file;
 * PostgreSQL runs when `TANDEM_PG_URL` (or `TANDEM_BENCH_PG_URL`) names a server, in a schema
 * of its own that is dropped afterwards. Each figure is ticks per second of one timed run on
 * fresh stores (a store that already holds the rows would only count duplicates).
 *
 * `store.postgres.values_insert.batch_1000` times the alternative the adapter does not use: the
 * same statement with the rows as a multi-row `VALUES` list of 7 parameters each instead of
 * seven arrays through `unnest`, kept so the choice can be re-checked.
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

/** The adapter's append statement with a `VALUES` list in place of `unnest` (for comparison only). */
async function valuesRate(stores: PostgresMarketStores, ticks: readonly Tick[], batch: number): Promise<number> {
  await stores.ticks.appendTicks(ticks.slice(0, 1)); // makes the partitions, as the adapter would
  const t0 = performance.now();
  for (let i = 1; i < ticks.length; i += batch) {
    const rows = [...ticks.slice(i, i + batch)].sort((x, y) => (x.symbol < y.symbol ? -1 : x.symbol > y.symbol ? 1 : x.ts - y.ts || x.tradeId - y.tradeId));
    const args: unknown[] = [];
    const values = rows.map((t) => {
      const k = args.push(t.symbol, t.tradeId, t.ts, t.price, t.qty, t.buyerMaker, t.source) - 7;
      return `($${k + 1}::text, $${k + 2}::bigint, $${k + 3}::bigint, $${k + 4}::float8, $${k + 5}::float8, $${k + 6}::boolean, $${k + 7}::text)`;
    });
    await stores.pool.query(
      `WITH ins AS (INSERT INTO ticks (symbol, trade_id, ts, price, qty, buyer_maker, source) VALUES ${values.join(', ')} ON CONFLICT DO NOTHING RETURNING symbol, source, ts, trade_id),
       added AS (SELECT symbol, source, count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts, max(trade_id) AS max_trade_id FROM ins GROUP BY symbol, source),
       stats AS (INSERT INTO tick_stats AS s (symbol, source, n, first_ts, last_ts, max_trade_id) SELECT * FROM added ORDER BY symbol, source
         ON CONFLICT (symbol, source) DO UPDATE SET n = s.n + excluded.n, first_ts = least(s.first_ts, excluded.first_ts),
           last_ts = greatest(s.last_ts, excluded.last_ts), max_trade_id = greatest(s.max_trade_id, excluded.max_trade_id))
       SELECT coalesce(sum(n), 0)::bigint AS inserted FROM added`,
      args,
    );
  }
  return (ticks.length - 1) / ((performance.now() - t0) / 1000);
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
    const values = await fresh();
    opened.push(values);
    results.push(result('store.postgres.values_insert.batch_1000', 200_000, await valuesRate(values, ticks.slice(0, 200_000), 1_000)));
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
