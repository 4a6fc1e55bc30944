/**
 * Reads bar history for any timeframe. The stored timeframes (1s, 1m, 5m by default) come
 * from the bar store; any other timeframe is built on the fly from stored ticks with the same
 * `BarAggregator` the live engine uses, so history and live bars agree. Only complete buckets
 * are returned, as for stored bars.
 * @module
 */

import { TandemError } from '../core/tandem-error.js';
import { BarAggregator } from '../bars/bar-aggregator.js';
import { BarDownsampler, bucketWidth, downsampleBars } from '../bars/downsample.js';
import { closeColumnsOf, type Bar, type CloseColumns } from '../model/bar.js';
import { bucketStart, type TimeframeSpec } from '../model/timeframe.js';
import type { BarRangeQuery, BarStore } from '../store/bar-store.js';
import type { TickCursor, TickStore } from '../store/tick-store.js';

export interface BarHistoryQuery {
  readonly symbol: string;
  readonly tf: TimeframeSpec;
  readonly from?: number;
  readonly to?: number;
  readonly limit: number;
  readonly afterStart?: number;
}

/** Most ticks one request for a derived timeframe may scan. */
export const MAX_TICKS_SCANNED = 5_000_000;
const PAGE = 100_000;

export async function queryBarHistory(
  stores: { readonly ticks: TickStore; readonly bars: BarStore },
  storedTimeframes: readonly TimeframeSpec[],
  q: BarHistoryQuery,
  now: number,
): Promise<Bar[]> {
  if (storedTimeframes.some((t) => t.label === q.tf.label)) return stores.bars.queryBars(storedRange(q));
  return deriveBars(stores.ticks, q, now);
}

/** `q` as the bar store's range query. */
function storedRange(q: BarHistoryQuery): BarRangeQuery {
  return {
    symbol: q.symbol,
    tf: q.tf.label,
    limit: q.limit,
    ...(q.from === undefined ? {} : { from: q.from }),
    ...(q.to === undefined ? {} : { to: q.to }),
    ...(q.afterStart === undefined ? {} : { afterStart: q.afterStart }),
  };
}

/**
 * Only the starts and closes of `queryBarHistory(q)`: stored timeframes read two columns
 * (a week of 1 s bars of a pair leg as whole rows took seconds), others are built from ticks.
 */
export async function queryCloseHistory(
  stores: { readonly ticks: TickStore; readonly bars: BarStore },
  storedTimeframes: readonly TimeframeSpec[],
  q: BarHistoryQuery,
  now: number,
): Promise<CloseColumns> {
  if (!storedTimeframes.some((t) => t.label === q.tf.label)) return closeColumnsOf(await deriveBars(stores.ticks, q, now));
  return stores.bars.queryCloses(storedRange(q));
}

async function deriveBars(ticks: TickStore, q: BarHistoryQuery, now: number): Promise<Bar[]> {
  const ms = q.tf.ms;
  const lower = Math.max(q.from ?? 0, q.afterStart === undefined ? 0 : q.afterStart + ms);
  const from = bucketStart(lower, ms) < lower ? bucketStart(lower, ms) + ms : lower;
  // A bar starting before `to` covers its whole bucket; the forming bucket is not complete.
  const endOfLast = q.to === undefined ? Infinity : bucketStart(q.to - 1, ms) + ms;
  const until = Math.min(endOfLast, bucketStart(now, ms));
  const aggregator = new BarAggregator(q.symbol, q.tf);
  const out: Bar[] = [];
  let after: TickCursor | undefined;
  let scanned = 0;
  while (out.length < q.limit) {
    const page = await ticks.queryTicks({ symbol: q.symbol, from, to: until, limit: PAGE, ...(after === undefined ? {} : { after }) });
    for (const t of page) {
      const r = aggregator.add(t);
      if (r.kind === 'added' && r.finalized !== null) out.push(r.finalized);
    }
    scanned += page.length;
    if (page.length < PAGE) break;
    if (scanned >= MAX_TICKS_SCANNED) {
      throw new TandemError('range_too_large', `${q.tf.label} bars of ${q.symbol} are built from ticks; this range holds over ${MAX_TICKS_SCANNED} ticks: ask for a shorter range or a stored timeframe`);
    }
    const last = page[page.length - 1]!;
    after = { ts: last.ts, tradeId: last.tradeId };
  }
  const tail = aggregator.closeBefore(until);
  if (tail !== null) out.push(tail);
  return out.slice(0, q.limit);
}

