/**
 * `loadOhlcFile`: reads a whole OHLC CSV (`timestamp,open,high,low,close,volume`) into bars of
 * one symbol and timeframe, validating every row first: one bad row (see `parseOhlcRow`) or a
 * timestamp that does not strictly increase rejects the file with every bad row named.
 *
 * A bar imported so has no trades behind it: `vwap` is the typical price (high + low + close) / 3
 * and `trades` is 0, unless the file is Tandem's own bar export, whose 8 columns carry both.
 * @module
 */

import { epochMs, price, qty } from '../../core/brand.js';
import type { Bar } from '../../model/bar.js';
import type { TimeframeSpec } from '../../model/timeframe.js';
import { countBytes } from './byte-streams.js';
import { readCsvRecords } from './csv-records.js';
import { isOhlcHeader, parseOhlcRow } from './ohlc-bar-row.js';
import { DEFAULT_MAX_LINE_BYTES, InvalidFileError, RowErrorList } from './tick-file-format.js';
import type { LoadProgress } from './load-tick-file.js';

export interface OhlcFileOptions {
  readonly symbol: string;
  readonly tf: TimeframeSpec;
  readonly name?: string;
  readonly maxLineBytes?: number;
}

export async function loadOhlcFile(input: AsyncIterable<Uint8Array>, opts: OhlcFileOptions, onProgress?: (p: LoadProgress) => void): Promise<Bar[]> {
  let bytesRead = 0;
  const errors = new RowErrorList();
  const bars: Bar[] = [];
  let first = true;
  let prev: { start: number; row: number } | null = null;
  let rowsRead = 0;
  for await (const { fields, row } of readCsvRecords(countBytes(input, (n) => (bytesRead += n)), opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES)) {
    if (first) {
      first = false;
      if (isOhlcHeader(fields)) continue;
    }
    rowsRead++;
    if (rowsRead % 10_000 === 0) onProgress?.({ bytesRead, rowsRead });
    const r = parseOhlcRow(fields, opts.tf);
    if (!r.ok) {
      errors.add(row, r.error);
      continue;
    }
    const b = r.value;
    if (prev !== null && b.start <= prev.start) {
      errors.add(row, `timestamp ${new Date(b.start).toISOString()} is not after that of row ${prev.row} (${new Date(prev.start).toISOString()}); bars must be in strictly increasing time`);
    }
    prev = { start: b.start, row };
    if (errors.count === 0) {
      bars.push({
        symbol: opts.symbol,
        tf: opts.tf.label,
        start: epochMs(b.start),
        open: price(b.open),
        high: price(b.high),
        low: price(b.low),
        close: price(b.close),
        volume: qty(b.volume),
        vwap: price(b.vwap ?? (b.high + b.low + b.close) / 3),
        trades: b.trades ?? 0,
      });
    }
  }
  onProgress?.({ bytesRead, rowsRead });
  const what = opts.name ?? 'the file';
  errors.throwIfAny(what);
  if (bars.length === 0) throw new InvalidFileError(`${what} holds no bars`);
  return bars;
}
