/**
 * `PostgresFundingStore`: funding rates keyed by `(symbol, ts)`. A batch is one
 * `INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE`; a key repeated within a batch
 * keeps its last row, as SQLite's replace does. A missing mark price (NaN) is stored as NULL.
 * @module
 */

import type pg from 'pg';
import { lastPerKey, toFundingRate, validateFunding, type FundingRangeQuery, type FundingRate, type FundingRow, type FundingStore } from '../funding-store.js';

const UPSERT_SQL = `
  INSERT INTO funding_rates (symbol, ts, rate, mark_price)
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::float8[], $4::float8[])
  ON CONFLICT (symbol, ts) DO UPDATE SET rate = excluded.rate, mark_price = excluded.mark_price`;

const QUERY_SQL = 'SELECT symbol, ts, rate, mark_price FROM funding_rates WHERE symbol = $1 AND ts >= $2 AND ts < $3 ORDER BY ts LIMIT $4';

export class PostgresFundingStore implements FundingStore {
  constructor(private readonly pool: pg.Pool) {}

  async upsertFunding(rows: readonly FundingRate[]): Promise<void> {
    validateFunding(rows);
    if (rows.length === 0) return;
    const last = lastPerKey(rows);
    await this.pool.query(UPSERT_SQL, [last.map((r) => r.symbol), last.map((r) => r.ts), last.map((r) => r.rate), last.map((r) => (Number.isNaN(r.markPrice) ? null : r.markPrice))]);
  }

  async queryFunding(q: FundingRangeQuery): Promise<FundingRate[]> {
    const { rows } = await this.pool.query<FundingRow>(QUERY_SQL, [q.symbol, q.from ?? Number.MIN_SAFE_INTEGER, q.to ?? Number.MAX_SAFE_INTEGER, q.limit]);
    return rows.map(toFundingRate);
  }
}
