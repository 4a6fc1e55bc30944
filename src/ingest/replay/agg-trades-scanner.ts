/**
 * A byte-level reader of Binance aggTrades dumps for bulk imports: a month of trades is tens
 * of millions of lines, and a CSV parser that makes a string per field and an object per row
 * spends more time than SQLite takes to store them. This scanner walks each line's bytes once
 * and writes the values straight into typed-array columns.
 *
 * It takes the fast path only for the shape that makes up the whole of a real dump
 * (`1000000000,42000.4,0.001,3000000000,3000000000,1704067200038,true`: plain digits, one
 * optional decimal point, `true`/`false`) and only where plain arithmetic gives the exact
 * double `Number()` would (at most 15 significant digits: an integer mantissa and a power of
 * ten below 10^22 are both exact, so one correctly rounded division equals the parse). Any
 * other line (spaces, signs, exponents, odd booleans, a bad field) goes to the strict row
 * parser, which decides and explains, so the two paths accept and reject exactly the same
 * lines with the same values (a property test checks this).
 * @module
 */

import { InvalidFileError, DEFAULT_MAX_LINE_BYTES, type RowError } from './tick-file-format.js';
import { isBinanceHeader, MICROS_FROM, parseBinanceAggTradeRow } from './binance-agg-trade-row.js';

/** One batch of scanned rows as columns; arrays are views of length `n`. */
export interface AggTradeRows {
  readonly n: number;
  /** 1-based line number of each row in the file. */
  readonly row: Float64Array;
  readonly tradeId: Float64Array;
  readonly ts: Float64Array;
  readonly price: Float64Array;
  readonly qty: Float64Array;
  readonly buyerMaker: Uint8Array;
  /** Bad rows of this batch, in line order. */
  readonly errors: readonly RowError[];
}

export interface AggTradeScanOptions {
  readonly maxLineBytes?: number;
  /** Rows per batch (default 65,536). */
  readonly batchSize?: number;
}

const NL = 10;
const CR = 13;
const COMMA = 44;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
/** Digits in a mantissa below 10^15 < 2^53: its value and its power of ten are exact. */
const MAX_DIGITS = 15;
/** A time at or above this is neither ms nor µs (see `parseBinanceAggTradeRow`). */
const TOO_LARGE = 1e17;

class ColumnsBuilder {
  n = 0;
  readonly row: Float64Array;
  readonly tradeId: Float64Array;
  readonly ts: Float64Array;
  readonly price: Float64Array;
  readonly qty: Float64Array;
  readonly buyerMaker: Uint8Array;
  errors: RowError[] = [];

  constructor(readonly size: number) {
    this.row = new Float64Array(size);
    this.tradeId = new Float64Array(size);
    this.ts = new Float64Array(size);
    this.price = new Float64Array(size);
    this.qty = new Float64Array(size);
    this.buyerMaker = new Uint8Array(size);
  }

  get full(): boolean {
    return this.n + this.errors.length >= this.size;
  }

  take(): AggTradeRows {
    const n = this.n;
    return { n, row: this.row.subarray(0, n), tradeId: this.tradeId.subarray(0, n), ts: this.ts.subarray(0, n), price: this.price.subarray(0, n), qty: this.qty.subarray(0, n), buyerMaker: this.buyerMaker.subarray(0, n), errors: this.errors };
  }
}

/**
 * Reads one line `[s, e)` on the fast path into `out` at index `out.n`. Returns false, having
 * written nothing that counts, when the line is not of the plain shape.
 */
