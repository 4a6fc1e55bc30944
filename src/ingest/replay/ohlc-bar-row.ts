/**
 * One row of an OHLC CSV: `timestamp,open,high,low,close,volume` (header optional). The
 * timestamp is ISO-8601 (no zone = UTC) or an integer: below 1e11 epoch seconds, otherwise
 * epoch ms. A bar must be consistent (high ≥ max(open, close), low ≤ min(open, close),
 * volume ≥ 0) and start on its timeframe's boundary. Pure.
 * @module
 */

import { err, ok, type Result } from '../../core/result.js';
import type { TimeframeSpec } from '../../model/timeframe.js';
import { parseDecimal, parsePositive, parseTimestamp, quote } from './field-parsers.js';

export const OHLC_COLUMNS = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;

export interface OhlcRow {
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** From Tandem's own bar export (8 columns); absent in the 6-column format. */
  readonly vwap?: number;
  readonly trades?: number;
}

/** True when `fields` is the header row (its first column is `timestamp`, `time` or `date`). */
export function isOhlcHeader(fields: readonly string[]): boolean {
  return ['timestamp', 'time', 'date', 'datetime'].includes((fields[0] ?? '').trim().toLowerCase());
}

export function parseOhlcRow(fields: readonly string[], tf: TimeframeSpec): Result<OhlcRow, string> {
  if (fields.length !== 6 && fields.length !== 8) return err(`expected 6 columns (${OHLC_COLUMNS.join(',')}) or 8 with vwap,trades (Tandem's bar export), got ${fields.length}`);
  const ts = parseTimestamp('timestamp', fields[0]!, 'seconds-or-ms');
  if (!ts.ok) return ts;
  if (ts.value % tf.ms !== 0) return err(`timestamp ${quote(fields[0]!)} is not at the start of a ${tf.label} bar`);
  const values: number[] = [];
  for (const [i, name] of (['open', 'high', 'low', 'close'] as const).entries()) {
    const r = parsePositive(name, fields[i + 1]!);
    if (!r.ok) return r;
    values.push(r.value);
  }
  const [open, high, low, close] = values as [number, number, number, number];
  const volume = parseDecimal('volume', fields[5]!);
  if (!volume.ok) return volume;
  if (volume.value < 0) return err(`volume must be >= 0 (${quote(fields[5]!)})`);
  if (high < Math.max(open, close)) return err(`high ${high} is below max(open, close) ${Math.max(open, close)}`);
  if (low > Math.min(open, close)) return err(`low ${low} is above min(open, close) ${Math.min(open, close)}`);
  if (fields.length === 6) return ok({ start: ts.value, open, high, low, close, volume: volume.value });
  const vwap = parsePositive('vwap', fields[6]!);
  if (!vwap.ok) return vwap;
  const trades = Number(fields[7]);
  if (!Number.isSafeInteger(trades) || trades < 0) return err(`trades must be a whole number >= 0 (${quote(fields[7]!)})`);
  return ok({ start: ts.value, open, high, low, close, volume: volume.value, vwap: vwap.value, trades });
}
