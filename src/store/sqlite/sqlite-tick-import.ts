/**
 * `SqliteTickImport`: a `TickImportSession` over SQLite. The staging area is a separate,
 * throw-away SQLite file ATTACHed to the connection (journal in memory, no sync: it is rebuilt from
 * the file if anything goes wrong), so staging takes no lock on the store and a crash or a
 * SIGKILL while a file is read leaves the store exactly as it was. `commit` copies the staged
 * rows in with `INSERT ... SELECT` inside one IMMEDIATE transaction: SQLite does the copy in C,
 * and the store sees all of the file or none of it.
 *
 * The write lock is held for the commit only (about 1 s per million ticks on the machine the
 * benchmark ran on; see docs/reliability.md). Other writers wait for it with their busy
 * timeout.
 * @module
 */

import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Bar } from '../../model/bar.js';
import type { SettledRows, StagedOrder, StagedTicks, TickImportCommit, TickImportCommitResult, TickImportRecord, TickImportRow, TickImportSession } from '../tick-import-session.js';
import { toTickImportRecord } from '../tick-import-session.js';

/** Rows bound per multi-row INSERT into the staging table (7 parameters each). */
const ROWS_PER_STATEMENT = 100;
/** Bad rows listed by `settleUnsorted` (the readers list as many). */
const LISTED_ERRORS = 1000;

const TICK_COLUMNS = '(row, sym, trade_id, ts, price, qty, buyer_maker)';
const BAR_COLUMNS = '(symbol, tf, start, open, high, low, close, volume, vwap, trades)';

/** Rows whose time goes back as ids go up (a Binance dump's rule), in id order per symbol. */
const OUT_OF_ORDER_ROWS = `SELECT row, ts, prev_id, prev_row FROM (
    SELECT row, ts, LAG(ts) OVER w AS prev_ts, LAG(trade_id) OVER w AS prev_id, LAG(row) OVER w AS prev_row
    FROM import_stage.ticks WINDOW w AS (PARTITION BY sym ORDER BY trade_id)
  ) WHERE ts < prev_ts`;


const STAGING_FILE = /^tandem-import-(\d+)-[0-9a-f-]+\.db$/;

