/**
 * Loads the funding settlements of both legs of a pair over its bars' span, for a backtest or a
 * sweep (`loadPairBars` attaches them to the columns). Whether funding is simulated:
 * `funding: true` asks for it, and a leg without stored rates in the span is then an expected
 * failure (`no_funding_rates`, naming the leg); `false` leaves it out; absent (null) simulates it
 * when both legs have rates in the span, else not.
 * @module
 */

import { legFunding, type PairFunding } from '../backtest/funding-columns.js';
import { TandemError } from '../core/tandem-error.js';
import type { FundingStore } from '../store/funding-store.js';

/** Most settlements of one leg read (a century of three a day is 110,000). */
const MAX_FUNDING_ROWS = 200_000;

export interface PairFundingQuery {
  readonly y: string;
  readonly x: string;
  /** The bars' span: the first bar's start, inclusive, and the last bar's end, exclusive. */
  readonly from: number;
  readonly to: number;
  /** true: required; false: not simulated; null: simulated when both legs have rates. */
  readonly funding: boolean | null;
}

/** The pair's settlements in the span, or null when funding is not simulated. */
export async function loadPairFunding(store: FundingStore, q: PairFundingQuery): Promise<PairFunding | null> {
  if (q.funding === false) return null;
  const read = (symbol: string): Promise<{ ts: number; rate: number; markPrice: number }[]> => store.queryFunding({ symbol, from: q.from, to: q.to, limit: MAX_FUNDING_ROWS });
  const [y, x] = await Promise.all([read(q.y), read(q.x)]);
  if (y.length === 0 || x.length === 0) {
    if (q.funding === null) return null;
    const [field, symbol] = y.length === 0 ? ['y', q.y] : ['x', q.x];
    throw new TandemError(
      'no_funding_rates',
      `funding: no stored funding rates of ${symbol} (${field}) from ${new Date(q.from).toISOString()} to ${new Date(q.to).toISOString()}; store them (serve --backfill with a Binance source) or pass funding: false`,
    );
  }
  return { y: legFunding(y), x: legFunding(x) };
}
