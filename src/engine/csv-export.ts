/**
 * CSV export of stored ticks and bars, streamed page by page from the store so a day of ticks
 * leaves with flat memory. Times are ISO-8601 UTC with milliseconds, which
 * `pandas.read_csv(parse_dates=[...])` reads as-is; numbers are written in their shortest
 * exact form, so an export read back gives the same doubles. The tick format is the one
 * `tandem import ticks` reads; the bar format is the OHLC import's with `vwap,trades` added.
 * A range with no data gives the header alone.
 * @module
 */

import type { TimeframeSpec } from '../model/timeframe.js';
import type { PairColumns } from './pair-point.js';
import type { BarStore } from '../store/bar-store.js';
import type { TickStore } from '../store/tick-store.js';
import { queryBarHistory } from './bar-history.js';

export const TICK_CSV_HEADER = 'symbol,ts,price,qty,trade_id,buyer_maker';
export const BAR_CSV_HEADER = 'timestamp,open,high,low,close,volume,vwap,trades';
export const PAIR_CSV_HEADER = 'timestamp,y,x,y_filled,x_filled,beta,alpha,spread,z,corr,ols_beta';

/** Bars read from the store per page: one page is a few ms of the event loop. */
const PAGE = 4_000;

/**
 * Ticks per streamed batch, one CSV chunk each. A consumer such as `Readable.from` reads up to
 * 16 chunks ahead, so a chunk is kept near 300 KB: a slow client then holds a few MB, not 20.
 */
const TICK_BATCH = 5_000;

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * ISO-8601 times of ticks in time order: the text up to the second is reused while the
 * second stays the same, as it does for hundreds of ticks in a row.
 */
export class IsoFormatter {
  private second = Number.NaN;
  private prefix = '';

  format(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.second) {
      this.second = second;
      this.prefix = iso(second * 1000).slice(0, 20); // 2026-11-24T03:21:56.
    }
    const frac = ms - second * 1000;
    return `${this.prefix}${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`;
  }
}

export interface ExportRange {
  readonly symbol: string;
  readonly from?: number;
  readonly to?: number;
}

/** The tick CSV of `symbol` over [from, to), in chunks of one streamed batch each. */
export async function* tickCsv(ticks: TickStore, q: ExportRange): AsyncGenerator<string> {
  yield TICK_CSV_HEADER + '\n';
  const times = new IsoFormatter();
  const range = { symbol: q.symbol, ...(q.from === undefined ? {} : { from: q.from }), ...(q.to === undefined ? {} : { to: q.to }) };
  for await (const batch of ticks.streamTicks(range, TICK_BATCH)) {
    let chunk = '';
    for (const t of batch) chunk += `${t.symbol},${times.format(t.ts)},${t.price},${t.qty},${t.tradeId},${t.buyerMaker}\n`;
    yield chunk;
  }
}

/** The bar CSV of `symbol` at `tf` over [from, to) of bar starts (any timeframe, as `/api/bars`). */
export async function* barCsv(
  stores: { readonly ticks: TickStore; readonly bars: BarStore },
  storedTimeframes: readonly TimeframeSpec[],
  q: ExportRange & { readonly tf: TimeframeSpec },
  now: number,
): AsyncGenerator<string> {
  yield BAR_CSV_HEADER + '\n';
  let afterStart: number | undefined;
  for (;;) {
    const page = await queryBarHistory(
      stores,
      storedTimeframes,
      { symbol: q.symbol, tf: q.tf, limit: PAGE, ...(q.from === undefined ? {} : { from: q.from }), ...(q.to === undefined ? {} : { to: q.to }), ...(afterStart === undefined ? {} : { afterStart }) },
      now,
    );
    if (page.length === 0) return;
    let chunk = '';
    for (const b of page) chunk += `${iso(b.start)},${b.open},${b.high},${b.low},${b.close},${b.volume},${b.vwap},${b.trades}\n`;
    yield chunk;
    if (page.length < PAGE) return;
    afterStart = page[page.length - 1]!.start;
  }
}

/** Lines of a pair CSV chunk: a few ms of formatting. */
const PAIR_CSV_LINES = 2_000;

/** A number, or an empty field where it is undefined (pandas reads an empty field as NaN). */
const field = (v: number): string => (Number.isFinite(v) ? String(v) : '');

/**
 * The series of the Pair Analytics tab as CSV, one aligned bar a line: both legs' closes (and
 * whether each was forward-filled), the hedge ratio, spread, z-score, correlation and the OLS
 * beta for reference; `PAIR_CSV_LINES` lines a chunk.
 */
export function* pairCsv(c: PairColumns): Generator<string> {
  yield PAIR_CSV_HEADER + '\n';
  const n = c.start.length;
  for (let i = 0; i < n; i += PAIR_CSV_LINES) {
    let chunk = '';
    for (let k = i; k < Math.min(n, i + PAIR_CSV_LINES); k++) {
      chunk += `${iso(c.start[k]!)},${c.y[k]},${c.x[k]},${c.yFilled[k] === 1},${c.xFilled[k] === 1},${field(c.beta[k]!)},${field(c.alpha[k]!)},${field(c.spread[k]!)},${field(c.z[k]!)},${field(c.corr[k]!)},${field(c.olsBeta[k]!)}\n`;
    }
    yield chunk;
  }
}
