/**
 * `FundingStore`: the port for the funding rates of perpetual futures. Binance USD-M settles
 * funding every 8 hours (00:00, 08:00, 16:00 UTC for most symbols): at each funding time a
 * position of signed quantity q pays q·markPrice·rate (a long pays a positive rate, a short
 * receives it). A rate is keyed by `(symbol, ts)`; writing the same key again replaces it.
 *
 * @example
 *   await stores.funding.upsertFunding([{ symbol: 'BTCUSDT', ts: 1_795_000_000_000, rate: 0.0001, markPrice: 91_250.5 }]);
 *   const rows = await stores.funding.queryFunding({ symbol: 'BTCUSDT', from: 1_794_900_000_000, limit: 1000 });
 * @module
 */

import { TandemError } from '../core/tandem-error.js';

/** One funding settlement of one symbol. */
export interface FundingRate {
  readonly symbol: string;
  /** The funding time, epoch ms. */
  readonly ts: number;
  /** The rate of this settlement, a fraction (0.0001 = 0.01 %). */
  readonly rate: number;
  /** The mark price funding was computed on; NaN when the source gave none (old Binance rows). */
  readonly markPrice: number;
}

export interface FundingRangeQuery {
  readonly symbol: string;
  /** Inclusive lower bound on `ts`. */
  readonly from?: number;
  /** Exclusive upper bound on `ts`. */
  readonly to?: number;
  readonly limit: number;
}

export interface FundingStore {
  /** Stores `rows` in one transaction; a row of a stored `(symbol, ts)` replaces it. */
  upsertFunding(rows: readonly FundingRate[]): Promise<void>;
  /** Rates of one symbol in the range, oldest first, at most `limit`. */
  queryFunding(q: FundingRangeQuery): Promise<FundingRate[]>;
}

/**
 * Refuses a batch with a row no store should hold, naming the row and field, before anything
 * is written: `funding 2 (BTCUSDT): rate is not a finite number (NaN)`. A missing mark price is
 * NaN (stored as NULL); an infinite or non-positive one is refused.
 */
export function validateFunding(rows: readonly FundingRate[]): void {
  rows.forEach((r, i) => {
    const where = `funding ${i} (${r.symbol})`;
    if (typeof r.symbol !== 'string' || !/^[A-Z0-9]{1,30}$/.test(r.symbol)) throw new TandemError('invalid_funding', `${where}: symbol is not an upper-case symbol name ('${String(r.symbol)}')`);
    if (!Number.isSafeInteger(r.ts) || r.ts < 0) throw new TandemError('invalid_funding', `${where}: ts is not whole epoch ms (${r.ts})`);
    if (!Number.isFinite(r.rate)) throw new TandemError('invalid_funding', `${where}: rate is not a finite number (${r.rate})`);
    if (!Number.isNaN(r.markPrice) && !(Number.isFinite(r.markPrice) && r.markPrice > 0)) throw new TandemError('invalid_funding', `${where}: markPrice is neither a positive number nor NaN (${r.markPrice})`);
  });
}

/** The row both stores read back (`mark_price` NULL when the source had none). */
export interface FundingRow {
  symbol: string;
  ts: number;
  rate: number;
  mark_price: number | null;
}

export const toFundingRate = (r: FundingRow): FundingRate => ({ symbol: r.symbol, ts: Number(r.ts), rate: r.rate, markPrice: r.mark_price ?? Number.NaN });

/** The last row of each `(symbol, ts)` of a batch (PostgreSQL may not update a row twice in one statement), in key order. */
export function lastPerKey(rows: readonly FundingRate[]): FundingRate[] {
  const last = new Map<string, FundingRate>();
  for (const r of rows) last.set(`${r.symbol}|${r.ts}`, r);
  return [...last.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.ts - b.ts));
}
