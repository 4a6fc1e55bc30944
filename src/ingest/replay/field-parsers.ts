/**
 * Parsers of single fields shared by the row parsers: decimals, ids, booleans and
 * timestamps. Each returns the value or a reason that names the field and quotes the input
 * (`price is not a number ('12,5')`). Pure.
 * @module
 */

import { err, ok, type Result } from '../../core/result.js';
import { parseIsoTime } from '../../model/iso-time.js';

/** The ISO-8601 reader lives in `model/iso-time.ts`, shared with the API and the CLI. */
export { parseIsoTime };

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^\d+$/;

/** Quotes a field for a message, cut to 40 characters so a huge field does not flood it. */
export function quote(raw: string): string {
  return `'${raw.length > 40 ? `${raw.slice(0, 40)}...` : raw}'`;
}

/** A finite decimal (`12.5`, `1e-3`); no thousands separators, no hex, no `Infinity`. */
export function parseDecimal(name: string, raw: string): Result<number, string> {
  const s = raw.trim();
  if (!DECIMAL.test(s)) return err(`${name} is not a number (${quote(raw)})`);
  const v = Number(s);
  if (!Number.isFinite(v)) return err(`${name} is out of range (${quote(raw)})`);
  return ok(v);
}

/** A decimal that is > 0. */
export function parsePositive(name: string, raw: string): Result<number, string> {
  const r = parseDecimal(name, raw);
  if (r.ok && !(r.value > 0)) return err(`${name} must be > 0 (${quote(raw)})`);
  return r;
}

/** A non-negative integer no larger than 2^53 − 1. */
export function parseId(name: string, raw: string): Result<number, string> {
  const s = raw.trim();
  if (!INTEGER.test(s)) return err(`${name} is not a non-negative integer (${quote(raw)})`);
  const v = Number(s);
  if (!Number.isSafeInteger(v)) return err(`${name} is larger than 2^53 - 1 (${quote(raw)})`);
  return ok(v);
}

/** `true`/`false` in any case, or `1`/`0`. */
export function parseBool(name: string, raw: string): Result<boolean, string> {
  const s = raw.trim().toLowerCase();
  if (s === 'true' || s === '1') return ok(true);
  if (s === 'false' || s === '0') return ok(false);
  return err(`${name} is not true or false (${quote(raw)})`);
}

/** Integers below this are epoch seconds in an OHLC file (1e11 s is the year 5138; 1e11 ms is 1973). */
export const EPOCH_SECONDS_BELOW = 1e11;

/**
 * Integers at or above this are epoch microseconds in an OHLC file (1e14 µs is 1973; 1e14 ms is
 * the year 5138): Binance writes its spot kline dumps' times in µs since 2025. The same bound
 * as the aggTrades reader's.
 */
export const EPOCH_MICROS_FROM = 1e14;

/**
 * - `ms`: an integer is epoch ms.
 * - `seconds-ms-or-us`: told apart by magnitude, below 1e11 epoch seconds, below 1e14 epoch ms,
 *   otherwise epoch µs (truncated to the ms). Nanoseconds pass 2^53 and are refused as out of range.
 */
export type EpochRule = 'ms' | 'seconds-ms-or-us';

/**
 * A timestamp in epoch ms: ISO-8601 (see `parseIsoTime`) or an integer read by `rule`.
 */
export function parseTimestamp(name: string, raw: string, rule: EpochRule = 'ms'): Result<number, string> {
  const s = raw.trim();
  if (INTEGER.test(s)) {
    const v = Number(s);
    if (!Number.isSafeInteger(v)) return err(`${name} is out of range (${quote(raw)})`);
    if (rule === 'ms') return ok(v);
    if (v < EPOCH_SECONDS_BELOW) return ok(v * 1000);
    return ok(v < EPOCH_MICROS_FROM ? v : Math.floor(v / 1000));
  }
  const t = parseIsoTime(s);
  if (t === null) {
    const expected = rule === 'ms' ? 'ISO-8601 (2026-11-24T03:21:56.123Z) nor epoch ms' : 'ISO-8601 (2026-11-24T03:21:56.123Z, 2023-03-01 00:00:00+00:00) nor epoch seconds, ms or µs';
    return err(`${name} is neither ${expected} (${quote(raw)})`);
  }
  if (t < 0) return err(`${name} is before 1970 (${quote(raw)})`);
  return ok(t);
}
