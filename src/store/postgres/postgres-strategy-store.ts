/**
 * `PostgresStrategyStore`: paper strategies and their fills in PostgreSQL (migration 5). Fills go
 * in with `ON CONFLICT DO NOTHING ... RETURNING`, which answers the rows actually inserted.
 * @module
 */

import type pg from 'pg';
import { inPooledTransaction } from './pg-transaction.js';
import { FILL_ORDER_SQL, toFillRow, toStrategyRow, type StrategyDbRow, type StrategyFillDbRow, type StrategyFillRow, type StrategyPatch, type StrategyRow, type StrategyStore } from '../strategy-store.js';

const INSERT_FILL_SQL = `INSERT INTO strategy_fills (strategy_id, time, kind, side, signal_time, price_y, price_x, qty_y, qty_x, reason, net_pnl, published_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (strategy_id, time, kind) DO NOTHING RETURNING strategy_id`;

export class PostgresStrategyStore implements StrategyStore {
  constructor(private readonly pool: pg.Pool) {}

  async createStrategy(row: StrategyRow): Promise<void> {
    await this.pool.query('INSERT INTO strategies (id, request, state, started_at, warmup_from, stopped_at, last_bar_start, flattens) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      row.id,
      JSON.stringify(row.request),
      row.state,
      row.startedAt,
      row.warmupFrom,
      row.stoppedAt,
      row.lastBarStart,
      JSON.stringify(row.flattens),
    ]);
  }

  async listStrategies(): Promise<StrategyRow[]> {
    return (await this.pool.query<StrategyDbRow>('SELECT * FROM strategies ORDER BY started_at, id')).rows.map(toStrategyRow);
  }

  async getStrategy(id: string): Promise<StrategyRow | null> {
    const { rows } = await this.pool.query<StrategyDbRow>('SELECT * FROM strategies WHERE id = $1', [id]);
    return rows[0] === undefined ? null : toStrategyRow(rows[0]);
  }

  async updateStrategy(id: string, patch: StrategyPatch): Promise<void> {
    await this.pool.query(
      `UPDATE strategies SET state = coalesce($2, state), stopped_at = CASE WHEN $3 THEN $4::bigint ELSE stopped_at END,
         last_bar_start = CASE WHEN $5 THEN $6::bigint ELSE last_bar_start END, flattens = coalesce($7, flattens) WHERE id = $1`,
      [id, patch.state ?? null, patch.stoppedAt !== undefined, patch.stoppedAt ?? null, patch.lastBarStart !== undefined, patch.lastBarStart ?? null, patch.flattens === undefined ? null : JSON.stringify(patch.flattens)],
    );
  }

  async insertFills(fills: readonly StrategyFillRow[]): Promise<StrategyFillRow[]> {
    if (fills.length === 0) return [];
    // A handful of fills per bar: one statement each, in one transaction.
    return inPooledTransaction(this.pool, async (client) => {
      const inserted: StrategyFillRow[] = [];
      for (const f of fills) {
        const r = await client.query(INSERT_FILL_SQL, [f.strategyId, f.time, f.kind, f.side, f.signalTime, f.priceY, f.priceX, f.qtyY, f.qtyX, f.reason, f.netPnl, f.publishedAt]);
        if (r.rowCount !== null && r.rowCount > 0) inserted.push(f);
      }
      return inserted;
    });
  }

  async queryFills(strategyId: string): Promise<StrategyFillRow[]> {
    return (await this.pool.query<StrategyFillDbRow>(`SELECT * FROM strategy_fills WHERE strategy_id = $1 ${FILL_ORDER_SQL}`, [strategyId])).rows.map(toFillRow);
  }
}
