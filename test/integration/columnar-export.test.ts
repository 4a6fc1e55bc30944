/**
 * The Parquet and Arrow exports against the CSV export of the same range, read back by readers
 * that share no code with the writers: DuckDB for Parquet, apache-arrow's IPC reader for Arrow.
 * The store is a SQLite file, so ticks and bars are written on the job lane.
 */
import { DataType, tableFromIPC, TimeUnit, type Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKER_BATCH_ROWS } from '../../src/jobs/columnar-export-job.js';
import { BasketModel } from '../../src/ingest/simulator/basket-model.js';
import { duckQuery } from '../helpers/duckdb.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const START = 1_795_000_000_000;
/** Enough ticks of BTCUSDT for three row groups on the worker. */
const SECONDS = 130;

type Row = (string | number | boolean | null)[];

async function download(url: string, mediaType: string): Promise<Uint8Array> {
  const res = await fetch(url);
  expect(res.status, await (res.status === 200 ? Promise.resolve('') : res.clone().text())).toBe(200);
  expect(res.headers.get('content-type')).toBe(mediaType);
  return new Uint8Array(await res.arrayBuffer());
}

/** The CSV export's rows, each field parsed as `parse` says (by column). */
async function csvRows(url: string, parse: readonly ((f: string) => string | number | boolean | null)[]): Promise<{ header: string[]; rows: Row[] }> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const lines = (await res.text()).trim().split('\n');
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',').map((f, i) => parse[i]!(f))) };
}

const text = (f: string): string => f;
const num = (f: string): number | null => (f === '' ? null : Number(f));
const time = (f: string): number => Date.parse(f);
const flag = (f: string): boolean => f === 'true';

const TICK_PARSE = [text, time, num, num, num, flag];
const BAR_PARSE = [time, num, num, num, num, num, num, num];
const PAIR_PARSE = [time, num, num, flag, flag, num, num, num, num, num, num];

/** Rows of an Arrow table as plain values: timestamps and int64 as numbers, null kept. */
function arrowRows(t: Table): Row[] {
  const cols = t.schema.fields.map((f) => t.getChild(f.name)!);
  return Array.from({ length: t.numRows }, (_, i) =>
    cols.map((c) => {
      const v = c.get(i) as unknown;
      return typeof v === 'bigint' ? Number(v) : (v as string | number | boolean | null);
    }),
  );
}

/** DuckDB's rows with timestamps as epoch ms and BIGINTs as numbers. */
async function parquetRows(bytes: Uint8Array, columns: readonly string[], timeColumn: string): Promise<{ types: readonly string[]; rows: Row[] }> {
  const typed = await duckQuery(bytes, `SELECT ${columns.join(', ')} FROM read_parquet({file})`);
  const select = columns.map((c) => (c === timeColumn ? `epoch_ms(${c})` : c)).join(', ');
  const r = await duckQuery(bytes, `SELECT ${select} FROM read_parquet({file})`);
  return { types: typed.types, rows: r.rows.map((row) => row.map((v) => (typeof v === 'bigint' ? Number(v) : (v as string | number | boolean | null)))) };
}

