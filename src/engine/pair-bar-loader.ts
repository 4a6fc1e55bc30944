/**
 * Loads the stored bars of a pair for a backtest or a sweep and aligns them with the live
 * engine's `alignBars`. Missing data is an expected failure with a code the API and the CLI
 * report as is: `unknown_symbol` (no bars of the symbol at all, naming `y` or `x`),
 * `empty_range` (none in the range), `too_few_bars` (fewer aligned bars than the window needs)
 * and `range_too_large`. The legs' funding settlements over the bars' span come with them
 * (`pair-funding-loader.ts`: `no_funding_rates` when asked for and missing).
 * @module
 */

import { alignBars } from '../bars/pair-alignment.js';
import { pairBarColumns, type PairBarColumns } from '../backtest/pair-bar-columns.js';
import { TandemError } from '../core/tandem-error.js';
import type { Bar } from '../model/bar.js';
import type { TimeframeSpec } from '../model/timeframe.js';
import type { BarStore } from '../store/bar-store.js';
import type { FundingStore } from '../store/funding-store.js';
import type { TickStore } from '../store/tick-store.js';
import { queryBarHistory } from './bar-history.js';
import { loadPairFunding } from './pair-funding-loader.js';

/** Most bars of one side a backtest reads (a year of 1m bars is 525,600). */
export const MAX_BACKTEST_BARS = 2_000_000;

export interface PairBarsQuery {
  readonly y: string;
  readonly x: string;
  readonly tf: TimeframeSpec;
  readonly from: number | null;
  readonly to: number | null;
  /** Fewest aligned bars needed (the window plus two, so one signal can be filled). */
  readonly minBars: number;
  /** Simulate funding: true requires the legs' rates, false leaves them out, absent or null when both legs have rates. */
  readonly funding?: boolean | null;
}

export interface BarSources {
  readonly stores: { readonly ticks: TickStore; readonly bars: BarStore; readonly funding: FundingStore };
  readonly timeframes: readonly TimeframeSpec[];
  readonly now: number;
  /**
   * Loads a pair's aligned bars elsewhere (the server's job lane reads them on a worker);
   * `loadPairBars` delegates to it when given.
   */
  readonly pairBars?: (q: PairBarsQuery) => Promise<PairBarColumns>;
}

async function sideBars(src: BarSources, field: 'y' | 'x', symbol: string, q: PairBarsQuery): Promise<Bar[]> {
  const range = { ...(q.from === null ? {} : { from: q.from }), ...(q.to === null ? {} : { to: q.to }) };
  const bars = await queryBarHistory(src.stores, src.timeframes, { symbol, tf: q.tf, limit: MAX_BACKTEST_BARS + 1, ...range }, src.now);
  if (bars.length > MAX_BACKTEST_BARS) throw new TandemError('range_too_large', `${field}: ${symbol} has over ${MAX_BACKTEST_BARS} ${q.tf.label} bars in the range; ask for a shorter range or a longer timeframe`);
  if (bars.length > 0) return bars;
  const any = await queryBarHistory(src.stores, src.timeframes, { symbol, tf: q.tf, limit: 1 }, src.now);
  if (any.length === 0) throw new TandemError('unknown_symbol', `${field}: no stored ${q.tf.label} bars of ${symbol}; import or record it first`);
  throw new TandemError('empty_range', `${field}: no ${q.tf.label} bars of ${symbol} in the range${q.from === null ? '' : ` from ${new Date(q.from).toISOString()}`}${q.to === null ? '' : ` to ${new Date(q.to).toISOString()}`}`);
}

/** The aligned bars of the pair, with each side's opens and, when simulated, the legs' funding. */
export async function loadPairBars(src: BarSources, q: PairBarsQuery): Promise<PairBarColumns> {
  if (src.pairBars !== undefined) return src.pairBars(q);
  const [yBars, xBars] = await Promise.all([sideBars(src, 'y', q.y, q), sideBars(src, 'x', q.x, q)]);
  const points = alignBars(yBars, xBars);
  if (points.length < q.minBars) {
    throw new TandemError('too_few_bars', `window: only ${points.length} aligned ${q.tf.label} bars of ${q.y}/${q.x} in the range; the window needs at least ${q.minBars} (window + 2)`);
  }
  const columns = pairBarColumns(points, yBars, xBars);
  const n = columns.start.length;
  const funding = await loadPairFunding(src.stores.funding, { y: q.y, x: q.x, from: columns.start[0]!, to: columns.start[n - 1]! + q.tf.ms, funding: q.funding ?? null });
  return funding === null ? columns : { ...columns, funding };
}
