/**
 * Binance USD-M `GET /fapi/v1/klines` rows: the 12-column array layout
 * `[openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBuyBase,
 * takerBuyQuote, ignore]`, prices and volumes as decimal strings, and the request weight by
 * `limit` (1-99: 1, 100-499: 2, 500-1000: 5, > 1000: 10; at most 1500 rows).
 * @module
 */

import { epochMs, price, qty } from '../../core/brand.js';
import { err, ok, type Result } from '../../core/result.js';
import type { Bar } from '../../model/bar.js';
import type { Timeframe } from '../../model/timeframe.js';

/** Most klines one request returns. */
export const MAX_KLINES_PER_REQUEST = 1500;

/** Request weight of `GET /fapi/v1/klines` with this `limit` (Binance's table). */
export function klineWeight(limit: number): number {
  if (limit < 100) return 1;
  if (limit < 500) return 2;
  if (limit <= 1000) return 5;
  return 10;
}

const bad = (message: string): Result<never> => err({ code: 'invalid_kline', message });

const num = (v: unknown): number => (typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'number' ? v : Number.NaN);

/**
 * A kline row as a 1m bar of `symbol`, or an error naming the field. A minute without trades
 * (volume 0) is `null`: bars exist only where trades were, as bars built from ticks do.
 */
export function parseKlineRow(row: unknown, symbol: string, tf: Timeframe): Result<Bar | null> {
  if (!Array.isArray(row) || row.length < 9) return bad(`kline of ${symbol} is not an array of at least 9 columns: ${String(JSON.stringify(row)).slice(0, 80)}`);
  const [openTime, o, h, l, c, v, , quote, trades] = row as unknown[];
  const fields = { openTime: num(openTime), open: num(o), high: num(h), low: num(l), close: num(c), volume: num(v), quoteVolume: num(quote), trades: num(trades) };
  for (const [name, value] of Object.entries(fields)) {
    if (!Number.isFinite(value)) return bad(`kline of ${symbol} at ${String(openTime)}: ${name} is not a number`);
  }
  if (!Number.isInteger(fields.openTime)) return bad(`kline of ${symbol}: openTime is not an integer of ms (${fields.openTime})`);
  if (fields.volume <= 0 || fields.trades <= 0) return ok(null);
  return ok({
    symbol,
    tf,
    start: epochMs(fields.openTime),
    open: price(fields.open),
    high: price(fields.high),
    low: price(fields.low),
    close: price(fields.close),
    volume: qty(fields.volume),
    vwap: price(fields.quoteVolume / fields.volume),
    trades: fields.trades,
  });
}
