/**
 * The fake exchange's funding: settlements every 8 hours (00:00, 08:00, 16:00 UTC, the epoch
 * multiples of 8 h) with a deterministic rate per symbol and time, so a test can compute what a
 * backfill must have stored. The rate wanders between −0.02 % and +0.04 % (Binance's usual
 * range, centred on its 0.01 % default) as 0.0001 + 0.0003·sin(0.7·k + h), k = the settlement's
 * number since the epoch and h a hash of the symbol, rounded to Binance's 8 decimals. The mark
 * price is the tape's last trade price at or before the funding time, or "" before the tape
 * begins (as Binance gives old rows).
 * @module
 */

import type { TradeTape } from './trade-tape.js';

export const FUNDING_INTERVAL_MS = 8 * 3_600_000;

/** One row of `GET /fapi/v1/fundingRate`, as Binance writes it. */
export interface FundingRateRow {
  readonly symbol: string;
  readonly fundingTime: number;
  readonly fundingRate: string;
  readonly markPrice: string;
}

/** The rate of `symbol`'s settlement at `fundingTime` (a multiple of 8 h), as Binance's decimal string. */
export function fakeFundingRate(symbol: string, fundingTime: number): string {
  let h = 0;
  for (let i = 0; i < symbol.length; i++) h = (h * 31 + symbol.charCodeAt(i)) % 1000;
  const k = fundingTime / FUNDING_INTERVAL_MS;
  return (0.0001 + 0.0003 * Math.sin(0.7 * k + h)).toFixed(8);
}

/**
 * The settlements of `symbol` up to `now`, as the endpoint answers them: from `startTime` the
 * first `limit` in `[startTime, endTime]`; with no `startTime`, the latest `limit` up to `endTime`
 * (or `now`).
 */
export function fundingRateRows(tape: TradeTape, symbol: string, startTime: number | null, endTime: number | null, limit: number, now: number): FundingRateRow[] {
  const last = Math.floor(Math.min(endTime ?? now, now) / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS;
  const first = startTime === null ? last - (limit - 1) * FUNDING_INTERVAL_MS : Math.ceil(startTime / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS;
  const trades = tape.trades(symbol);
  const rows: FundingRateRow[] = [];
  for (let t = Math.max(0, first); t <= last && rows.length < limit; t += FUNDING_INTERVAL_MS) {
    rows.push({ symbol, fundingTime: t, fundingRate: fakeFundingRate(symbol, t), markPrice: priceAt(trades, t) });
  }
  return rows;
}

/** The price of the last trade at or before `t`, or "" when there is none. */
function priceAt(trades: readonly { readonly T: number; readonly p: string }[], t: number): string {
  let lo = 0;
  let hi = trades.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (trades[mid]!.T <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? '' : trades[lo - 1]!.p;
}
