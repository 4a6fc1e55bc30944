/**
 * `PgTickImport`: a `TickImportSession` over PostgreSQL. One pooled connection holds one
 * transaction for the whole session: rows are staged with `COPY ... FROM STDIN` (pg-copy-streams,
 * one COPY per batch) into temporary tables dropped at commit, and `commit` moves them into
 * `ticks` (keeping `tick_stats` exactly as the append path does) and `bars` with
 * `INSERT ... SELECT`, then commits. Until then nothing is visible to anyone else, and a bad
 * file, a crash or a killed process rolls the whole transaction back.
 *
 * The day partitions a batch needs are made while it is staged (their DDL runs on another
 * connection, before this transaction has touched `ticks`, so the two never wait on each other).
 * @module
 */

import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Bar } from '../../model/bar.js';
import type { SettledRows, StagedOrder, StagedTicks, TickImportCommit, TickImportCommitResult, TickImportRecord, TickImportRow, TickImportSession } from '../tick-import-session.js';
import { toTickImportRecord } from '../tick-import-session.js';
import type { TickPartitions } from './tick-partitions.js';
import { DAY_MS } from './tick-partitions.js';

const LISTED_ERRORS = 1000;

const STAGE_SQL = `
  CREATE TEMP TABLE import_stage_ticks (row bigint NOT NULL, sym integer NOT NULL, trade_id bigint NOT NULL, ts bigint NOT NULL, price double precision NOT NULL, qty double precision NOT NULL, buyer_maker boolean NOT NULL) ON COMMIT DROP;
  CREATE TEMP TABLE import_stage_bars (symbol text NOT NULL, tf text NOT NULL, start bigint NOT NULL, open double precision NOT NULL, high double precision NOT NULL, low double precision NOT NULL, close double precision NOT NULL, volume double precision NOT NULL, vwap double precision NOT NULL, trades integer NOT NULL) ON COMMIT DROP`;

/** Rows whose time goes back as ids go up (a Binance dump's rule), in id order per symbol. */
const OUT_OF_ORDER_ROWS = `SELECT row, ts, prev_id, prev_row FROM (
    SELECT row, ts, lag(ts) OVER w AS prev_ts, lag(trade_id) OVER w AS prev_id, lag(row) OVER w AS prev_row
    FROM import_stage_ticks WINDOW w AS (PARTITION BY sym ORDER BY trade_id)
  ) t WHERE ts < prev_ts`;

/** One symbol's staged ticks into `ticks`, adding what went in to `tick_stats` as the append path does. */
const MERGE_SQL = `
  WITH ins AS (
    INSERT INTO ticks (symbol, trade_id, ts, price, qty, buyer_maker, source)
    SELECT $1, trade_id, ts, price, qty, buyer_maker, 'import' FROM import_stage_ticks WHERE sym = $2 ORDER BY ts, trade_id
    ON CONFLICT DO NOTHING
    RETURNING ts, trade_id
  ), added AS (
    SELECT count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts, max(trade_id) AS max_trade_id FROM ins
  ), stats AS (
    INSERT INTO tick_stats AS s (symbol, source, n, first_ts, last_ts, max_trade_id)
    SELECT $1, 'import', n, first_ts, last_ts, max_trade_id FROM added WHERE n > 0
    ON CONFLICT (symbol, source) DO UPDATE SET
      n = s.n + excluded.n,
      first_ts = least(s.first_ts, excluded.first_ts),
      last_ts = greatest(s.last_ts, excluded.last_ts),
      max_trade_id = greatest(s.max_trade_id, excluded.max_trade_id)
  )
  SELECT n::bigint AS n FROM added`;

const MERGE_BARS_SQL = `
  INSERT INTO bars AS b (symbol, tf, start, open, high, low, close, volume, vwap, trades, source)
  SELECT symbol, tf, start, open, high, low, close, volume, vwap, trades, 'import' FROM import_stage_bars WHERE symbol = $1
  ON CONFLICT (symbol, tf, start) DO UPDATE SET
    open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
    volume = excluded.volume, vwap = excluded.vwap, trades = excluded.trades, source = excluded.source`;

const RECORD_SQL = `
  INSERT INTO tick_imports (sha256, name, format, rows, inserted, duplicates, bars, first_ts, last_ts, imported_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  ON CONFLICT (sha256) DO UPDATE SET name = excluded.name, format = excluded.format, rows = excluded.rows, inserted = excluded.inserted,
    duplicates = excluded.duplicates, bars = excluded.bars, first_ts = excluded.first_ts, last_ts = excluded.last_ts, imported_at = excluded.imported_at`;


export class PgTickImport implements TickImportSession {
  private symbols: readonly string[] = [];
  private state: 'open' | 'committed' | 'closed' = 'open';

  private constructor(
    private readonly client: pg.PoolClient,
    private readonly partitions: TickPartitions,
  ) {}

