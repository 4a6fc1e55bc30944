/**
 * One row of Tandem's tick CSV export: header `symbol,ts,price,qty,trade_id,buyer_maker`,
 * `ts` ISO-8601 UTC (`2026-11-24T03:21:56.123Z`) or epoch ms, `buyer_maker` `true`/`false`.
 * Pure: fields in, a `Tick` or the reason the row is bad out.
 * @module
 */

import { epochMs, price, qty } from '../../core/brand.js';
import { err, ok, type Result } from '../../core/result.js';
import { parseSymbol } from '../../model/market-symbol.js';
import type { Tick, TickSource } from '../../model/tick.js';
import { parseBool, parseId, parsePositive, parseTimestamp } from './field-parsers.js';

export const TANDEM_TICK_COLUMNS = ['symbol', 'ts', 'price', 'qty', 'trade_id', 'buyer_maker'] as const;

/** Checks the header row; returns null when it is right, else the reason. */
export function checkTandemTickHeader(fields: readonly string[]): string | null {
  const got = fields.map((f) => f.trim().toLowerCase());
  if (got.length === TANDEM_TICK_COLUMNS.length && got.every((f, i) => f === TANDEM_TICK_COLUMNS[i])) return null;
  return `header must be ${TANDEM_TICK_COLUMNS.join(',')} (got ${fields.join(',').slice(0, 80)})`;
}

export function parseTandemTickRow(fields: readonly string[], source: TickSource): Result<Tick, string> {
  if (fields.length !== 6) return err(`expected 6 columns (${TANDEM_TICK_COLUMNS.join(',')}), got ${fields.length}`);
  const symbol = parseSymbol(fields[0]!);
  if (!symbol.ok) return err(symbol.error.message);
  const ts = parseTimestamp('ts', fields[1]!);
  if (!ts.ok) return ts;
  const p = parsePositive('price', fields[2]!);
  if (!p.ok) return p;
  const q = parsePositive('qty', fields[3]!);
  if (!q.ok) return q;
  const id = parseId('trade_id', fields[4]!);
  if (!id.ok) return id;
  const maker = parseBool('buyer_maker', fields[5]!);
  if (!maker.ok) return maker;
  return ok({ symbol: symbol.value, ts: epochMs(ts.value), price: price(p.value), qty: qty(q.value), tradeId: id.value, buyerMaker: maker.value, source });
}
