/**
 * Bars of a source's generated past (the simulator's `--history`): its trades resampled into
 * every stored timeframe of a whole number of minutes (1m, 5m). Shorter ones (1s) are left out,
 * as they are for Binance klines: the past is for the charts and tests at 1m and longer.
 * @module
 */

import { ohlcvBars } from '../bars/ohlcv-bars.js';
import { resampleOhlcv } from '../bars/resample-ohlcv.js';
import type { SourceHistory } from '../ingest/market-data-source.js';
import type { Bar } from '../model/bar.js';
import type { TimeframeSpec } from '../model/timeframe.js';

/** Bars of `history` per symbol and timeframe (of `timeframes`, those in whole minutes), oldest first. */
export function historyBars(history: SourceHistory, timeframes: readonly TimeframeSpec[]): Bar[] {
  const bySymbol = new Map<string, { ts: number[]; price: number[]; qty: number[] }>();
  for (const t of history.ticks) {
    let cols = bySymbol.get(t.symbol);
    if (cols === undefined) {
      cols = { ts: [], price: [], qty: [] };
      bySymbol.set(t.symbol, cols);
    }
    cols.ts.push(t.ts);
    cols.price.push(t.price);
    cols.qty.push(t.qty);
  }
  const out: Bar[] = [];
  for (const tf of timeframes) {
    if (tf.ms < 60_000 || tf.ms % 60_000 !== 0) continue;
    for (const [symbol, cols] of bySymbol) {
      out.push(...ohlcvBars(resampleOhlcv(cols.ts, cols.price, cols.qty, tf.ms), symbol, tf.label));
    }
  }
  return out;
}
