/**
 * `Bar`: OHLCV of one symbol over one timeframe bucket, labelled by the bucket's start.
 * @module
 */

import type { EpochMs, Price, Qty } from '../core/brand.js';
import type { Timeframe } from './timeframe.js';

export interface Bar {
  readonly symbol: string;
  readonly tf: Timeframe;
  /** Bucket start, epoch ms; the bucket is [start, start + tf). */
  readonly start: EpochMs;
  readonly open: Price;
  readonly high: Price;
  readonly low: Price;
  readonly close: Price;
  /** Σ qty. */
  readonly volume: Qty;
  /** Σ(price·qty) / Σ qty. */
  readonly vwap: Price;
  /** Number of ticks in the bucket. */
  readonly trades: number;
}

/**
 * A bar as the live engine publishes it: `final` once its bucket has closed, otherwise the
 * forming bar of the current bucket, which later updates replace.
 */
export interface BarUpdate {
  readonly bar: Bar;
  readonly final: boolean;
  /** True when this final bar replaces one published before (trades arrived late, e.g. a gap refill). */
  readonly revised?: boolean;
}

/**
 * The starts and closes of one symbol's bars, column by column, oldest first: what pair
 * alignment reads. A week of 1 s bars is 604,800 of them; as `{start, close}` objects they
 * cost more to make and to collect than the read itself.
 */
export interface CloseColumns {
  readonly start: Float64Array;
  readonly close: Float64Array;
}

/** The columns of bars given as objects (stores that read rows, tests). */
export function closeColumnsOf(bars: readonly { readonly start: number; readonly close: number }[]): CloseColumns {
  const start = new Float64Array(bars.length);
  const close = new Float64Array(bars.length);
  bars.forEach((b, i) => {
    start[i] = b.start;
    close[i] = b.close;
  });
  return { start, close };
}
