/**
 * Binance USD-M Futures wire formats Tandem reads. Field names are Binance's.
 * @module
 */

/** `<symbol>@aggTrade` payload on the market stream. */
export interface AggTradeEvent {
  /** Event type, `aggTrade`. */
  readonly e: 'aggTrade';
  /** Event time, ms: when Binance sent it. Used for lag, never for bars. */
  readonly E: number;
  readonly s: string;
  /** Aggregate trade id: consecutive per symbol. */
  readonly a: number;
  /** Price, a decimal string. */
  readonly p: string;
  /** Quantity, a decimal string. */
  readonly q: string;
  readonly f: number;
  readonly l: number;
  /** Trade time, ms: bars are bucketed by this. */
  readonly T: number;
  /** Buyer is the maker. */
  readonly m: boolean;
}

/** A row of `GET /fapi/v1/aggTrades`: the stream payload without `e`, `E`, `s`. */
export type RestAggTrade = Omit<AggTradeEvent, 'e' | 'E' | 's'>;

/** The stream name of a symbol's aggregate trades, e.g. `btcusdt@aggTrade`. */
export const aggTradeStream = (symbol: string): string => `${symbol.toLowerCase()}@aggTrade`;

/** The stream name of a symbol's mark price and funding, once a second: `btcusdt@markPrice@1s`. */
export const markPriceStream = (symbol: string): string => `${symbol.toLowerCase()}@markPrice@1s`;
