/**
 * One row of an OHLC CSV, in one of three shapes told apart by their column count, header
 * optional in each:
 *
 * - 6 columns, `timestamp,open,high,low,close,volume`: the plain format (pandas, the realdata
 *   files under `open_time`);
 * - 8 columns, the same plus `vwap,trades`: Tandem's own bar export;
 * - 12 columns, Binance's kline dump from data.binance.vision,
 *   `open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore`:
 *   `count` is the bar's trades and `quote_volume / volume` its vwap.
 *
 * The time is ISO-8601 (`T` or a space, no zone = UTC, or an offset such as `+00:00`) or an
 * integer told apart by magnitude: below 1e11 epoch seconds, below 1e14 epoch ms, otherwise epoch
 * µs (Binance's spot dumps since 2025). A bar must be consistent (high ≥ max(open, close),
 * low ≤ min(open, close), volume ≥ 0) and, checked apart by `checkOhlcTimeframe`, be a bar of
 * the timeframe asked for. Pure.
 * @module
 */

import { err, ok, type Result } from '../../core/result.js';
import type { TimeframeSpec } from '../../model/timeframe.js';
import { parseDecimal, parsePositive, parseTimestamp, quote } from './field-parsers.js';

export const OHLC_COLUMNS = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;

export const BINANCE_KLINE_COLUMNS = [
  'open_time',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'close_time',
  'quote_volume',
  'count',
  'taker_buy_volume',
  'taker_buy_quote_volume',
  'ignore',
] as const;

/** Names a header's first (time) column may have, in any case. */
export const OHLC_TIME_COLUMNS: readonly string[] = ['timestamp', 'time', 'date', 'datetime', 'open_time'];

export interface OhlcRow {
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** From Tandem's bar export or a Binance kline (quote_volume / volume); absent otherwise. */
  readonly vwap?: number;
  readonly trades?: number;
  /** A Binance kline's `close_time` in epoch ms (its last ms, truncated from µs). */
  readonly closeTime?: number;
}

/** True when `fields` is the header row: its first column is one of `OHLC_TIME_COLUMNS`. */
export function isOhlcHeader(fields: readonly string[]): boolean {
  return OHLC_TIME_COLUMNS.includes((fields[0] ?? '').trim().toLowerCase());
}

/** A row read for its content alone, whatever the timeframe. */
export function parseOhlcFields(fields: readonly string[]): Result<OhlcRow, string> {
  const n = fields.length;
  if (n !== 6 && n !== 8 && n !== 12) {
    return err(`expected 6 columns (${OHLC_COLUMNS.join(',')}), 8 with vwap,trades (Tandem's bar export) or 12 (a Binance kline: ${BINANCE_KLINE_COLUMNS.join(',')}), got ${n}`);
  }
  const timeName = n === 12 ? 'open_time' : 'timestamp';
  const ts = parseTimestamp(timeName, fields[0]!, 'seconds-ms-or-us');
  if (!ts.ok) return ts;
  const values: number[] = [];
  for (const [i, name] of (['open', 'high', 'low', 'close'] as const).entries()) {
    const r = parsePositive(name, fields[i + 1]!);
    if (!r.ok) return r;
    values.push(r.value);
  }
  const [open, high, low, close] = values as [number, number, number, number];
  const volume = nonNegative('volume', fields[5]!);
  if (!volume.ok) return volume;
  if (high < Math.max(open, close)) return err(`high ${high} is below max(open, close) ${Math.max(open, close)}`);
  if (low > Math.min(open, close)) return err(`low ${low} is above min(open, close) ${Math.min(open, close)}`);
  const bar = { start: ts.value, open, high, low, close, volume: volume.value };
  if (n === 6) return ok(bar);
  if (n === 8) {
    const vwap = parsePositive('vwap', fields[6]!);
    if (!vwap.ok) return vwap;
    const trades = wholeNumber('trades', fields[7]!);
    if (!trades.ok) return trades;
    return ok({ ...bar, vwap: vwap.value, trades: trades.value });
  }
  const closeTime = parseTimestamp('close_time', fields[6]!, 'seconds-ms-or-us');
  if (!closeTime.ok) return closeTime;
  if (closeTime.value < ts.value) return err(`close_time ${quote(fields[6]!)} is before open_time ${quote(fields[0]!)}`);
  const quoteVolume = nonNegative('quote_volume', fields[7]!);
  if (!quoteVolume.ok) return quoteVolume;
  const count = wholeNumber('count', fields[8]!);
  if (!count.ok) return count;
  // Not stored, but checked: a row of 12 columns whose numbers are not all numbers is no kline.
  for (const [i, name] of (['taker_buy_volume', 'taker_buy_quote_volume'] as const).entries()) {
    const r = nonNegative(name, fields[9 + i]!);
    if (!r.ok) return r;
  }
  // With no volume there is no average price: the loader falls back to the typical price.
  const vwap = volume.value > 0 && quoteVolume.value > 0 ? { vwap: quoteVolume.value / volume.value } : {};
  return ok({ ...bar, ...vwap, trades: count.value, closeTime: closeTime.value });
}

/**
 * Why `row` is not a bar of `tf`, or null. In this order: a Binance kline whose `close_time`
 * says it lasts another span; a start off the timeframe's boundary, which when it is less than
 * one bar after the previous good row's (`previous`) is how a 1m file imported as 5m shows, and
 * the message says so.
 */
export function checkOhlcTimeframe(row: OhlcRow, tf: TimeframeSpec, previous?: { readonly start: number; readonly row: number }): string | null {
  if (row.closeTime !== undefined) {
    const span = row.closeTime + 1 - row.start;
    if (span !== tf.ms) return `close_time says the bar lasts ${describeSpan(span)}, not ${tf.label}: is the file of another timeframe than ${tf.label}?`;
  }
  const gap = previous === undefined ? 0 : row.start - previous.start;
  if (previous !== undefined && gap > 0 && gap < tf.ms) {
    return `timestamp ${new Date(row.start).toISOString()} is not at the start of a ${tf.label} bar: it is ${describeSpan(gap)} after row ${previous.row}'s, less than one bar; is the file of a shorter timeframe than ${tf.label}?`;
  }
  if (row.start % tf.ms !== 0) return `timestamp ${new Date(row.start).toISOString()} is not at the start of a ${tf.label} bar`;
  return null;
}

/** `parseOhlcFields` then `checkOhlcTimeframe`. */
export function parseOhlcRow(fields: readonly string[], tf: TimeframeSpec): Result<OhlcRow, string> {
  const r = parseOhlcFields(fields);
  if (!r.ok) return r;
  const wrong = checkOhlcTimeframe(r.value, tf);
  return wrong === null ? r : err(wrong);
}

/** A span of time for a message: `1m`, `90s`, `1500ms`. */
export function describeSpan(ms: number): string {
  if (ms > 0 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms > 0 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

function nonNegative(name: string, raw: string): Result<number, string> {
  const r = parseDecimal(name, raw);
  if (r.ok && r.value < 0) return err(`${name} must be >= 0 (${quote(raw)})`);
  return r;
}

function wholeNumber(name: string, raw: string): Result<number, string> {
  const v = Number(raw.trim());
  if (raw.trim() === '' || !Number.isSafeInteger(v) || v < 0) return err(`${name} must be a whole number >= 0 (${quote(raw)})`);
  return ok(v);
}
