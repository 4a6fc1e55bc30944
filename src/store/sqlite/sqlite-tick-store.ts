/**
 * `SqliteTickStore`: ticks in SQLite, de-duplicated on `(symbol, trade_id)` by the primary
 * key, with a per-symbol count maintained in the same transaction so status reads are O(1).
 * @module
 */

import type Database from 'better-sqlite3';
import type { Tick, TickSource } from '../../model/tick.js';
import type { AppendResult, SymbolSummary, TakerTickQuery, TickCursor, TickRangeQuery, TickStore, TickStreamQuery } from '../tick-store.js';
import { epochMs } from '../../core/brand.js';
import { toTickColumns, type TickColumns } from '../tick-columns.js';
import { validateTickColumns } from '../tick-validation.js';
import { toTick, type TickRow } from '../market-rows.js';

/** Rows bound per multi-row INSERT (7 parameters each, well under SQLite's 32,766). */
const ROWS_PER_STATEMENT = 64;

export class SqliteTickStore implements TickStore {
  private readonly insertOne: Database.Statement;
  private readonly insertMany: Database.Statement;
  private readonly bumpCount: Database.Statement;
  private readonly appendTx: (cols: TickColumns) => AppendResult;

  constructor(private readonly db: Database.Database) {
    const row = '(?, ?, ?, ?, ?, ?, ?)';
    const insert = 'INSERT OR IGNORE INTO ticks (symbol, trade_id, ts, price, qty, buyer_maker, source) VALUES ';
    this.insertOne = db.prepare(insert + row);
    this.insertMany = db.prepare(insert + Array<string>(ROWS_PER_STATEMENT).fill(row).join(', '));
    this.bumpCount = db.prepare('INSERT INTO tick_counts (symbol, n) VALUES (?, ?) ON CONFLICT (symbol) DO UPDATE SET n = n + excluded.n');
    this.appendTx = db.transaction((cols: TickColumns) => this.insertColumns(cols));
  }

