/**
 * The rows of the tick and bar tables as both stores read them, and their mapping to `Tick`
 * and `Bar`, so SQLite and PostgreSQL answer with identical values.
 * @module
 */

import { epochMs, price, qty } from '../core/brand.js';
import type { Bar } from '../model/bar.js';
import type { Tick, TickSource } from '../model/tick.js';
import type { Timeframe } from '../model/timeframe.js';

export interface TickRow {
  symbol: string;
  trade_id: number;
  ts: number;
  price: number;
  qty: number;
  /** SQLite has no boolean: 0/1 there, true/false in PostgreSQL. */
  buyer_maker: boolean | number;
  source: string;
}

export const toTick = (r: TickRow): Tick => ({
  symbol: r.symbol,
  ts: epochMs(r.ts),
  price: price(r.price),
  qty: qty(r.qty),
  tradeId: r.trade_id,
  buyerMaker: r.buyer_maker === true || r.buyer_maker === 1,
  source: r.source as TickSource,
});

export interface BarRow {
  symbol: string;
  tf: string;
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  vwap: number;
  trades: number;
}

export const toBar = (r: BarRow): Bar => ({
  symbol: r.symbol,
  tf: r.tf as Timeframe,
  start: epochMs(r.start),
  open: price(r.open),
  high: price(r.high),
  low: price(r.low),
  close: price(r.close),
  volume: qty(r.volume),
  vwap: price(r.vwap),
  trades: r.trades,
});

/** A bucket of bars as the stores' grouped queries return it (`BarStore.bucketBars`). */
export interface BucketRow {
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** Σ vwap·volume. */
  readonly pv: number;
  readonly trades: number;
}

export const bucketBar = (symbol: string, tf: string, r: BucketRow): Bar => ({
  symbol,
  tf: tf as Timeframe,
  start: epochMs(Number(r.start)),
  open: price(Number(r.open)),
  high: price(Number(r.high)),
  low: price(Number(r.low)),
  close: price(Number(r.close)),
  volume: qty(Number(r.volume)),
  vwap: price(Number(r.volume) > 0 ? Number(r.pv) / Number(r.volume) : Number(r.close)),
  trades: Number(r.trades),
});
