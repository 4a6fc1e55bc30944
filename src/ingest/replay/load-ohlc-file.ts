/**
 * `loadOhlcFile`: reads a whole OHLC CSV (the shapes of `ohlc-bar-row`: plain
 * `timestamp,open,high,low,close,volume`, Tandem's bar export, or a Binance kline dump), or a
 * zip holding one such CSV (recognised by its magic bytes and inflated as it streams), into bars
 * of one symbol and timeframe. The input is streamed; only the bars are held, so a month of 1m
 * bars (43,200) is a few MB. Every row is validated first: one bad row (see `parseOhlcFields`
 * and `checkOhlcTimeframe`) or a timestamp that does not strictly increase rejects the file
 * with every bad row named.
 *
 * `vwap` and `trades` come from the file when it has them (Tandem's export; a Binance kline's
 * quote_volume / volume and count). Otherwise the bar has no trades behind it: `vwap` is the
 * typical price (high + low + close) / 3 and `trades` is 0.
 * @module
 */

import { epochMs, price, qty } from '../../core/brand.js';
import type { Bar } from '../../model/bar.js';
import type { TimeframeSpec } from '../../model/timeframe.js';
import { countBytes, peekBytes } from './byte-streams.js';
import { readCsvRecords } from './csv-records.js';
import { checkOhlcTimeframe, isOhlcHeader, parseOhlcFields } from './ohlc-bar-row.js';
import { DEFAULT_MAX_LINE_BYTES, InvalidFileError, isZip, RowErrorList } from './tick-file-format.js';
import { unzipSingleFile } from './zip-entry-stream.js';
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
  const outer = await peekBytes(countBytes(input, (n) => (bytesRead += n)), 4);
  const body = isZip(outer.head) ? unzipSingleFile(outer.stream) : outer.stream;
  for await (const { fields, row } of readCsvRecords(body, opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES)) {
    if (first) {
      first = false;
      if (isOhlcHeader(fields)) continue;
    }
    rowsRead++;
    if (rowsRead % 10_000 === 0) onProgress?.({ bytesRead, rowsRead });
    const r = parseOhlcFields(fields);
    if (!r.ok) {
      errors.add(row, r.error);
      continue;
    }
    const b = r.value;
    const wrong = checkOhlcTimeframe(b, opts.tf, prev ?? undefined);
    if (wrong !== null) errors.add(row, wrong);
    else if (prev !== null && b.start <= prev.start) {
      errors.add(row, `timestamp ${new Date(b.start).toISOString()} is not after that of row ${prev.row} (${new Date(prev.start).toISOString()}); bars must be in strictly increasing time`);
    }
    // A bar of the wrong timeframe is not the reference for the next one's spacing.
    if (wrong === null) prev = { start: b.start, row };
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
