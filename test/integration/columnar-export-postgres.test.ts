/**
 * The Parquet and Arrow exports from a PostgreSQL store, which are read with async I/O and
 * encoded on the event loop (no job worker can open the store): the same rows as the CSV
 * export of that store, in batches of `COLUMNAR_BATCH_ROWS`, with the event loop turning
 * between batches. Under CI=true a PostgreSQL that does not answer fails the file.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { COLUMNAR_BATCH_ROWS } from '../../src/engine/columnar-export.js';
import { tickCsv } from '../../src/engine/csv-export.js';
import { BasketModel } from '../../src/ingest/simulator/basket-model.js';
import { columnarExportStream } from '../../src/jobs/columnar-export-job.js';
import { JobPool } from '../../src/jobs/job-pool.js';
import { DEFAULT_TIMEFRAMES, parseTimeframe, type TimeframeSpec } from '../../src/model/timeframe.js';
import { PostgresMarketStores } from '../../src/store/postgres/postgres-market-stores.js';
import { duckQuery } from '../helpers/duckdb.js';
import { dropSchemas, PG_URL, postgresAvailable, uniqueSchema } from '../helpers/postgres-service.js';

const tf = (label: string): TimeframeSpec => (parseTimeframe(label) as { ok: true; value: TimeframeSpec }).value;
const STORED = DEFAULT_TIMEFRAMES.map(tf);
const START = 1_795_000_000_000;

const available = await postgresAvailable();
const schema = uniqueSchema('columnar');

async function collect(stream: AsyncIterable<Buffer | Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of stream) parts.push(c);
  return Buffer.concat(parts);
}

describe.skipIf(!available)('Parquet and Arrow exports from PostgreSQL', () => {
  let stores: PostgresMarketStores;
  const pool = new JobPool({ workers: 1 });
  let n = 0;
  afterAll(async () => {
    await stores?.close();
    await pool.close();
    await dropSchemas(schema);
  });

  it('writes the CSV export\'s ticks in batches, turning the event loop between them', async () => {
    stores = await PostgresMarketStores.open({ url: PG_URL, schema });
    const ticks = new BasketModel({ symbols: ['BTCUSDT'], seed: 9, startMs: START, tradesPerSecond: 1000 }).advanceTo(START + 30_000);
    await stores.ticks.appendTicks(ticks);
    n = ticks.length;
    expect(n).toBeGreaterThan(5 * COLUMNAR_BATCH_ROWS);
    const range = { symbol: 'BTCUSDT' };

    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const bytes = await collect(columnarExportStream(pool, stores, STORED, { table: 'ticks', range }, 'parquet', START + 60_000));
    delay.disable();
    const worstMs = delay.max / 1e6;
    console.log(`PostgreSQL, ${n} ticks to Parquet on the event loop: longest pause ${worstMs.toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms`);
    // One batch at a time: far below encoding the whole range in one go (~1.5 µs a tick).
    expect(worstMs).toBeLessThan(250);

    let csv = '';
    for await (const chunk of tickCsv(stores.ticks, range)) csv += chunk;
    const expected = csv.trim().split('\n').slice(1);
    const r = await duckQuery(bytes, "SELECT symbol, strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ'), price, qty, trade_id, buyer_maker FROM read_parquet({file})");
    expect(r.rows.map((row) => row.map(String).join(','))).toEqual(expected);
    const groups = await duckQuery(bytes, 'SELECT count(DISTINCT row_group_id) FROM parquet_metadata({file})');
    expect(Number(groups.rows[0]![0])).toBe(Math.ceil(n / COLUMNAR_BATCH_ROWS));
  });

  it('writes bars built from the ticks as an Arrow stream', async () => {
    const table = tableFromIPC(await collect(columnarExportStream(pool, stores, STORED, { table: 'bars', range: { symbol: 'BTCUSDT' }, tf: tf('5s') }, 'arrow', START + 60_000)));
    expect(table.numRows).toBe(6);
    expect(Array.from(table.getChild('trades')!.toArray() as BigInt64Array, Number).reduce((a, b) => a + b, 0)).toBe(n);
    expect(Number((table.getChild('timestamp')!.toArray() as BigInt64Array)[0])).toBe(START);
  });
});
