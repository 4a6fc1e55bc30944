/**
 * `Tick`: one trade as every source delivers it and every store keeps it.
 * @module
 */

import type { EpochMs, Price, Qty } from '../core/brand.js';

/** Where a tick came from. */
export type TickSource = 'binance' | 'simulator' | 'replay' | 'import';

export interface Tick {
  /** Upper case, e.g. `BTCUSDT`. */
  readonly symbol: string;
  /** Trade time (Binance `T`), epoch ms. Bars are bucketed by this, never by receive time. */
  readonly ts: EpochMs;
  readonly price: Price;
  readonly qty: Qty;
  /** Binance aggregate trade id (`a`), or the source's own sequence; unique per symbol. */
  readonly tradeId: number;
  /** True when the buyer was the maker, i.e. the seller was the aggressor. */
  readonly buyerMaker: boolean;
  readonly source: TickSource;
}
