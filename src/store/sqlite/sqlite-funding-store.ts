/**
 * `SqliteFundingStore`: funding rates in SQLite, keyed by `(symbol, ts)`; a rate written again
 * for the same key replaces the stored one. A missing mark price (NaN) is stored as NULL.
 * @module
 */

import type Database from 'better-sqlite3';
import { toFundingRate, validateFunding, type FundingRangeQuery, type FundingRate, type FundingRow, type FundingStore } from '../funding-store.js';

export class SqliteFundingStore implements FundingStore {
  private readonly upsertTx: (rows: readonly FundingRate[]) => void;
  private readonly query: Database.Statement;

  constructor(db: Database.Database) {
    const upsert = db.prepare('INSERT OR REPLACE INTO funding_rates (symbol, ts, rate, mark_price) VALUES (?, ?, ?, ?)');
    this.upsertTx = db.transaction((rows: readonly FundingRate[]) => {
      for (const r of rows) upsert.run(r.symbol, r.ts, r.rate, Number.isNaN(r.markPrice) ? null : r.markPrice);
    });
    this.query = db.prepare('SELECT symbol, ts, rate, mark_price FROM funding_rates WHERE symbol = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?');
  }

  upsertFunding(rows: readonly FundingRate[]): Promise<void> {
    try {
      validateFunding(rows);
      if (rows.length > 0) this.upsertTx(rows);
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  queryFunding(q: FundingRangeQuery): Promise<FundingRate[]> {
    const rows = this.query.all(q.symbol, q.from ?? Number.MIN_SAFE_INTEGER, q.to ?? Number.MAX_SAFE_INTEGER, q.limit) as FundingRow[];
    return Promise.resolve(rows.map(toFundingRate));
  }
}
