/**
 * Benchmarks of the Redis Streams bus (docs/scaling.md): how fast a worker publishes (one
 * entry per batch against one entry per tick, the reason entries hold batches), and ticks per
 * second end to end, from `publish` into the store through the store group: a publisher
 * pushing as fast as it can while one or two group members commit into SQLite or PostgreSQL,
 * timed until the last tick is committed and acknowledged. Redis from `TANDEM_REDIS_URL`
 * (default 127.0.0.1:6379); PostgreSQL when `TANDEM_PG_URL` (or `TANDEM_BENCH_PG_URL`) is set.
 * Each run uses its own key prefix and schema, removed afterwards. `TANDEM_BENCH_BUS_TICKS`
 * sets the ticks per run (default 100,000).
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeRedis, openRedis } from '../../bus/redis/redis-client.js';
import { RedisBus } from '../../bus/redis/redis-bus.js';
import { BasketModel } from '../../ingest/simulator/basket-model.js';
import type { Tick } from '../../model/tick.js';
import type { MarketStores } from '../../store/market-stores.js';
import { PostgresMarketStores } from '../../store/postgres/postgres-market-stores.js';
import { SqliteMarketStores } from '../../store/sqlite/sqlite-market-stores.js';
import type { BenchResult } from './bench-result.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'];

function simulatedTicks(n: number): Tick[] {
  const model = new BasketModel({ symbols: SYMBOLS, seed: 5, startMs: 1_795_000_000_000, tradesPerSecond: 2000 });
  const ticks = model.advanceTo(1_795_000_000_000 + (n / 2000) * 1000 + 20_000);
  if (ticks.length < n) throw new Error(`bus bench: the simulator made ${ticks.length} ticks, fewer than ${n}`);
  return ticks.slice(0, n);
}

const result = (name: string, n: number, value: number): BenchResult => ({ name, n, unit: 'per_s', value: Math.round(value), runs: 1 });

/** Publishes `ticks` in batches of `batch` ticks (over all symbols: one entry per symbol each); ticks/s. */
async function publishRate(bus: RedisBus, ticks: readonly Tick[], batch: number): Promise<number> {
  const pub = bus.publisher();
  const t0 = performance.now();
  // Four publishes in flight, as a worker's queue keeps the pipe busy without reordering a symbol.
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < ticks.length; i += batch) {
    inFlight.push(pub.publish(ticks.slice(i, i + batch)));
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
  return ticks.length / ((performance.now() - t0) / 1000);
}

/** Publishes `ticks` while `members` group members commit them to `stores`; ticks/s until all are committed and acknowledged. */
async function endToEndRate(url: string, prefix: string, stores: MarketStores, ticks: readonly Tick[], members: number): Promise<number> {
  const bus = await RedisBus.open({ url, prefix, consumer: { blockMs: 50, discoverEveryMs: 20, count: 500 } });
  let committed = 0;
  const consumers = Array.from({ length: members }, () => bus.groupConsumer());
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const t0 = performance.now();
  for (const c of consumers)
    c.start(async (batch) => {
      await stores.ticks.appendTicks(batch);
      committed += batch.length;
      if (committed >= ticks.length) done();
    });
  await publishRate(bus, ticks, 500);
  await all;
  const rate = ticks.length / ((performance.now() - t0) / 1000);
  await Promise.all(consumers.map((c) => c.stop()));
  await bus.deleteAll();
  await bus.close();
  return rate;
}

export async function runBusBench(env: Readonly<Record<string, string | undefined>> = process.env): Promise<BenchResult[]> {
  const url = env['TANDEM_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  try {
    await closeRedis(await openRedis(url, { name: 'tandem-bench-probe' }));
  } catch (e) {
    process.stderr.write(`bus bench: Redis at ${url} does not answer (${e instanceof Error ? e.message : String(e)}); bus figures skipped\n`);
    return [];
  }
  const n = Number(env['TANDEM_BENCH_BUS_TICKS'] ?? 100_000);
  if (!Number.isSafeInteger(n) || n < 1000) throw new Error(`TANDEM_BENCH_BUS_TICKS '${env['TANDEM_BENCH_BUS_TICKS']}' must be an integer ≥ 1000`);
  const ticks = simulatedTicks(n);
  const results: BenchResult[] = [];
  const prefix = `tandem-bench-${process.pid}`;

  const bus = await RedisBus.open({ url, prefix: `${prefix}-pub` });
  try {
    results.push(result('bus.publish.batch_500', n, await publishRate(bus, ticks, 500)));
    await bus.deleteAll();
    // One entry per tick: the same ticks, 20,000 of them (it is slow).
    const few = ticks.slice(0, Math.min(n, 20_000));
    results.push(result('bus.publish.entry_per_tick', few.length, await publishRate(bus, few, 1)));
    await bus.deleteAll();
  } finally {
    await bus.close();
  }

  const dir = mkdtempSync(join(tmpdir(), 'tandem-bus-bench-'));
  try {
    const sqlite = SqliteMarketStores.open(join(dir, 'bus.db'));
    try {
      results.push(result('bus.to_sqlite.1_consumer', n, await endToEndRate(url, `${prefix}-sqlite`, sqlite, ticks, 1)));
    } finally {
      await sqlite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const pgUrl = env['TANDEM_BENCH_PG_URL'] ?? env['TANDEM_PG_URL'];
  if (pgUrl === undefined || pgUrl === '') {
    process.stderr.write('bus bench: TANDEM_PG_URL is not set; bus → PostgreSQL figures skipped\n');
    return results;
  }
  for (const members of [1, 2]) {
    const schema = `tandem_bench_bus_${process.pid}_${members}`;
    const pgStores = await PostgresMarketStores.open({ url: pgUrl, schema });
    try {
      results.push(result(`bus.to_postgres.${members}_consumer${members > 1 ? 's' : ''}`, n, await endToEndRate(url, `${prefix}-pg${members}`, pgStores, ticks, members)));
    } finally {
      await pgStores.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pgStores.close();
    }
  }
  return results;
}