describe('Parquet and Arrow exports', () => {
  let server: TestServer;
  let btcTicks = 0;
  beforeAll(async () => {
    server = await startTestServer();
    const model = new BasketModel({ symbols: ['BTCUSDT', 'ETHUSDT'], seed: 7, startMs: START, tradesPerSecond: 1000 });
    const ticks = model.advanceTo(START + SECONDS * 1000);
    for (let i = 0; i < ticks.length; i += 20_000) await server.engine.store.ticks.appendTicks(ticks.slice(i, i + 20_000));
    btcTicks = ticks.filter((t) => t.symbol === 'BTCUSDT').length;
  });
  afterAll(async () => server.close());

  const ticksQ = `symbol=BTCUSDT&from=${START}&to=${START + SECONDS * 1000}`;

  it('writes ticks to Parquet in several row groups, with the CSV export\'s values and UTC timestamps', async () => {
    expect(btcTicks).toBeGreaterThan(2 * WORKER_BATCH_ROWS);
    const csv = await csvRows(`${server.url}/api/export/ticks.csv?${ticksQ}`, TICK_PARSE);
    const bytes = await download(`${server.url}/api/export/ticks.parquet?${ticksQ}`, 'application/vnd.apache.parquet');
    const pq = await parquetRows(bytes, csv.header, 'ts');
    expect(pq.types).toEqual(['VARCHAR', 'TIMESTAMP WITH TIME ZONE', 'DOUBLE', 'DOUBLE', 'BIGINT', 'BOOLEAN']);
    expect(pq.rows.length).toBe(btcTicks);
    expect(pq.rows).toEqual(csv.rows);
    const groups = await duckQuery(bytes, 'SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata({file}) ORDER BY row_group_id');
    expect(groups.rows.length).toBe(Math.ceil(btcTicks / WORKER_BATCH_ROWS));
    expect(groups.rows.map((g) => Number(g[1]))).toEqual(groups.rows.map((_, i) => Math.min(WORKER_BATCH_ROWS, btcTicks - i * WORKER_BATCH_ROWS)));
    const ts = await duckQuery(bytes, "SELECT DISTINCT logical_type FROM parquet_schema({file}) WHERE name = 'ts'");
    expect(String(ts.rows[0]![0])).toMatch(/^TimestampType\(isAdjustedToUTC=1, unit=TimeUnit\(MILLIS=MilliSeconds\(\),/);
  });

  it('writes ticks to an Arrow stream of several record batches, typed, with the CSV export\'s values', async () => {
    const csv = await csvRows(`${server.url}/api/export/ticks.csv?${ticksQ}`, TICK_PARSE);
    const bytes = await download(`${server.url}/api/export/ticks.arrow?${ticksQ}`, 'application/vnd.apache.arrow.stream');
    const table = tableFromIPC(bytes);
    expect(table.schema.fields.map((f) => f.name)).toEqual(csv.header);
    const [symbol, ts, priceT, qtyT, tradeId, buyerMaker] = table.schema.fields.map((f) => f.type as DataType);
    expect(DataType.isDictionary(symbol) && DataType.isUtf8(symbol.dictionary)).toBe(true);
    expect(DataType.isTimestamp(ts) && ts.unit === TimeUnit.MILLISECOND && ts.timezone === 'UTC').toBe(true);
    expect(DataType.isFloat(priceT) && DataType.isFloat(qtyT) && priceT.precision === 2).toBe(true);
    expect(DataType.isInt(tradeId) && tradeId.bitWidth === 64 && tradeId.isSigned).toBe(true);
    expect(DataType.isBool(buyerMaker)).toBe(true);
    expect(table.batches.length).toBe(Math.ceil(btcTicks / WORKER_BATCH_ROWS));
    expect(arrowRows(table)).toEqual(csv.rows);
  });

  it('writes bars of a timeframe built from ticks in both formats, as the bar CSV', async () => {
    const q = `symbol=ETHUSDT&tf=2s&from=${START}`;
    const csv = await csvRows(`${server.url}/api/export/bars.csv?${q}`, BAR_PARSE);
    expect(csv.rows.length).toBe(SECONDS / 2);
    const pq = await parquetRows(await download(`${server.url}/api/export/bars.parquet?${q}`, 'application/vnd.apache.parquet'), csv.header, 'timestamp');
    expect(pq.types).toEqual(['TIMESTAMP WITH TIME ZONE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'BIGINT']);
    expect(pq.rows).toEqual(csv.rows);
    const table = tableFromIPC(await download(`${server.url}/api/export/bars.arrow?${q}`, 'application/vnd.apache.arrow.stream'));
    expect(table.schema.fields.map((f) => f.name)).toEqual(csv.header);
    expect(arrowRows(table)).toEqual(csv.rows);
  });

  it('writes the pair series with null where the CSV has an empty field', async () => {
    const q = `y=ETHUSDT&x=BTCUSDT&tf=2s&method=ols&window=10&from=${START}&to=${START + SECONDS * 1000}`;
    const csv = await csvRows(`${server.url}/api/export/pair.csv?${q}`, PAIR_PARSE);
    expect(csv.rows.length).toBeGreaterThan(20);
    expect(csv.rows[0]![5]).toBeNull(); // beta before the window is full
    const pq = await parquetRows(await download(`${server.url}/api/export/pair.parquet?${q}`, 'application/vnd.apache.parquet'), csv.header, 'timestamp');
    expect(pq.types).toEqual(['TIMESTAMP WITH TIME ZONE', 'DOUBLE', 'DOUBLE', 'BOOLEAN', 'BOOLEAN', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE']);
    expect(pq.rows).toEqual(csv.rows);
    const table = tableFromIPC(await download(`${server.url}/api/export/pair.arrow?${q}`, 'application/vnd.apache.arrow.stream'));
    expect(arrowRows(table)).toEqual(csv.rows);
  });

  it('gives a file with the schema and no rows for a range with no data', async () => {
    const q = 'symbol=BTCUSDT&from=0&to=1000';
    const pq = await duckQuery(await download(`${server.url}/api/export/ticks.parquet?${q}`, 'application/vnd.apache.parquet'), 'SELECT * FROM read_parquet({file})');
    expect(pq.rows).toEqual([]);
    expect(pq.columns).toEqual(['symbol', 'ts', 'price', 'qty', 'trade_id', 'buyer_maker']);
    const table = tableFromIPC(await download(`${server.url}/api/export/bars.arrow?symbol=SOLUSDT&tf=1m`, 'application/vnd.apache.arrow.stream'));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['timestamp', 'open', 'high', 'low', 'close', 'volume', 'vwap', 'trades']);
  });

  it('names a bad parameter as the CSV route does', async () => {
    const res = await fetch(`${server.url}/api/export/bars.parquet?symbol=BTCUSDT&tf=1x`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/tf.*'1x'/);
  });

  it('declares the media types in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${server.url}/api/docs/json`)).json()) as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, unknown> }> } }> };
    for (const table of ['ticks', 'bars', 'pair']) {
      expect(Object.keys(doc.paths[`/api/export/${table}.parquet`]!.get.responses['200']!.content)).toEqual(['application/vnd.apache.parquet']);
      expect(Object.keys(doc.paths[`/api/export/${table}.arrow`]!.get.responses['200']!.content)).toEqual(['application/vnd.apache.arrow.stream']);
      expect(Object.keys(doc.paths[`/api/export/${table}.csv`]!.get.responses['200']!.content)).toEqual(['text/csv']);
    }
  });
});
