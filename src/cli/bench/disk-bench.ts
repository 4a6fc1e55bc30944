/**
 * Bytes per stored tick on SQLite (`tandem bench --only disk`): appends N ticks (default
 * 1,000,000) of four symbols with Binance-like prices, sizes and aggregate ids (the
 * simulator's prices and lot sizes; source `binance`; ids counting up from 5.6·10⁹ per symbol, so they take the
 * same 6-byte varints as Binance's) to a fresh file through the real adapter, VACUUMs it and
 * divides the file size by N (and reports the size before VACUUM too); `dbstat` splits it into the `ticks` table (keyed
 * by `(symbol, ts, trade_id)`) and its `ticks_by_id` index (unique on `(symbol, trade_id)`).
 * Retention is planned from this figure (docs/reliability.md).
 *
 * Two schema alternatives are measured here only (the real schema is unchanged): the
 * `source` TEXT column as a small INTEGER, and the table without the `ticks_by_id` index
 * (what the index costs; the exactly-once guarantee on trade ids needs it).
 * @module
 */

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BasketModel } from '../../ingest/simulator/basket-model.js';
import type { Tick } from '../../model/tick.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { BenchResult } from './bench-result.js';

export interface DiskBenchOptions {
  /** Ticks stored (default 1,000,000; `--disk-ticks`). */
  readonly ticks?: number;
  readonly log?: (line: string) => void;
}

const START_MS = 1_795_000_000_000;
const FIRST_AGG_ID = 5_600_000_000;
const BATCH = 10_000;

/** Batches of Binance-like ticks, `n` in all, generated lazily (memory stays flat). */
function* tickBatches(n: number): Generator<Tick[]> {
  const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'];
  const model = new BasketModel({ symbols, seed: 5, startMs: START_MS, tradesPerSecond: 400 });
  const nextId = new Map(symbols.map((s) => [s, FIRST_AGG_ID]));
  let made = 0;
  for (let t = START_MS; made < n; t += 30_000) {
    const raw = model.advanceTo(t + 30_000).slice(0, n - made);
    if (raw.length === 0) continue;
    made += raw.length;
    yield raw.map((k) => {
      const id = nextId.get(k.symbol)!;
      nextId.set(k.symbol, id + 1);
      return { ...k, tradeId: id, source: 'binance' as const };
    });
  }
}

interface Footprint {
  /** The file as written (WAL checkpointed), before VACUUM: B-tree pages split by interleaved symbols are part full. */
  readonly written: number;
  readonly file: number;
  readonly table: number;
  readonly index: number;
}

/** VACUUMs `db` and reads the file size and the table's and index's pages. */
function footprint(db: Database.Database, path: string): Footprint {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const written = statSync(path).size;
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pages = db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name IN ('ticks', 'ticks_by_id') GROUP BY name").all() as { name: string; bytes: number }[];
  const of = (name: string): number => pages.find((p) => p.name === name)?.bytes ?? 0;
  return { written, file: statSync(path).size, table: of('ticks'), index: of('ticks_by_id') };
}

/** The real schema, written through `SqliteTickStore`. */
function current(path: string, n: number): Footprint {
  const store = SqliteStore.open(path);
  try {
    for (const batch of tickBatches(n)) store.ticks.appendTicksSync(batch);
    return footprint(store.db, path);
  } finally {
    store.close();
  }
}

/** A variant table (`ddl` creates `ticks`), filled by one INSERT per tick, 10,000 to a transaction. */
function variant(path: string, n: number, ddl: string, sourceValue: (source: string) => string | number): Footprint {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(ddl);
    const insert = db.prepare('INSERT OR IGNORE INTO ticks (symbol, trade_id, ts, price, qty, buyer_maker, source) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const write = db.transaction((batch: Tick[]) => {
      for (const t of batch) insert.run(t.symbol, t.tradeId, t.ts, t.price, t.qty, t.buyerMaker ? 1 : 0, sourceValue(t.source));
    });
    for (const batch of tickBatches(n)) write(batch);
    return footprint(db, path);
  } finally {
    db.close();
  }
}

const TABLE = (sourceType: string): string => `
  CREATE TABLE ticks (
    symbol TEXT NOT NULL, trade_id INTEGER NOT NULL, ts INTEGER NOT NULL, price REAL NOT NULL,
    qty REAL NOT NULL, buyer_maker INTEGER NOT NULL, source ${sourceType} NOT NULL,
    PRIMARY KEY (symbol, ts, trade_id)
  ) WITHOUT ROWID;`;
const INDEX = 'CREATE UNIQUE INDEX ticks_by_id ON ticks (symbol, trade_id);';
const SOURCE_CODES: Readonly<Record<string, number>> = { binance: 1, simulator: 2, replay: 3, import: 4 };

export async function runDiskBench(opts: DiskBenchOptions = {}): Promise<BenchResult[]> {
  const n = opts.ticks ?? 1_000_000;
  if (!Number.isInteger(n) || n < BATCH) throw new Error(`--disk-ticks '${n}' must be a whole number of at least ${BATCH}`);
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-bytes-'));
  const results: BenchResult[] = [];
  const report = (name: string, f: Footprint): void => {
    results.push({ name: `${name}.as_written_bytes_per_tick`, n, unit: 'bytes', value: f.written / n, runs: 1 });
    results.push({ name: `${name}.bytes_per_tick`, n, unit: 'bytes', value: f.file / n, runs: 1 });
    results.push({ name: `${name}.table_bytes_per_tick`, n, unit: 'bytes', value: f.table / n, runs: 1 });
    results.push({ name: `${name}.index_bytes_per_tick`, n, unit: 'bytes', value: f.index / n, runs: 1 });
    opts.log?.(`${name}: ${(f.written / n).toFixed(1)} bytes/tick as written, ${(f.file / n).toFixed(1)} after VACUUM (table ${(f.table / n).toFixed(1)}, ticks_by_id ${(f.index / n).toFixed(1)})`);
  };
  try {
    report('disk.sqlite', current(join(dir, 'current.db'), n));
    report('disk.sqlite.alt_source_int', variant(join(dir, 'source-int.db'), n, TABLE('INTEGER') + INDEX, (s) => SOURCE_CODES[s] ?? 0));
    report('disk.sqlite.alt_no_id_index', variant(join(dir, 'no-index.db'), n, TABLE('TEXT'), (s) => s));
    return await Promise.resolve(results);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