/** Removes staging files left by processes that are gone (killed during an import). */
function removeOrphans(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = STAGING_FILE.exec(name);
    if (m === null || isAlive(Number(m[1]))) continue;
    rmSync(join(dir, name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class SqliteTickImport implements TickImportSession {
  private readonly insertMany: Database.Statement;
  private readonly insertOne: Database.Statement;
  private readonly insertBar: Database.Statement;
  private readonly args = new Array<number>(ROWS_PER_STATEMENT * 7);
  private symbols: readonly string[] = [];
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly path: string,
  ) {
    const row = '(?, ?, ?, ?, ?, ?, ?)';
    const insert = `INSERT INTO import_stage.ticks ${TICK_COLUMNS} VALUES `;
    this.insertMany = db.prepare(insert + Array<string>(ROWS_PER_STATEMENT).fill(row).join(', '));
    this.insertOne = db.prepare(insert + row);
    this.insertBar = db.prepare(`INSERT OR REPLACE INTO import_stage.bars ${BAR_COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  }

  /**
   * Opens a session on `db` (the store's connection, or a connection of its own to the same
   * file), staging in a new file under `dir` (default the OS temp directory).
   */
  static open(db: Database.Database, dir = tmpdir()): SqliteTickImport {
    removeOrphans(dir);
    const path = join(dir, `tandem-import-${process.pid}-${randomUUID()}.db`);
    db.prepare('ATTACH DATABASE ? AS import_stage').run(path);
    try {
      db.pragma('import_stage.journal_mode = MEMORY');
      db.pragma('import_stage.synchronous = OFF');
      db.exec(`
        CREATE TABLE import_stage.ticks (row INTEGER PRIMARY KEY, sym INTEGER NOT NULL, trade_id INTEGER NOT NULL, ts INTEGER NOT NULL, price REAL NOT NULL, qty REAL NOT NULL, buyer_maker INTEGER NOT NULL);
        CREATE TABLE import_stage.bars (symbol TEXT NOT NULL, tf TEXT NOT NULL, start INTEGER NOT NULL, open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume REAL NOT NULL, vwap REAL NOT NULL, trades INTEGER NOT NULL, PRIMARY KEY (symbol, tf, start)) WITHOUT ROWID;
      `);
      return new SqliteTickImport(db, path);
    } catch (e) {
      db.exec('DETACH DATABASE import_stage');
      rmSync(path, { force: true });
      throw e;
    }
  }

  stageTicks(symbols: readonly string[], b: StagedTicks): Promise<void> {
    this.symbols = symbols;
    const { args } = this;
    const put = (at: number, i: number): void => {
      args[at] = b.row[i]!;
      args[at + 1] = b.symbolIndex[i]!;
      args[at + 2] = b.tradeId[i]!;
      args[at + 3] = b.ts[i]!;
      args[at + 4] = b.price[i]!;
      args[at + 5] = b.qty[i]!;
      args[at + 6] = b.buyerMaker[i]!;
    };
    this.db.transaction(() => {
      let k = 0;
      for (; k + ROWS_PER_STATEMENT <= b.n; k += ROWS_PER_STATEMENT) {
        for (let j = 0; j < ROWS_PER_STATEMENT; j++) put(j * 7, k + j);
        this.insertMany.run(args);
      }
      for (; k < b.n; k++) {
        put(0, k);
        this.insertOne.run(args.slice(0, 7));
      }
    })();
    return Promise.resolve();
  }

  stageBars(bars: readonly Bar[]): Promise<void> {
    this.db.transaction(() => {
      for (const b of bars) this.insertBar.run(b.symbol, b.tf, b.start, b.open, b.high, b.low, b.close, b.volume, b.vwap, b.trades);
    })();
    return Promise.resolve();
  }

  settleUnsorted(order: StagedOrder): Promise<SettledRows> {
    const duplicates = this.db
      .prepare('DELETE FROM import_stage.ticks WHERE row IN (SELECT row FROM (SELECT row, ROW_NUMBER() OVER (PARTITION BY sym, trade_id ORDER BY row) AS k FROM import_stage.ticks) WHERE k > 1)')
      .run().changes;
    if (order === 'time') return Promise.resolve({ duplicates, errors: [], errorCount: 0 });
    const errorCount = (this.db.prepare(`SELECT count(*) AS n FROM (${OUT_OF_ORDER_ROWS})`).get() as { n: number }).n;
    const rows = this.db.prepare(`${OUT_OF_ORDER_ROWS} ORDER BY row LIMIT ?`).all(LISTED_ERRORS) as { row: number; ts: number; prev_id: number; prev_row: number }[];
    const errors = rows.map((r) => ({ row: r.row, reason: `transact_time ${r.ts} is earlier than that of agg_trade_id ${r.prev_id} (row ${r.prev_row}), which comes before it` }));
    return Promise.resolve({ duplicates, errors, errorCount });
  }

  hasStoredTicks(symbol: string, from: number, to: number): Promise<boolean> {
    return Promise.resolve(this.db.prepare('SELECT 1 FROM main.ticks WHERE symbol = ? AND ts >= ? AND ts < ? LIMIT 1').get(symbol, from, to) !== undefined);
  }

  findImport(sha256: string): Promise<TickImportRecord | null> {
    const r = this.db.prepare('SELECT * FROM main.tick_imports WHERE sha256 = ?').get(sha256) as TickImportRow | undefined;
    return Promise.resolve(r === undefined ? null : toTickImportRecord(r));
  }

  commit(c: TickImportCommit): Promise<TickImportCommitResult> {
    const merge = this.db.prepare(`INSERT OR IGNORE INTO main.ticks (symbol, trade_id, ts, price, qty, buyer_maker, source)
      SELECT ?, trade_id, ts, price, qty, buyer_maker, 'import' FROM import_stage.ticks WHERE sym = ?`);
    const bump = this.db.prepare('INSERT INTO main.tick_counts (symbol, n) VALUES (?, ?) ON CONFLICT (symbol) DO UPDATE SET n = n + excluded.n');
    const mergeBars = this.db.prepare(`INSERT OR REPLACE INTO main.bars (symbol, tf, start, open, high, low, close, volume, vwap, trades, source)
      SELECT symbol, tf, start, open, high, low, close, volume, vwap, trades, 'import' FROM import_stage.bars WHERE symbol = ?`);
    const insertedBySymbol = new Map<string, number>();
    let bars = 0;
    const t0 = performance.now();
    this.db
      .transaction(() => {
        let inserted = 0;
        this.symbols.forEach((symbol, sym) => {
          const n = merge.run(symbol, sym).changes;
          insertedBySymbol.set(symbol, n);
          inserted += n;
          if (n > 0) bump.run(symbol, n);
        });
        for (const symbol of c.stagedBarSymbols) bars += mergeBars.run(symbol).changes;
        if (c.record !== null) this.insertRecord(c.record(inserted, bars));
      })
      .immediate();
    return Promise.resolve({ insertedBySymbol, bars, lockMs: performance.now() - t0 });
  }

  record(r: TickImportRecord): Promise<void> {
    this.insertRecord(r);
    return Promise.resolve();
  }

  private insertRecord(r: TickImportRecord): void {
    this.db
      .prepare('INSERT OR REPLACE INTO main.tick_imports (sha256, name, format, rows, inserted, duplicates, bars, first_ts, last_ts, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(r.sha256, r.name, r.format, r.rows, r.inserted, r.duplicates, r.bars, r.firstTs, r.lastTs, Date.now());
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    try {
      this.db.exec('DETACH DATABASE import_stage');
    } finally {
      rmSync(this.path, { force: true });
    }
    return Promise.resolve();
  }
}
