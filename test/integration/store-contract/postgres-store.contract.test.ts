/**
 * The store contract on the real PostgreSQL (TANDEM_TEST_PG_URL, default 127.0.0.1:5432/test):
 * each store a schema of its own under this file's prefix, all dropped afterwards. Under
 * CI=true an unreachable server fails the file; elsewhere it is skipped with a message.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migratePostgres, PG_SCHEMA_VERSION } from '../../../src/store/postgres/pg-migrations.js';
import { PostgresMarketStores } from '../../../src/store/postgres/postgres-market-stores.js';
import { DAY_MS, partitionName } from '../../../src/store/postgres/tick-partitions.js';
import { dropSchemas, PG_URL, postgresAvailable, uniqueSchema } from '../../helpers/postgres-service.js';
import { describeStoreContract, tick, type StoreHandle } from './store-contract.js';

const available = await postgresAvailable();
const prefix = uniqueSchema('contract');
let n = 0;

afterAll(async () => {
  if (available) await dropSchemas(prefix);
});

async function withClient<T>(schema: string, body: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

const handle = (schema: string): StoreHandle => ({
  open: () => PostgresMarketStores.open({ url: PG_URL, schema, maxConnections: 4 }),
  schemaVersion: () => withClient(schema, async (c) => (await c.query<{ v: number }>('SELECT max(version) AS v FROM tandem_schema_migrations')).rows[0]!.v),
  markNewer: () => withClient(schema, async (c) => void (await c.query("INSERT INTO tandem_schema_migrations (version, description) VALUES ($1, 'from the future')", [PG_SCHEMA_VERSION + 1]))),
});

describe.skipIf(!available)('PostgreSQL store', () => {
  describeStoreContract('PostgreSQL', {
    latestVersion: PG_SCHEMA_VERSION,
    previousVersion: 1,
    create: () => Promise.resolve(handle(`${prefix}_${n++}`)),
    createAtPreviousVersion: async (ticks, bars) => {
      const schema = `${prefix}_${n++}`;
      await withClient(schema, async (c) => {
        // Version 1, before tick_stats: the rows below are written as that Tandem wrote them, and
        // version 2's migration must count them (later versions keep the stats on every write).
        await migratePostgres(c, schema, 1);
        for (const day of new Set(ticks.map((t) => Math.floor(t.ts / DAY_MS)))) {
          await c.query(`CREATE TABLE ${partitionName(day)} PARTITION OF ticks FOR VALUES FROM (${day * DAY_MS}) TO (${(day + 1) * DAY_MS})`);
        }
        for (const t of ticks) {
          await c.query('INSERT INTO ticks (symbol, trade_id, ts, price, qty, buyer_maker, source) VALUES ($1, $2, $3, $4, $5, $6, $7)', [t.symbol, t.tradeId, t.ts, t.price, t.qty, t.buyerMaker, t.source]);
        }
        for (const b of bars) {
          await c.query('INSERT INTO bars (symbol, tf, start, open, high, low, close, volume, vwap, trades) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [b.symbol, b.tf, b.start, b.open, b.high, b.low, b.close, b.volume, b.vwap, b.trades]);
        }
      });
      return handle(schema);
    },
  });

  // Where the adapters differ, on purpose (docs/architecture.md, "Stores"): the partitioned
  // table's unique key holds ts, so only a re-delivery (same trade, same time) conflicts.
  it('stores a different tick that reuses a trade id at another time (SQLite drops it)', async () => {
    const s = await handle(`${prefix}_${n++}`).open();
    try {
      expect(await s.ticks.appendTicks([tick('BTCUSDT', 1, 1_795_000_000_000), tick('BTCUSDT', 1, 1_795_000_000_001)])).toEqual({ inserted: 2, duplicates: 0 });
    } finally {
      await s.close();
    }
  });

  it('keeps writes and queries going while slow streamed reads hold their connections', async () => {
    const s = await handle(`${prefix}_${n++}`).open();
    const T = 1_795_000_000_000;
    await s.ticks.appendTicks(Array.from({ length: 100 }, (_, i) => tick('BTCUSDT', i + 1, T + i)));
    // As many open streams as the write pool has connections (4 in this file), each paused after its first batch.
    const streams = Array.from({ length: 4 }, () => s.ticks.streamTicks({ symbol: 'BTCUSDT' }, 10)[Symbol.asyncIterator]());
    try {
      for (const it of streams) expect((await it.next()).value).toHaveLength(10);
      for (let k = 0; k < 6; k++) await s.ticks.appendTicks([tick('ETHUSDT', k + 1, T + k)]);
      expect(await s.ticks.tickCount()).toBe(106);
      expect(await s.ticks.queryTicks({ symbol: 'ETHUSDT', limit: 10 })).toHaveLength(6);
    } finally {
      for (const it of streams) await it.return?.();
      await s.close();
    }
  });
});
