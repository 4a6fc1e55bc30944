/**
 * OHLCV columns (from `resampleOhlcv`) as `Bar` records of one symbol and timeframe.
 * @module
 */

import { epochMs, price, qty } from '../core/brand.js';
import type { Bar } from '../model/bar.js';
import type { Timeframe } from '../model/timeframe.js';
import type { OhlcvColumns } from './resample-ohlcv.js';

/**
 * One `Bar` per column element, in the columns' time order; `trades` is the bucket's tick count.
 * @example ohlcvBars(resampleOhlcv(ts, p, q, 60_000), 'BTCUSDT', '1m')
 */
export function ohlcvBars(c: OhlcvColumns, symbol: string, tf: Timeframe): Bar[] {
  return Array.from(c.ts, (s, i) => ({
    symbol,
    tf,
    start: epochMs(s),
    open: price(c.open[i]!),
    high: price(c.high[i]!),
    low: price(c.low[i]!),
    close: price(c.close[i]!),
    volume: qty(c.volume[i]!),
    vwap: price(c.vwap[i]!),
    trades: c.count[i]!,
  }));
}