function scanFast(b: Uint8Array, s: number, e: number, out: ColumnsBuilder, rowNo: number): boolean {
  const j = out.n;
  let i = s;
  // agg_trade_id
  let v = 0;
  let d = 0;
  while (i < e && b[i]! >= ZERO && b[i]! <= NINE) {
    v = v * 10 + (b[i]! - ZERO);
    i++;
    d++;
  }
  if (d === 0 || d > MAX_DIGITS || b[i] !== COMMA) return false;
  const id = v;
  i++;
  // price, quantity: digits, optionally a dot and digits; > 0.
  const decimals: number[] = [0, 0];
  for (let f = 0; f < 2; f++) {
    let m = 0;
    let digits = 0;
    let frac = -1;
    while (i < e) {
      const c = b[i]!;
      if (c >= ZERO && c <= NINE) {
        m = m * 10 + (c - ZERO);
        digits++;
        if (frac >= 0) frac++;
      } else if (c === DOT && frac < 0 && digits > 0) {
        frac = 0;
      } else break;
      i++;
    }
    if (digits === 0 || digits > MAX_DIGITS || frac === 0 || b[i] !== COMMA || m === 0) return false;
    decimals[f] = frac > 0 ? m / POW10[frac]! : m;
    i++;
  }
  // first_trade_id, last_trade_id, transact_time
  const ints: number[] = [0, 0, 0];
  for (let f = 0; f < 3; f++) {
    v = 0;
    d = 0;
    while (i < e && b[i]! >= ZERO && b[i]! <= NINE) {
      v = v * 10 + (b[i]! - ZERO);
      i++;
      d++;
    }
    if (d === 0 || d > MAX_DIGITS || b[i] !== COMMA) return false;
    ints[f] = v;
    i++;
  }
  const [first, last, t] = ints as [number, number, number];
  if (last < first || t === 0 || t >= TOO_LARGE) return false;
  // is_buyer_maker: exactly true/false/1/0 in lower case.
  const rest = e - i;
  let maker: number;
  if (rest === 4 && b[i] === 116 && b[i + 1] === 114 && b[i + 2] === 117 && b[i + 3] === 101) maker = 1;
  else if (rest === 5 && b[i] === 102 && b[i + 1] === 97 && b[i + 2] === 108 && b[i + 3] === 115 && b[i + 4] === 101) maker = 0;
  else if (rest === 1 && (b[i] === 49 || b[i] === ZERO)) maker = b[i] === 49 ? 1 : 0;
  else return false;
  out.row[j] = rowNo;
  out.tradeId[j] = id;
  out.ts[j] = t >= MICROS_FROM ? Math.floor(t / 1000) : t;
  out.price[j] = decimals[0]!;
  out.qty[j] = decimals[1]!;
  out.buyerMaker[j] = maker;
  out.n = j + 1;
  return true;
}

/** The strict path: the row parser's verdict on one line. */
function scanStrict(text: string, out: ColumnsBuilder, rowNo: number, symbol: string): void {
  const fields = text.split(',').map((f) => f.trim());
  const r = parseBinanceAggTradeRow(fields, symbol, 'import');
  if (!r.ok) {
    out.errors.push({ row: rowNo, reason: r.error });
    return;
  }
  const j = out.n;
  out.row[j] = rowNo;
  out.tradeId[j] = r.value.tradeId;
  out.ts[j] = r.value.ts;
  out.price[j] = r.value.price;
  out.qty[j] = r.value.qty;
  out.buyerMaker[j] = r.value.buyerMaker ? 1 : 0;
  out.n = j + 1;
}

const isBlank = (b: Uint8Array, s: number, e: number): boolean => {
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c !== 32 && c !== 9 && c !== COMMA) return false;
  }
  return true;
};

/**
 * Streams the rows of a Binance aggTrades CSV (already unzipped) as column batches. The header
 * is optional; blank lines are skipped but counted in line numbers; CRLF and a BOM are
 * accepted. A line longer than `maxLineBytes` rejects the file where it starts.
 */
export async function* scanAggTrades(input: AsyncIterable<Uint8Array>, symbol: string, opts: AggTradeScanOptions = {}): AsyncGenerator<AggTradeRows> {
  const max = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const size = opts.batchSize ?? 65_536;
  let out = new ColumnsBuilder(size);
  let rowNo = 0;
  let sawData = false;
  /** Reads line `[s, e)` (no line end) into `out`. */
  const line = (b: Buffer, s: number, e: number): void => {
    rowNo++;
    if (e - s > max) throw new InvalidFileError(`row ${rowNo}: line is longer than ${max} bytes; reading stopped there`);
    if (isBlank(b, s, e)) return;
    if (!sawData) {
      sawData = true;
      if (isBinanceHeader(b.toString('utf8', s, e).split(','))) return;
    }
    if (!scanFast(b, s, e, out, rowNo)) scanStrict(b.toString('utf8', s, e), out, rowNo, symbol);
  };
  const lineEnd = (b: Buffer, s: number, nl: number): number => (nl > s && b[nl - 1] === CR ? nl - 1 : nl);
  let carry: Buffer | null = null;
  for await (const chunk of withBomDropped(input)) {
    const b: Buffer = carry === null ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([carry, chunk]);
    carry = null;
    let s = 0;
    for (;;) {
      const nl = b.indexOf(NL, s);
      if (nl < 0) break;
      line(b, s, lineEnd(b, s, nl));
      s = nl + 1;
      if (out.full) {
        yield out.take();
        out = new ColumnsBuilder(size);
      }
    }
    if (s < b.length) {
      if (b.length - s > max) throw new InvalidFileError(`row ${rowNo + 1}: line is longer than ${max} bytes; reading stopped there`);
      carry = Buffer.from(b.subarray(s));
    }
  }
  if (carry !== null && carry.length > 0) line(carry, 0, lineEnd(carry, 0, carry.length));
  if (out.n > 0 || out.errors.length > 0) yield out.take();
}

/** The input without a leading UTF-8 BOM, which may arrive split over chunks. */
async function* withBomDropped(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let head: Buffer | null = Buffer.alloc(0);
  for await (const chunk of input) {
    if (head === null) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < 3) continue;
    yield head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
    head = null;
  }
  if (head !== null && head.length > 0) yield head;
}
