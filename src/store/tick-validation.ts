/**
 * The rows every tick store refuses, checked before anything of a batch is written, so a bad
 * row rejects its whole batch with a message naming the row and the field. Both adapters run
 * the same check: a store is the last line of defence against a source or import that let a
 * malformed trade through.
 * @module
 */

import { TandemError } from '../core/tandem-error.js';
import type { TickColumns } from './tick-columns.js';

const SYMBOL = /^[A-Z0-9]{1,30}$/;

/** 9999-12-31T23:59:59.999Z: later times are not trades (and would not fit a partition's date name). */
const MAX_TS = 253_402_300_799_999;

/** Throws `TandemError('invalid_tick')` naming the first bad row and field of `cols`. */
export function validateTickColumns(cols: TickColumns): void {
  cols.symbols.forEach((s, k) => {
    if (typeof s !== 'string' || !SYMBOL.test(s)) throw bad(cols.symbolIndex.indexOf(k), `symbol ${JSON.stringify(s)} is not 1-30 upper-case letters and digits`);
  });
  cols.sources.forEach((src, k) => {
    if (typeof src !== 'string' || (src as string) === '') throw bad(cols.sourceIndex.indexOf(k), `source ${JSON.stringify(src)} is not a source name`);
  });
  for (let i = 0; i < cols.length; i++) {
    const ts = cols.ts[i]!;
    if (!Number.isInteger(ts) || ts < 0 || ts > MAX_TS) throw bad(i, `ts is not whole epoch ms between 1970 and 9999 (${ts})`, cols);
    const p = cols.price[i]!;
    if (!Number.isFinite(p) || p <= 0) throw bad(i, `price is not a positive number (${p})`, cols);
    const q = cols.qty[i]!;
    if (!Number.isFinite(q) || q < 0) throw bad(i, `qty is not a non-negative number (${q})`, cols);
    const id = cols.tradeId[i]!;
    if (!Number.isSafeInteger(id) || id < 0) throw bad(i, `tradeId is not a non-negative safe integer (${id})`, cols);
  }
}

function bad(row: number, what: string, cols?: TickColumns): TandemError {
  const who = cols === undefined ? '' : ` (${cols.symbols[cols.symbolIndex[row]!]})`;
  return new TandemError('invalid_tick', `tick ${row}${who}: ${what}; nothing of the batch was stored`);
}
