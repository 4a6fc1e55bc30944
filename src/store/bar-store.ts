/**
 * `BarStore`: the port for final bars. A bar is keyed by `(symbol, tf, start)`; writing a bar
 * with the same key replaces it, so a revised bar (after a gap refill) overwrites the old one.
 * @module
 */

import type { Bar } from '../model/bar.js';

export interface BarRangeQuery {
  readonly symbol: string;
  readonly tf: string;
  /** Inclusive lower bound on `start`. */
  readonly from?: number;
  /** Exclusive upper bound on `start`. */
  readonly to?: number;
  readonly limit: number;
  /** Continue strictly after this bar start. */
  readonly afterStart?: number;
}

/** Where a stored bar came from: built from ticks live, rebuilt from imported ticks, or imported OHLC. */
export type BarSource = 'live' | 'import' | 'ohlc';

export interface BarStore {
  /** Stores `bars` in one transaction, replacing bars of the same key; `source` defaults to `live`. */
  upsertBars(bars: readonly Bar[], source?: BarSource): Promise<void>;
  /** Bars of one symbol and timeframe, oldest first. */
  queryBars(q: BarRangeQuery): Promise<Bar[]>;
  barCount(): Promise<number>;
  /** Every symbol with stored bars. */
  symbols(): Promise<string[]>;
}
