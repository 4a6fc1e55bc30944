/**
 * Bar lists: arrays of bars of one symbol and timeframe, ascending by `start`, one bar per
 * start. A later bar with the same start replaces the earlier one (the forming bar is
 * replaced by its next update, then by the final bar). Functions return new arrays and never
 * mutate their inputs, so a view can tell what changed by identity.
 * @module
 */

import type { BarDto } from '../../../src/server/dto/api-schemas';

/** Index of the bar with `start`, or of where it would be inserted (binary search). */
export function lowerBound(bars: readonly BarDto[], start: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((bars[mid] as BarDto).start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The bar with `start`, or null. */
export function findBar(bars: readonly BarDto[], start: number): BarDto | null {
  const i = lowerBound(bars, start);
  const bar = bars[i];
  return bar !== undefined && bar.start === start ? bar : null;
}

/**
 * Applies `updates` (any order; for one start the last wins) to `bars`, keeping at most
 * `maxLength` bars (the newest). Appending or replacing the last bar, the live case, costs one
 * copy of the array; a late bar for an older bucket is inserted in place.
 */
export function mergeBars(bars: readonly BarDto[], updates: readonly BarDto[], maxLength = Infinity): readonly BarDto[] {
  if (updates.length === 0) return bars;
  const out = bars.slice();
  for (const bar of updates) {
    const last = out[out.length - 1];
    if (last === undefined || bar.start > last.start) out.push(bar);
    else if (bar.start === last.start) out[out.length - 1] = bar;
    else {
      const i = lowerBound(out, bar.start);
      if ((out[i] as BarDto).start === bar.start) out[i] = bar;
      else out.splice(i, 0, bar);
    }
  }
  return out.length > maxLength ? out.slice(out.length - maxLength) : out;
}

/**
 * History joined with the live messages buffered while it loaded. Buffered bars after the
 * last history bar extend it; older ones are already in history. For the last history bar's
 * own bucket, the version with more trades wins: updates of one bucket only ever add trades,
 * so the smaller one is a stale forming bar, or one built by a live aggregator that started
 * in the middle of the bucket.
 */
export function joinHistory(history: readonly BarDto[], buffered: readonly BarDto[], maxLength = Infinity): readonly BarDto[] {
  const last = history[history.length - 1];
  const fresh = last === undefined ? buffered : buffered.filter((b) => b.start > last.start || (b.start === last.start && b.trades >= last.trades));
  return mergeBars(history, fresh, maxLength);
}
