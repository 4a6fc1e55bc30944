/**
 * PostgreSQL tick import, the streaming COPY path against the store's append (INSERT) path, on
 * the same file: `npx tsx scripts/measure-pg-import.mts <copy|insert> <aggTrades.csv>` with
 * `TANDEM_PG_URL` (default postgres://postgres@127.0.0.1:5432/test). Each run imports into a
 * schema of its own, prints ticks/s and the process's RSS, and drops the schema.
 * Make a dump with `tandem bench --only import` or `writeAggTradesDump` (src/fake-binance/).
 */
import { createReadStream } from 'node:fs';
import { importTicks } from '../src/engine/file-import.js';
import { importTicksInto } from '../src/jobs/tick-import/import-into-store.js';
import { parseTimeframe } from '../src/model/timeframe.js';
import { PostgresMarketStores } from '../src/store/postgres/postgres-market-stores.js';

const [which, file] = process.argv.slice(2);
if ((which !== 'copy' && which !== 'insert') || file === undefined) throw new Error('usage: measure-pg-import.mts <copy|insert> <aggTrades.csv>');
const tfs = ['1s', '1m', '5m'].map((t) => {
  const r = parseTimeframe(t);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
});
const url = process.env['TANDEM_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `measure_${which}_${process.pid}`;
const s = await PostgresMarketStores.open({ url, schema });
try {
  const input = (): ReturnType<typeof createReadStream> => createReadStream(file, { highWaterMark: 1 << 20 });
  const t0 = performance.now();
  const r = which === 'copy' ? await importTicksInto(s, input(), { name: file, timeframes: tfs }) : await importTicks(s, input(), { name: file, timeframes: tfs });
  const ms = performance.now() - t0;
  console.log(`${which}: ${r.inserted} ticks in ${(ms / 1000).toFixed(2)} s, ${Math.round(r.inserted / (ms / 1000))} ticks/s, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
} finally {
  await s.pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await s.close();
}