/** Most bars one thinned read goes through: a month of 1 s bars. */
export const MAX_THINNED_BARS = 31 * 86_400;
/** Bars read per page by a thinned read. */
const THIN_PAGE = 50_000;

export interface ThinnedBars {
  readonly bars: Bar[];
  /** Width of the buckets the bars stand for (the timeframe itself when none were merged). */
  readonly bucketMs: number;
}

/**
 * The bars of `q`'s range (its `limit` ignored) as at most `maxPoints` bucket bars, read page by
 * page so memory holds one page and the buckets: a week or a month of 1 s bars for a chart.
 * The width comes from the range's first and last stored bar starts.
 */
export async function queryBarHistoryThinned(
  stores: { readonly ticks: TickStore; readonly bars: BarStore },
  storedTimeframes: readonly TimeframeSpec[],
  q: Omit<BarHistoryQuery, 'limit' | 'afterStart'>,
  maxPoints: number,
  now: number,
): Promise<ThinnedBars> {
  const page = (afterStart: number | undefined, limit: number): Promise<Bar[]> =>
    queryBarHistory(stores, storedTimeframes, { ...q, limit, ...(afterStart === undefined ? {} : { afterStart }) }, now);
  const firstBar = (await page(undefined, 1))[0];
  if (firstBar === undefined) return { bars: [], bucketMs: q.tf.ms };
  const stored = storedTimeframes.some((t) => t.label === q.tf.label);
  const latest = stored ? await stores.bars.latestStart(q.symbol, q.tf.label) : null;
  const lastGuess = Math.min(q.to === undefined ? Infinity : q.to - 1, latest ?? (q.to === undefined ? bucketStart(now, q.tf.ms) : q.to - 1));
  const lastStart = Number.isFinite(lastGuess) ? Math.max(firstBar.start, bucketStart(lastGuess, q.tf.ms)) : firstBar.start;
  const bucketMs = bucketWidth(q.tf.ms, firstBar.start, lastStart, maxPoints);
  if (stored) {
    // Stored bars are bucketed by the database: a week of 1 s bars never leaves it as objects
    // (reading 604,800 of them took seconds, the grouped scan a fifth of one).
    const out = await stores.bars.bucketBars({ symbol: q.symbol, tf: q.tf.label, ...(q.from === undefined ? {} : { from: q.from }), ...(q.to === undefined ? {} : { to: q.to }) }, bucketMs);
    return rethin(out, bucketMs, maxPoints);
  }
  const down = new BarDownsampler(bucketMs);
  let after: number | undefined;
  let read = 0;
  for (;;) {
    const bars = await page(after, THIN_PAGE);
    down.push(bars);
    read += bars.length;
    if (bars.length < THIN_PAGE) break;
    if (read >= MAX_THINNED_BARS) throw new TandemError('range_too_large', `the range holds over ${MAX_THINNED_BARS} ${q.tf.label} bars of ${q.symbol}; ask for a shorter range or a longer timeframe`);
    after = bars[bars.length - 1]!.start;
  }
  return rethin(down.finish(), bucketMs, maxPoints);
}

/** A range that ended past its expected last bar (bars stored meanwhile) may add a bucket: thin again. */
function rethin(out: Bar[], bucketMs: number, maxPoints: number): ThinnedBars {
  if (out.length <= maxPoints) return { bars: out, bucketMs };
  const wider = bucketWidth(bucketMs, out[0]!.start, out[out.length - 1]!.start, maxPoints);
  return { bars: downsampleBars(out, wider), bucketMs: wider };
}
