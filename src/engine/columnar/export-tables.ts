/**
 * The tables of the Parquet and Arrow exports: the same columns, names and order as the CSV
 * exports of `engine/csv-export.ts`, typed, and the functions that turn a page of ticks, a
 * page of bars or a slice of the pair series into one `ColumnBatch`.
 * @module
 */

import type { Bar } from '../../model/bar.js';
import type { Tick } from '../../model/tick.js';
import type { PairColumns } from '../pair-point.js';
import type { ColumnBatch, ColumnSpec } from './column-batch.js';

/** `symbol,ts,price,qty,trade_id,buyer_maker`. */
export const TICK_COLUMNS: readonly ColumnSpec[] = [
  { name: 'symbol', kind: 'symbol' },
  { name: 'ts', kind: 'timestamp' },
  { name: 'price', kind: 'float64' },
  { name: 'qty', kind: 'float64' },
  { name: 'trade_id', kind: 'int64' },
  { name: 'buyer_maker', kind: 'bool' },
];

/** `timestamp,open,high,low,close,volume,vwap,trades` (timestamp = bar start). */
export const BAR_COLUMNS: readonly ColumnSpec[] = [
  { name: 'timestamp', kind: 'timestamp' },
  { name: 'open', kind: 'float64' },
  { name: 'high', kind: 'float64' },
  { name: 'low', kind: 'float64' },
  { name: 'close', kind: 'float64' },
  { name: 'volume', kind: 'float64' },
  { name: 'vwap', kind: 'float64' },
  { name: 'trades', kind: 'int64' },
];

/** `timestamp,y,x,y_filled,x_filled,beta,alpha,spread,z,corr,ols_beta`; the statistics are null where undefined (the CSV's empty fields). */
export const PAIR_COLUMNS: readonly ColumnSpec[] = [
  { name: 'timestamp', kind: 'timestamp' },
  { name: 'y', kind: 'float64' },
  { name: 'x', kind: 'float64' },
  { name: 'y_filled', kind: 'bool' },
  { name: 'x_filled', kind: 'bool' },
  { name: 'beta', kind: 'float64', nullable: true },
  { name: 'alpha', kind: 'float64', nullable: true },
  { name: 'spread', kind: 'float64', nullable: true },
  { name: 'z', kind: 'float64', nullable: true },
  { name: 'corr', kind: 'float64', nullable: true },
  { name: 'ols_beta', kind: 'float64', nullable: true },
];

/** Ticks of one symbol (`symbol` is their symbol) as a batch. */
export function tickBatch(symbol: string, ticks: readonly Tick[]): ColumnBatch {
  const n = ticks.length;
  const ts = new Float64Array(n);
  const price = new Float64Array(n);
  const qty = new Float64Array(n);
  const tradeId = new Float64Array(n);
  const buyerMaker = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = ticks[i]!;
    ts[i] = t.ts;
    price[i] = t.price;
    qty[i] = t.qty;
    tradeId[i] = t.tradeId;
    buyerMaker[i] = t.buyerMaker ? 1 : 0;
  }
  return { rows: n, columns: [symbol, ts, price, qty, tradeId, buyerMaker] };
}

export function barBatch(bars: readonly Bar[]): ColumnBatch {
  const n = bars.length;
  const cols = Array.from({ length: 8 }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const b = bars[i]!;
    cols[0]![i] = b.start;
    cols[1]![i] = b.open;
    cols[2]![i] = b.high;
    cols[3]![i] = b.low;
    cols[4]![i] = b.close;
    cols[5]![i] = b.volume;
    cols[6]![i] = b.vwap;
    cols[7]![i] = b.trades;
  }
  return { rows: n, columns: cols };
}

/** Rows [from, to) of the pair series, as views on its columns (nothing copied). */
export function pairBatch(c: PairColumns, from: number, to: number): ColumnBatch {
  const f = (a: Float64Array): Float64Array => a.subarray(from, to);
  return {
    rows: to - from,
    columns: [f(c.start), f(c.y), f(c.x), c.yFilled.subarray(from, to), c.xFilled.subarray(from, to), f(c.beta), f(c.alpha), f(c.spread), f(c.z), f(c.corr), f(c.olsBeta)],
  };
}
