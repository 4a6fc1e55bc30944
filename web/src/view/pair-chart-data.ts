/**
 * Pair points to lightweight-charts line data, one series per value, and what changed between
 * two point lists. Times are converted to chart seconds at this edge (chart-data.ts). A value
 * that is not defined (a warm-up) becomes whitespace, so every pane keeps a slot for every
 * bar and the panes' shared time axis lines up.
 * @module
 */

import type { LineData, UTCTimestamp, WhitespaceData } from 'lightweight-charts';
import type { PairPointDto } from '../../../src/server/dto/pair-schemas';
import { toChartTime } from './chart-data';

/** The values drawn, each as one line series. */
export const PAIR_LINES = ['y', 'x', 'spread', 'z', 'corr', 'beta', 'olsBeta'] as const;
export type PairLine = (typeof PAIR_LINES)[number];

export type PairLineDatum = LineData<UTCTimestamp> | WhitespaceData<UTCTimestamp>;

/** One point's value of `line` as chart data: whitespace when it is null. */
export function toLineDatum(p: PairPointDto, line: PairLine): PairLineDatum {
  const v = p[line];
  const time = toChartTime(p.start);
  return v === null || !Number.isFinite(v) ? { time } : { time, value: v };
}

/** Every point of `points` as chart data for `line`. */
export function toLineData(points: readonly PairPointDto[], line: PairLine): PairLineDatum[] {
  return points.map((p) => toLineDatum(p, line));
}

/** How many of the newest points `pointTailDiff` compares. */
const TAIL = 64;

/**
 * The points of `next` that are new or replaced relative to `prev` (lists from
 * pair-points.ts, where an unchanged point keeps its identity), ascending, comparing the newest
 * `TAIL`. Null when a full redraw is needed: a point inserted before `prev`'s last, a list
 * that ends earlier than `prev`, or the whole compared tail changed.
 */
export function pointTailDiff(prev: readonly PairPointDto[], next: readonly PairPointDto[]): PairPointDto[] | null {
  if (prev === next) return [];
  const prevLast = prev[prev.length - 1]?.start ?? -Infinity;
  // Lists only grow at the end; one whose newest point is older than prev's is another list.
  if ((next[next.length - 1]?.start ?? -Infinity) < prevLast) return null;
  const changed: PairPointDto[] = [];
  let j = prev.length - 1;
  let scanned = 0;
  for (let i = next.length - 1; i >= 0 && scanned < TAIL; i -= 1, scanned += 1) {
    const p = next[i] as PairPointDto;
    while (j >= 0 && (prev[j] as PairPointDto).start > p.start) j -= 1;
    const old = j >= 0 && (prev[j] as PairPointDto).start === p.start ? prev[j] : undefined;
    if (old === p) continue;
    if (old === undefined && p.start < prevLast) return null;
    changed.push(p);
  }
  if (changed.length === TAIL) return null;
  return changed.reverse();
}
