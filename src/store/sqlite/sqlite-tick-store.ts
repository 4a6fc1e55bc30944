/**
 * `SqliteTickStore`: ticks in SQLite, de-duplicated on `(symbol, trade_id)` by the primary
 * key, with a per-symbol count maintained in the same transaction so status reads are O(1).
 * @module
 */

import type Database from 'better-sqlite3';
import { epochMs, price, qty } from '../../core/brand.js';
import type { Tick, TickSource } from '../../model/tick.js';
import type { AppendResult, SymbolSummary, TickRangeQuery, TickStore } from '../tick-store.js';

interface TickRow {
  symbol: string;
  trade_id: number;
  ts: number;
  price: number;
  qty: number;
  buyer_maker: number;
  source: string;
}

const toTick = (r: TickRow): Tick => ({
  symbol: r.symbol,
  ts: epochMs(r.ts),
  price: price(r.price),
  qty: qty(r.qty),
  tradeId: r.trade_id,
  buyerMaker: r.buyer_maker === 1,
  source: r.source as TickSource,
});

export class SqliteTickStore implements TickStore {
  private readonly insert: Database.Statement;
  private readonly bumpCount: Database.Statement;
  private readonly appendTx: (ticks: readonly Tick[]) => AppendResult;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT OR IGNORE INTO ticks (symbol, trade_id, ts, price, qty, buyer_maker, source) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.bumpCount = db.prepare('INSERT INTO tick_counts (symbol, n) VALUES (?, ?) ON CONFLICT (symbol) DO UPDATE SET n = n + excluded.n');
    this.appendTx = db.transaction((ticks: readonly Tick[]) => {
      const bySymbol = new Map<string, number>();
      let inserted = 0;
      for (const t of ticks) {
        const changes = this.insert.run(t.symbol, t.tradeId, t.ts, t.price, t.qty, t.buyerMaker ? 1 : 0, t.source).changes;
        if (changes > 0) {
          inserted++;
          bySymbol.set(t.symbol, (bySymbol.get(t.symbol) ?? 0) + 1);
        }
      }
      for (const [symbol, n] of bySymbol) this.bumpCount.run(symbol, n);
      return { inserted, duplicates: ticks.length - inserted };
    });
  }

  appendTicks(ticks: readonly Tick[]): Promise<AppendResult> {
    return Promise.resolve(this.appendTicksSync(ticks));
  }

  /** The synchronous form, for callers that batch on their own thread. */
  appendTicksSync(ticks: readonly Tick[]): AppendResult {
    if (ticks.length === 0) return { inserted: 0, duplicates: 0 };
    return this.appendTx(ticks);
  }

  queryTicks(q: TickRangeQuery): Promise<Tick[]> {
    return Promise.resolve(this.queryTicksSync(q));
  }

  /** The synchronous form of `queryTicks`. */
  queryTicksSync(q: TickRangeQuery): Tick[] {
    const where = ['symbol = ?'];
    const args: (string | number)[] = [q.symbol];
    if (q.from !== undefined) {
      where.push('ts >= ?');
      args.push(q.from);
    }
    if (q.to !== undefined) {
      where.push('ts < ?');
      args.push(q.to);
    }
    if (q.after !== undefined) {
      where.push('(ts > ? OR (ts = ? AND trade_id > ?))');
      args.push(q.after.ts, q.after.ts, q.after.tradeId);
    }
    args.push(q.limit);
    const rows = this.db
      .prepare(`SELECT symbol, trade_id, ts, price, qty, buyer_maker, source FROM ticks WHERE ${where.join(' AND ')} ORDER BY ts, trade_id LIMIT ?`)
      .all(...args) as TickRow[];
    return rows.map(toTick);
  }

  lastTradeId(symbol: string, source?: TickSource): Promise<number | null> {
    const row = (
      source === undefined
        ? this.db.prepare('SELECT MAX(trade_id) AS id FROM ticks WHERE symbol = ?').get(symbol)
        : this.db.prepare('SELECT trade_id AS id FROM ticks WHERE symbol = ? AND source = ? ORDER BY trade_id DESC LIMIT 1').get(symbol, source)
    ) as { id: number | null } | undefined;
    return Promise.resolve(row?.id ?? null);
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