  /** Opens a session on its own connection of `pool` (whose search path is the store's schema). */
  static async open(pool: pg.Pool, partitions: TickPartitions): Promise<PgTickImport> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(STAGE_SQL);
      return new PgTickImport(client, partitions);
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(true);
      throw e;
    }
  }

  private async copy(sql: string, text: string): Promise<void> {
    const stream = this.client.query(copyFrom(sql));
    await pipeline(Readable.from([Buffer.from(text, 'utf8')]), stream);
  }

  async stageTicks(symbols: readonly string[], b: StagedTicks): Promise<void> {
    this.symbols = symbols;
    if (b.n === 0) return;
    // The day partitions first, on another connection: this transaction has not touched `ticks`.
    const days = new Set<number>();
    for (let i = 0; i < b.n; i++) days.add(Math.floor(b.ts[i]! / DAY_MS) * DAY_MS);
    await this.partitions.ensureFor(Float64Array.from(days));
    let text = '';
    for (let i = 0; i < b.n; i++) text += `${b.row[i]}\t${b.symbolIndex[i]}\t${b.tradeId[i]}\t${b.ts[i]}\t${b.price[i]}\t${b.qty[i]}\t${b.buyerMaker[i] === 1 ? 't' : 'f'}\n`;
    await this.copy('COPY import_stage_ticks (row, sym, trade_id, ts, price, qty, buyer_maker) FROM STDIN', text);
  }

  async stageBars(bars: readonly Bar[]): Promise<void> {
    if (bars.length === 0) return;
    let text = '';
    for (const b of bars) text += `${b.symbol}\t${b.tf}\t${b.start}\t${b.open}\t${b.high}\t${b.low}\t${b.close}\t${b.volume}\t${b.vwap}\t${b.trades}\n`;
    await this.copy('COPY import_stage_bars (symbol, tf, start, open, high, low, close, volume, vwap, trades) FROM STDIN', text);
  }

  async settleUnsorted(order: StagedOrder): Promise<SettledRows> {
    const del = await this.client.query('DELETE FROM import_stage_ticks WHERE row IN (SELECT row FROM (SELECT row, row_number() OVER (PARTITION BY sym, trade_id ORDER BY row) AS k FROM import_stage_ticks) t WHERE k > 1)');
    const duplicates = del.rowCount ?? 0;
    if (order === 'time') return { duplicates, errors: [], errorCount: 0 };
    const count = await this.client.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM (${OUT_OF_ORDER_ROWS}) e`);
    const rows = await this.client.query<{ row: number; ts: number; prev_id: number; prev_row: number }>(`${OUT_OF_ORDER_ROWS} ORDER BY row LIMIT $1`, [LISTED_ERRORS]);
    const errors = rows.rows.map((r) => ({ row: r.row, reason: `transact_time ${r.ts} is earlier than that of agg_trade_id ${r.prev_id} (row ${r.prev_row}), which comes before it` }));
    return { duplicates, errors, errorCount: count.rows[0]!.n };
  }

  async hasStoredTicks(symbol: string, from: number, to: number): Promise<boolean> {
    const r = await this.client.query('SELECT 1 FROM ticks WHERE symbol = $1 AND ts >= $2 AND ts < $3 LIMIT 1', [symbol, from, to]);
    return r.rows.length > 0;
  }

  async findImport(sha256: string): Promise<TickImportRecord | null> {
    const { rows } = await this.client.query<TickImportRow>('SELECT sha256, name, format, rows, inserted, duplicates, bars, first_ts, last_ts FROM tick_imports WHERE sha256 = $1', [sha256]);
    const r = rows[0];
    return r === undefined ? null : toTickImportRecord(r);
  }

  async commit(c: TickImportCommit): Promise<TickImportCommitResult> {
    const t0 = performance.now();
    const insertedBySymbol = new Map<string, number>();
    let inserted = 0;
    for (const [sym, symbol] of this.symbols.entries()) {
      const { rows } = await this.client.query<{ n: number }>(MERGE_SQL, [symbol, sym]);
      const n = rows[0]?.n ?? 0;
      insertedBySymbol.set(symbol, n);
      inserted += n;
    }
    let bars = 0;
    for (const symbol of c.stagedBarSymbols) bars += (await this.client.query(MERGE_BARS_SQL, [symbol])).rowCount ?? 0;
    if (c.record !== null) await this.insertRecord(c.record(inserted, bars));
    await this.client.query('COMMIT');
    this.state = 'committed';
    return { insertedBySymbol, bars, lockMs: performance.now() - t0 };
  }

  async record(r: TickImportRecord): Promise<void> {
    // After the commit: a short transaction of its own on the same connection.
    await this.insertRecord(r);
  }

  private async insertRecord(r: TickImportRecord): Promise<void> {
    await this.client.query(RECORD_SQL, [r.sha256, r.name, r.format, r.rows, r.inserted, r.duplicates, r.bars, r.firstTs, r.lastTs, Date.now()]);
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const committed = this.state === 'committed';
    this.state = 'closed';
    let broken = false;
    if (!committed) await this.client.query('ROLLBACK').catch(() => (broken = true));
    this.client.release(broken);
  }
}
