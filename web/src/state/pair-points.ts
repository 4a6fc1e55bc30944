/**
 * Pair point lists: a pair's analytics, one `PairPointDto` per aligned bar, ascending by
 * `start`, one point per start. As with bar lists (bar-list.ts), a later point for a start
 * replaces the earlier one: the forming bucket's provisional point is replaced by its next
 * update, then by the final point, and the live engine's values replace those of a REST range
 * for the same bars (the live Kalman filter started earlier, and what follows continues it).
 * Functions never mutate their inputs and keep unchanged points' identity, so a chart can
 * tell what changed.
 * @module
 */

import type { PairPointDto, PairSeriesDto, PairTestsDto } from '../../../src/server/dto/pair-schemas';

/** Points kept per pair; older ones are dropped as live points arrive. */
export const MAX_PAIR_POINTS = 5000;

/** The rows of the API's column form (index-aligned arrays, oldest first). */
export function pointsFromColumns(s: PairSeriesDto): PairPointDto[] {
  const out: PairPointDto[] = new Array<PairPointDto>(s.ts.length);
  for (let i = 0; i < s.ts.length; i += 1) {
    out[i] = {
      start: s.ts[i] as number,
      y: s.y[i] as number,
      x: s.x[i] as number,
      yFilled: s.yFilled[i] === true,
      xFilled: s.xFilled[i] === true,
      beta: s.beta[i] ?? null,
      alpha: s.alpha[i] ?? null,
      spread: s.spread[i] ?? null,
      z: s.z[i] ?? null,
      corr: s.corr[i] ?? null,
      olsBeta: s.olsBeta[i] ?? null,
    };
  }
  return out;
}

/** Index of the point with `start`, or of where it would be inserted (binary search). */
export function lowerBoundPoint(points: readonly PairPointDto[], start: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid] as PairPointDto).start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The point with `start`, or null. */
export function findPoint(points: readonly PairPointDto[], start: number): PairPointDto | null {
  const p = points[lowerBoundPoint(points, start)];
  return p !== undefined && p.start === start ? p : null;
}

/**
 * Applies `updates` in order (for one start the last wins) to `points`, keeping the newest
 * `maxLength`. Appending or replacing the last point, the live case, copies the array once.
 */
export function mergePoints(points: readonly PairPointDto[], updates: readonly PairPointDto[], maxLength = MAX_PAIR_POINTS): readonly PairPointDto[] {
  if (updates.length === 0) return points;
  const out = points.slice();
  for (const p of updates) {
    const last = out[out.length - 1];
    if (last === undefined || p.start > last.start) out.push(p);
    else if (p.start === last.start) out[out.length - 1] = p;
    else {
      const i = lowerBoundPoint(out, p.start);
      if ((out[i] as PairPointDto).start === p.start) out[i] = p;
      else out.splice(i, 0, p);
    }
  }
  return out.length > maxLength ? out.slice(out.length - maxLength) : out;
}

/** The newer of two test results by the bar they saw (`asOf`); on a tie the second, which arrived later. */
export function newerTests(a: PairTestsDto | null, b: PairTestsDto | null): PairTestsDto | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.asOf >= a.asOf ? b : a;
}

/** A message of a pair channel, as buffered while history loads. */
export type PairEvent =
  | { readonly kind: 'snapshot'; readonly points: readonly PairPointDto[]; readonly tests: PairTestsDto | null }
  | { readonly kind: 'point'; readonly point: PairPointDto }
  | { readonly kind: 'tests'; readonly tests: PairTestsDto };

/**
 * History from REST joined with the channel's messages that arrived while it loaded, applied
 * in arrival order after it: they are at least as new as the history (the subscription came
 * first), so for any start they win.
 */
export function joinPairHistory(
  history: readonly PairPointDto[],
  historyTests: PairTestsDto | null,
  buffered: readonly PairEvent[],
  maxLength = MAX_PAIR_POINTS,
): { readonly points: readonly PairPointDto[]; readonly tests: PairTestsDto | null } {
  const updates: PairPointDto[] = [];
  let tests = historyTests;
  for (const e of buffered) {
    if (e.kind === 'point') updates.push(e.point);
    else if (e.kind === 'snapshot') updates.push(...e.points);
    if (e.kind !== 'point') tests = newerTests(tests, e.tests);
  }
  const points = mergePoints(history, updates, Infinity);
  return { points: points.length > maxLength ? points.slice(points.length - maxLength) : points, tests };
}
