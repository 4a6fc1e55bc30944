/**
 * One row of Binance's public USD-M aggTrades dump (data.binance.vision):
 * `agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker`.
 * Pure: fields in, a `Tick` or the reason the row is bad out.
 * @module
 */

import { epochMs, price, qty } from '../../core/brand.js';
import { err, ok, type Result } from '../../core/result.js';
import type { Tick, TickSource } from '../../model/tick.js';
import { parseBool, parseId, parsePositive, quote } from './field-parsers.js';

export const BINANCE_AGG_TRADE_COLUMNS = ['agg_trade_id', 'price', 'quantity', 'first_trade_id', 'last_trade_id', 'transact_time', 'is_buyer_maker'] as const;

/** `transact_time` values at or above this are microseconds (1e14 µs is 1973; 1e14 ms is the year 5138). */
export const MICROS_FROM = 1e14;
/** At or above this a time is neither ms nor µs (nanoseconds, or garbage). */
const TOO_LARGE = 1e17;

/** True when `fields` is the dump's header row (its first column is `agg_trade_id`). */
export function isBinanceHeader(fields: readonly string[]): boolean {
  return (fields[0] ?? '').trim().toLowerCase() === 'agg_trade_id';
}

/**
 * Epoch ms of a `transact_time`: milliseconds as is; microseconds (≥ 1e14, as Binance writes
 * in its newer dumps) divided by 1000 and floored, so a trade stays in its millisecond.
 */
export function transactTimeToMs(t: number): number {
  return t >= MICROS_FROM ? Math.floor(t / 1000) : t;
}

export function parseBinanceAggTradeRow(fields: readonly string[], symbol: string, source: TickSource): Result<Tick, string> {
  if (fields.length !== 7) return err(`expected 7 columns (${BINANCE_AGG_TRADE_COLUMNS.join(',')}), got ${fields.length}`);
  const id = parseId('agg_trade_id', fields[0]!);
  if (!id.ok) return id;
  const p = parsePositive('price', fields[1]!);
  if (!p.ok) return p;
  const q = parsePositive('quantity', fields[2]!);
  if (!q.ok) return q;
  const first = parseId('first_trade_id', fields[3]!);
  if (!first.ok) return first;
  const last = parseId('last_trade_id', fields[4]!);
  if (!last.ok) return last;
  if (last.value < first.value) return err(`last_trade_id ${last.value} is before first_trade_id ${first.value}`);
  const t = parseId('transact_time', fields[5]!);
  if (!t.ok) return t;
  if (t.value === 0 || t.value >= TOO_LARGE) return err(`transact_time is neither epoch ms nor µs (${quote(fields[5]!)})`);
  const maker = parseBool('is_buyer_maker', fields[6]!);
  if (!maker.ok) return maker;
  return ok({ symbol, ts: epochMs(transactTimeToMs(t.value)), price: price(p.value), qty: qty(q.value), tradeId: id.value, buyerMaker: maker.value, source });
}
