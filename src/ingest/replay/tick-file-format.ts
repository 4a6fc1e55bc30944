/**
 * The tick file formats Tandem replays and imports, the error a bad file raises, and the rule
 * that tells the formats apart. A file is rejected whole: `InvalidFileError` carries every bad
 * row (up to a cap) with its line number and reason.
 * @module
 */

import { TandemError } from '../../core/tandem-error.js';

/**
 * - `binance`: Binance's public USD-M aggTrades dump, `agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker`, header optional.
 * - `tandem-csv`: Tandem's tick CSV export, header `symbol,ts,price,qty,trade_id,buyer_maker`.
 * - `ndjson`: one `{symbol, ts, price, qty, tradeId?, buyerMaker?}` object per line.
 */
export type TickFileFormat = 'binance' | 'tandem-csv' | 'ndjson';

export const TICK_FILE_FORMATS: readonly TickFileFormat[] = ['binance', 'tandem-csv', 'ndjson'];

/** One bad row: its 1-based line number in the (unzipped) file and what was wrong. */
export interface RowError {
  readonly row: number;
  readonly reason: string;
}

/** How many bad rows an `InvalidFileError` lists; the rest are counted. */
export const MAX_LISTED_ROW_ERRORS = 1000;

/** Longest line a reader accepts (1 MiB): a longer one rejects the file without buffering it. */
export const DEFAULT_MAX_LINE_BYTES = 1 << 20;

/** `row 17: price is not a number ('12,5')`. */
export const describeRowError = (e: RowError): string => `row ${e.row}: ${e.reason}`;

/** A file that cannot be imported or replayed, with every bad row found (up to the cap). */
export class InvalidFileError extends TandemError {
  override name = 'InvalidFileError';

  /**
   * @param summary what was wrong as a whole (`3 bad rows`), without the rows
   * @param rows the first `MAX_LISTED_ROW_ERRORS` bad rows, in file order
   * @param moreRows bad rows found beyond those listed
   */
  constructor(
    readonly summary: string,
    readonly rows: readonly RowError[] = [],
    readonly moreRows = 0,
  ) {
    const shown = rows.slice(0, 5).map(describeRowError);
    const rest = rows.length + moreRows - shown.length;
    super('invalid_file', [summary, ...shown].join('; ') + (rest > 0 ? `; and ${rest} more` : ''));
  }
}

/** Collects row errors, listing the first `MAX_LISTED_ROW_ERRORS` and counting the rest. */
export class RowErrorList {
  readonly listed: RowError[] = [];
  more = 0;

  add(row: number, reason: string): void {
    if (this.listed.length < MAX_LISTED_ROW_ERRORS) this.listed.push({ row, reason });
    else this.more++;
  }

  /** Counts `n` bad rows found elsewhere and listed there, not here. */
  addUnlisted(n: number): void {
    this.more += Math.max(0, n);
  }

  get count(): number {
    return this.listed.length + this.more;
  }

  /** Throws `InvalidFileError` when any row was bad. */
  throwIfAny(what: string): void {
    if (this.count === 0) return;
    const sorted = [...this.listed].sort((a, b) => a.row - b.row);
    throw new InvalidFileError(`${what}: ${this.count} bad row${this.count === 1 ? '' : 's'}, nothing was written`, sorted, this.more);
  }
}

/** True when `head` starts with a ZIP local file header (`PK\x03\x04`). */
export function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/**
 * Tells the formats apart by content: a first non-blank character `{` is NDJSON, a first line
 * that starts `symbol,ts` is Tandem's CSV, anything else is taken for a Binance dump (whose
 * reader then names the first row that does not fit). `name` breaks no tie; it only lets
 * `.ndjson`/`.jsonl` files skip the look.
 */
export function detectTickFormat(head: string, name = ''): TickFileFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{')) return 'ndjson';
  const firstLine = (text.split(/\r?\n/, 1)[0] ?? '').replace(/\s|"/g, '').toLowerCase();
  if (firstLine.startsWith('symbol,ts')) return 'tandem-csv';
  return 'binance';
}

/** The symbol in a Binance dump's file name: `BTCUSDT-aggTrades-2024-01-01.csv` → `BTCUSDT`. */
export function symbolFromBinanceFileName(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  const m = /^([A-Za-z0-9]{2,30})-aggTrades-/.exec(base);
  return m === null ? null : m[1]!.toUpperCase();
}
