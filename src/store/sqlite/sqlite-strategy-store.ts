/**
 * `SqliteStrategyStore`: paper strategies and their fills in Tandem's SQLite file (migration 6).
 * Fills go in with `INSERT OR IGNORE` on `(strategy_id, time, kind)`; `changes` tells which did.
 * @module
 */

import type Database from 'better-sqlite3';
import { FILL_ORDER_SQL, toFillRow, toStrategyRow, type StrategyDbRow, type StrategyFillDbRow, type StrategyFillRow, type StrategyPatch, type StrategyRow, type StrategyStore } from '../strategy-store.js';

export class SqliteStrategyStore implements StrategyStore {
  private readonly insertFillsTx: (fills: readonly StrategyFillRow[]) => StrategyFillRow[];

  constructor(private readonly db: Database.Database) {
    const insert = db.prepare(`INSERT OR IGNORE INTO strategy_fills (strategy_id, time, kind, side, signal_time, price_y, price_x, qty_y, qty_x, reason, net_pnl, published_at)
      VALUES (@strategyId, @time, @kind, @side, @signalTime, @priceY, @priceX, @qtyY, @qtyX, @reason, @netPnl, @publishedAt)`);
    this.insertFillsTx = db.transaction((fills: readonly StrategyFillRow[]) => fills.filter((f) => insert.run(f).changes > 0));
  }

  createStrategy(row: StrategyRow): Promise<void> {
    this.db
      .prepare('INSERT INTO strategies (id, request, state, started_at, warmup_from, stopped_at, last_bar_start, flattens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(row.id, JSON.stringify(row.request), row.state, row.startedAt, row.warmupFrom, row.stoppedAt, row.lastBarStart, JSON.stringify(row.flattens));
    return Promise.resolve();
  }

  listStrategies(): Promise<StrategyRow[]> {
    return Promise.resolve((this.db.prepare('SELECT * FROM strategies ORDER BY started_at, id').all() as StrategyDbRow[]).map(toStrategyRow));
  }

  getStrategy(id: string): Promise<StrategyRow | null> {
    const row = this.db.prepare('SELECT * FROM strategies WHERE id = ?').get(id) as StrategyDbRow | undefined;
    return Promise.resolve(row === undefined ? null : toStrategyRow(row));
  }

  updateStrategy(id: string, patch: StrategyPatch): Promise<void> {
    this.db
      .prepare(
        `UPDATE strategies SET state = coalesce(@state, state), stopped_at = CASE WHEN @setStopped THEN @stoppedAt ELSE stopped_at END,
           last_bar_start = CASE WHEN @setLast THEN @lastBarStart ELSE last_bar_start END, flattens = coalesce(@flattens, flattens) WHERE id = @id`,
      )
      .run({
        id,
        state: patch.state ?? null,
        setStopped: patch.stoppedAt === undefined ? 0 : 1,
        stoppedAt: patch.stoppedAt ?? null,
        setLast: patch.lastBarStart === undefined ? 0 : 1,
        lastBarStart: patch.lastBarStart ?? null,
        flattens: patch.flattens === undefined ? null : JSON.stringify(patch.flattens),
      });
    return Promise.resolve();
  }

  insertFills(fills: readonly StrategyFillRow[]): Promise<StrategyFillRow[]> {
    return Promise.resolve(fills.length === 0 ? [] : this.insertFillsTx(fills));
  }

  queryFills(strategyId: string): Promise<StrategyFillRow[]> {
    return Promise.resolve((this.db.prepare(`SELECT * FROM strategy_fills WHERE strategy_id = ? ${FILL_ORDER_SQL}`).all(strategyId) as StrategyFillDbRow[]).map(toFillRow));
  }
}
