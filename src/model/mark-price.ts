/**
 * `MarkPrice`: a perpetual's mark price and funding as the exchange publishes them every second
 * (Binance `<symbol>@markPrice@1s`). Not a trade: it never reaches the tick store or the bars;
 * the Overview cards show it (the current funding rate, the mark price and a countdown to the
 * next settlement).
 * @module
 */

export interface MarkPrice {
  /** Upper case, e.g. `BTCUSDT`. */
  readonly symbol: string;
  /** Event time (Binance `E`), epoch ms. */
  readonly ts: number;
  readonly markPrice: number;
  /** Index price (`i`); NaN when the source has none. */
  readonly indexPrice: number;
  /** Estimated settle price (`P`); NaN when the source has none. */
  readonly estimatedSettlePrice: number;
  /** The funding rate of the coming settlement, per funding interval (8 h), a fraction: 0.0001 is 0.01 %. Null for a delivery contract. */
  readonly fundingRate: number | null;
  /** When the next funding settles, epoch ms; null for a delivery contract. */
  readonly nextFundingTime: number | null;
}

/** Receives mark prices in the order a source produced them. */
export type MarkSink = (marks: readonly MarkPrice[]) => void;
