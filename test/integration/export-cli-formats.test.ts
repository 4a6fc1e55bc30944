/**
 * `tandem export ... --format parquet|arrow|csv`: the files the CLI writes, read back by DuckDB
 * (Parquet) and apache-arrow (Arrow), hold the rows of the CSV the same command writes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasketModel } from '../../src/ingest/simulator/basket-model.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { duckQuery } from '../helpers/duckdb.js';
import { REPO_ROOT } from '../helpers/golden.js';

const START = 1_795_000_000_000;

describe('tandem export --format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-export-cli-'));
  const db = join(dir, 'tandem.db');
  const tandem = (...args: string[]): ReturnType<typeof spawnSync> => spawnSync(join(REPO_ROOT, 'bin', 'tandem'), [...args, '--db', db], { cwd: REPO_ROOT, encoding: 'utf8' });
  let csvRows: string[][] = [];

  beforeAll(async () => {
    const store = SqliteStore.open(db);
    const ticks = new BasketModel({ symbols: ['BTCUSDT', 'ETHUSDT'], seed: 5, startMs: START, tradesPerSecond: 500 }).advanceTo(START + 20_000);
    await store.ticks.appendTicks(ticks);
    store.close();
    const run = tandem('export', 'ticks', '--symbol', 'BTCUSDT', '--out', join(dir, 'ticks.csv'));
    expect(run.status, String(run.stderr)).toBe(0);
    csvRows = readFileSync(join(dir, 'ticks.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(csvRows.length).toBe(ticks.filter((t) => t.symbol === 'BTCUSDT').length);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes Parquet with --format parquet, to stdout as well', async () => {
    const run = spawnSync(join(REPO_ROOT, 'bin', 'tandem'), ['export', 'ticks', '--symbol', 'BTCUSDT', '--format', 'parquet', '--db', db], { cwd: REPO_ROOT, maxBuffer: 1 << 26 });
    expect(run.status, String(run.stderr)).toBe(0);
    const r = await duckQuery(run.stdout, "SELECT symbol, strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ'), price, qty, trade_id, buyer_maker FROM read_parquet({file})");
    expect(r.types.slice(2)).toEqual(['DOUBLE', 'DOUBLE', 'BIGINT', 'BOOLEAN']);
    expect(r.rows.map((row) => row.map(String))).toEqual(csvRows);
  });

  it('takes the format from the --out extension when --format is not given', async () => {
    const out = join(dir, 'ticks.arrow');
    const run = tandem('export', 'ticks', '--symbol', 'BTCUSDT', '--out', out);
    expect(run.status, String(run.stderr)).toBe(0);
    const table = tableFromIPC(readFileSync(out));
    expect(table.numRows).toBe(csvRows.length);
    expect(Array.from(table.getChild('ts')!.toArray() as BigInt64Array, (v) => new Date(Number(v)).toISOString())).toEqual(csvRows.map((r) => r[1]));
  });

  it('writes bars and the pair series too', async () => {
    const bars = tandem('export', 'bars', '--symbol', 'BTCUSDT', '--tf', '5s', '--format', 'parquet', '--out', join(dir, 'bars.bin'));
    expect(bars.status, String(bars.stderr)).toBe(0);
    const r = await duckQuery(readFileSync(join(dir, 'bars.bin')), 'SELECT count(*), sum(trades) FROM read_parquet({file})');
    expect(r.rows).toEqual([[4n, BigInt(csvRows.length)]]);
    const pair = tandem('export', 'pair', '--y', 'ETHUSDT', '--x', 'BTCUSDT', '--tf', '2s', '--window', '3', '--format', 'arrow', '--out', join(dir, 'pair.bin'));
    expect(pair.status, String(pair.stderr)).toBe(0);
    const table = tableFromIPC(readFileSync(join(dir, 'pair.bin')));
    expect(table.numRows).toBe(10);
    expect(table.getChild('beta')!.get(0)).toBeNull();
    expect(typeof table.getChild('beta')!.get(9)).toBe('number');
  });

  it('refuses an unknown format, naming it', () => {
    const run = tandem('export', 'ticks', '--symbol', 'BTCUSDT', '--format', 'xlsx');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--format: format 'xlsx' is not one of csv, parquet, arrow");
  });
});