  /** A bad row rejects the promise (it does not throw synchronously). */
  appendTicks(ticks: readonly Tick[]): Promise<AppendResult> {
    try {
      return Promise.resolve(this.appendTicksSync(ticks));
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }

  /** The synchronous form, for callers that batch on their own thread. */
  appendTicksSync(ticks: readonly Tick[]): AppendResult {
    return this.appendColumnsSync(toTickColumns(ticks));
  }

  /** Stores a columnar batch in one transaction (the writer thread's entry point). */
  appendColumnsSync(cols: TickColumns): AppendResult {
    if (cols.length === 0) return { inserted: 0, duplicates: 0 };
    validateTickColumns(cols);
    return this.appendTx(cols);
  }

  /**
   * Inserts symbol by symbol, so each statement's change count is that symbol's new rows, in
   * statements of 64 rows: binding one statement per row costs twice as much per tick.
   */
  private insertColumns(cols: TickColumns): AppendResult {
    const bySymbol: number[][] = cols.symbols.map(() => []);
    for (let i = 0; i < cols.length; i++) bySymbol[cols.symbolIndex[i]!]!.push(i);
    const args: (string | number)[] = new Array<string | number>(ROWS_PER_STATEMENT * 7);
    const bind = (out: (string | number)[], at: number, i: number, symbol: string): void => {
      out[at] = symbol;
      out[at + 1] = cols.tradeId[i]!;
      out[at + 2] = cols.ts[i]!;
      out[at + 3] = cols.price[i]!;
      out[at + 4] = cols.qty[i]!;
      out[at + 5] = cols.buyerMaker[i]!;
      out[at + 6] = cols.sources[cols.sourceIndex[i]!]!;
    };
    let inserted = 0;
    bySymbol.forEach((rows, s) => {
      const symbol = cols.symbols[s]!;
      let added = 0;
      let k = 0;
      for (; k + ROWS_PER_STATEMENT <= rows.length; k += ROWS_PER_STATEMENT) {
        for (let j = 0; j < ROWS_PER_STATEMENT; j++) bind(args, j * 7, rows[k + j]!, symbol);
        added += this.insertMany.run(args).changes;
      }
      const one: (string | number)[] = new Array<string | number>(7);
      for (; k < rows.length; k++) {
        bind(one, 0, rows[k]!, symbol);
        added += this.insertOne.run(one).changes;
      }
      if (added > 0) this.bumpCount.run(symbol, added);
      inserted += added;
    });
    return { inserted, duplicates: cols.length - inserted };
  }

  queryTicks(q: TickRangeQuery): Promise<Tick[]> {
    return Promise.resolve(this.queryTicksSync(q));
  }

  /** The synchronous form of `queryTicks`. */
  queryTicksSync(q: TickRangeQuery): Tick[] {
    const where = ['symbol = ?'];
    const args: (string | number)[] = [q.symbol];
    // A lower bound in (ts, trade_id) order: the cursor, or `from`, whichever is later. A row
    // value comparison lets SQLite seek the index; an OR of two conditions would scan from the
    // symbol's first tick on every page.
    const lower: [number, number] | null =
      q.after !== undefined && (q.from === undefined || q.after.ts >= q.from) ? [q.after.ts, q.after.tradeId] : q.from !== undefined ? [q.from, -1] : null;
    if (lower !== null) {
      where.push('(ts, trade_id) > (?, ?)');
      args.push(lower[0], lower[1]);
    }
    if (q.to !== undefined) {
      where.push('ts < ?');
      args.push(q.to);
    }
    args.push(q.limit);
    const rows = this.db
      .prepare(`SELECT symbol, trade_id, ts, price, qty, buyer_maker, source FROM ticks WHERE ${where.join(' AND ')} ORDER BY ts, trade_id LIMIT ?`)
      .all(...args) as TickRow[];
    return rows.map(toTick);
  }

  /**
   * Keyset pages on the table's `(symbol, ts, trade_id)` key rather than one open statement: an
   * iterating better-sqlite3 statement would keep the connection busy while the consumer awaits.
   */
  async *streamTicks(q: TickStreamQuery, batchSize = 10_000): AsyncIterable<readonly Tick[]> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`streamTicks: batchSize must be a positive integer (${batchSize})`);
    let after: TickCursor | undefined;
    for (;;) {
      const page = this.queryTicksSync({ ...q, limit: batchSize, ...(after === undefined ? {} : { after }) });
      if (page.length > 0) yield page;
      if (page.length < batchSize) return;
      const last = page[page.length - 1]!;
      after = { ts: last.ts, tradeId: last.tradeId };
    }
  }

  lastTradeId(symbol: string, source?: TickSource): Promise<number | null> {
    const row = (
      source === undefined
        ? this.db.prepare('SELECT MAX(trade_id) AS id FROM ticks WHERE symbol = ?').get(symbol)
        : this.db.prepare('SELECT trade_id AS id FROM ticks WHERE symbol = ? AND source = ? ORDER BY trade_id DESC LIMIT 1').get(symbol, source)
    ) as { id: number | null } | undefined;
    return Promise.resolve(row?.id ?? null);
  }

  lastTakerTick(q: TakerTickQuery): Promise<Tick | null> {
    // Backwards along the (symbol, ts, trade_id) key from `before`: a few rows on a live feed.
    const row = this.db
      .prepare('SELECT symbol, trade_id, ts, price, qty, buyer_maker, source FROM ticks WHERE symbol = ? AND ts < ? AND ts >= ? AND buyer_maker = ? ORDER BY ts DESC, trade_id DESC LIMIT 1')
      .get(q.symbol, q.before, q.since, q.buyerMaker ? 1 : 0) as TickRow | undefined;
    return Promise.resolve(row === undefined ? null : toTick(row));
  }

  symbolSummaries(): Promise<SymbolSummary[]> {
    const counts = this.db.prepare('SELECT symbol, n FROM tick_counts ORDER BY symbol').all() as { symbol: string; n: number }[];
    const range = this.db.prepare('SELECT (SELECT MIN(ts) FROM ticks WHERE symbol = ?) AS first, (SELECT MAX(ts) FROM ticks WHERE symbol = ?) AS last');
    return Promise.resolve(
      counts.map(({ symbol, n }) => {
        const r = range.get(symbol, symbol) as { first: number | null; last: number | null };
        return { symbol, ticks: n, firstTs: r.first === null ? null : epochMs(r.first), lastTs: r.last === null ? null : epochMs(r.last) };
      }),
    );
  }

  tickCount(): Promise<number> {
    const row = this.db.prepare('SELECT COALESCE(SUM(n), 0) AS n FROM tick_counts').get() as { n: number };
    return Promise.resolve(row.n);
  }
}
