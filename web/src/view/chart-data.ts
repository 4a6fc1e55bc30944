/**
 * Bars to lightweight-charts data, and what changed between two bar lists.
 *
 * Lightweight-charts wants UTC seconds (`UTCTimestamp`); Tandem keeps epoch milliseconds,
 * so times are converted here, at the edge. Any number is a valid `UTCTimestamp` to the
 * library (it orders points by the number), so sub-second bars (`250ms`) become fractional
 * seconds: `ms / 1000` is exact enough to keep every millisecond distinct and ordered, and
 * `fromChartTime` recovers the millisecond by rounding. The library's own labels show whole
 * seconds at best, so the chart supplies formatters that print the milliseconds.
 * @module
 */

import type { CandlestickData, HistogramData, UTCTimestamp } from 'lightweight-charts';
import type { BarDto } from '../../../src/server/dto/api-schemas';
import { theme } from './theme';

export const toChartTime = (ms: number): UTCTimestamp => (ms / 1000) as UTCTimestamp;
export const fromChartTime = (seconds: number): number => Math.round(seconds * 1000);

export function toCandle(bar: BarDto): CandlestickData<UTCTimestamp> {
  return { time: toChartTime(bar.start), open: bar.open, high: bar.high, low: bar.low, close: bar.close };
}

export function toVolume(bar: BarDto): HistogramData<UTCTimestamp> {
  return { time: toChartTime(bar.start), value: bar.volume, color: bar.close >= bar.open ? theme.upVolume : theme.downVolume };
}

/** How many of the newest bars `tailDiff` compares. */
const TAIL = 64;

/**
 * The bars of `next` that are new or replaced relative to `prev` (both from bar-list.ts, where
 * an unchanged bar keeps its identity), ascending; only the newest `TAIL` bars are compared,
 * which is where live updates land. Null when a full redraw is simpler or needed: a bar
 * inserted before `prev`'s last, or the whole compared tail changed.
 */
export function tailDiff(prev: readonly BarDto[], next: readonly BarDto[]): BarDto[] | null {
  if (prev === next) return [];
  const prevLast = prev[prev.length - 1]?.start ?? -Infinity;
  const changed: BarDto[] = [];
  let j = prev.length - 1;
  let scanned = 0;
  for (let i = next.length - 1; i >= 0 && scanned < TAIL; i -= 1, scanned += 1) {
    const bar = next[i] as BarDto;
    while (j >= 0 && (prev[j] as BarDto).start > bar.start) j -= 1;
    const old = j >= 0 && (prev[j] as BarDto).start === bar.start ? prev[j] : undefined;
    if (old === bar) continue;
    if (old === undefined && bar.start < prevLast) return null;
    changed.push(bar);
  }
  if (changed.length === TAIL) return null;
  return changed.reverse();
}
