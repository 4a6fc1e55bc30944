/**
 * `BarStore`: the port for final bars. A bar is keyed by `(symbol, tf, start)`; writing a bar
 * with the same key replaces it, so a revised bar (after a gap refill) overwrites the old one.
 * @module
 */

import type { Bar, CloseColumns } from '../model/bar.js';

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

/**
 * Where a stored bar came from: built from ticks live, rebuilt from imported ticks, imported
 * OHLC, Binance 1m klines fetched by the backfill, or the simulator's generated past.
 */
export type BarSource = 'live' | 'import' | 'ohlc' | 'klines' | 'simulated';

/**
 * Sources of history bars with no ticks behind them, written only to fill what is missing: such
 * a bar never replaces a stored bar of another source (built from ticks, or imported OHLC), while
 * a bar built from ticks replaces it.
 */
export const FILL_ONLY_SOURCES: readonly BarSource[] = ['klines', 'simulated'];

/**
 * `FILL_ONLY_SOURCES` as fixed SQL text for `source IN (...)`, written out rather than built,
 * so the adapters' SQL holds no interpolated values (test/integration/security-sql.test.ts);
 * bar-store.test.ts keeps the two in step.
 */
export const FILL_ONLY_SOURCES_SQL = "'klines', 'simulated'";

export function isFillOnlySource(source: BarSource): boolean {
  return FILL_ONLY_SOURCES.includes(source);
}

export interface BarStore {
  /**
   * Stores `bars` in one transaction, replacing bars of the same key; `source` defaults to
   * `live`. Bars of a fill-only source (`klines`, `simulated`) replace only bars of a fill-only
   * source: they never overwrite a bar built from ticks or imported.
   */
  upsertBars(bars: readonly Bar[], source?: BarSource): Promise<void>;
  /** Bars of one symbol and timeframe, oldest first. */
  queryBars(q: BarRangeQuery): Promise<Bar[]>;
  /** Only the starts and closes of `queryBars(q)`: what pair alignment reads, without whole rows. */
  queryCloses(q: BarRangeQuery): Promise<CloseColumns>;
  barCount(): Promise<number>;
  /** Every symbol with stored bars. */
  symbols(): Promise<string[]>;
  /** Start of the latest stored bar of `symbol` at `tf`, or null when it has none. */
  latestStart(symbol: string, tf: string): Promise<number | null>;
  /** Start of the earliest stored bar of `symbol` at `tf`, or null when it has none. */
  earliestStart(symbol: string, tf: string): Promise<number | null>;
  /**
   * The stored bars of `q`'s range (its `limit` and `afterStart` ignored) as the OHLC of
   * epoch-aligned buckets `widthMs` wide, computed by the database (one grouped scan of the
   * primary key, no bar leaves it): open of the first bar, close of the last, highest high,
   * lowest low, summed volume and trades, volume-weighted vwap (the last close when no volume),
   * exactly as `BarDownsampler` (bars/downsample.ts) makes them.
   */
  bucketBars(q: Omit<BarRangeQuery, 'limit' | 'afterStart'>, widthMs: number): Promise<Bar[]>;
}
