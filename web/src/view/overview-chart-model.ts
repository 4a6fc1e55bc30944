/**
 * The Overview's additions to the candle chart: a rolling VWAP line over the chosen window,
 * and markers on the volume histogram at the bars the server flags as volume spikes.
 *
 * The line is the rolling VWAP, not the session one: it is defined for every bar of any
 * timeframe from the bars alone (each bar carries its own `vwap`), and its last point equals
 * the card's "VWAP roll" over the same window, so the two read together. A session VWAP would
 * need every trade since 00:00 UTC, which a chart of the last hours does not hold.
 * @module
 */

import type { LineData, SeriesMarker, UTCTimestamp, WhitespaceData } from 'lightweight-charts';
import type { BarDto } from '../../../src/server/dto/api-schemas';
import { toChartTime } from './chart-data';

/** One point of the VWAP line: a value, or a gap (no volume yet in the window). */
export type VwapPoint = LineData<UTCTimestamp> | WhitespaceData<UTCTimestamp>;

/**
 * Σ vwapᵢ·volumeᵢ / Σ volumeᵢ over the last `window` bars up to each bar (fewer at the start),
 * one point per bar; a gap where the window has no volume. Sliding sums, re-summed exactly
 * every `window` bars so that rounding cannot build up over a long series.
 */
export function rollingVwapPoints(bars: readonly BarDto[], window: number): VwapPoint[] {
  if (!(window >= 1)) throw new Error(`rollingVwapPoints requires a window of at least 1 bar, got ${window}`);
  const out: VwapPoint[] = new Array<VwapPoint>(bars.length);
  let pv = 0;
  let vol = 0;
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i] as BarDto;
    if (i % window === 0 && i > 0) {
      // Re-sum the window ending at i − 1 exactly, then slide on as usual.
      pv = 0;
      vol = 0;
      for (let k = Math.max(0, i - window); k < i; k++) {
        const o = bars[k] as BarDto;
        pv += o.vwap * o.volume;
        vol += o.volume;
      }
    }
    pv += b.vwap * b.volume;
    vol += b.volume;
    const gone = bars[i - window];
    if (gone !== undefined) {
      pv -= gone.vwap * gone.volume;
      vol -= gone.volume;
    }
    const time = toChartTime(b.start);
    out[i] = vol > 1e-12 ? { time, value: pv / vol } : { time };
  }
  return out;
}

const valueOf = (p: VwapPoint | undefined): number | undefined => (p !== undefined && 'value' in p ? p.value : undefined);

/**
 * The points of `next` to redraw with `series.update()` given that `prev` is on screen: every
 * point from the first that differs, ascending (a bar changed in the middle moves the next
 * `window` points). Null when `setData` is simpler: the times do not line up, points were
 * removed, or more than `maxTail` points changed.
 */
export function lineTailDiff(prev: readonly VwapPoint[], next: readonly VwapPoint[], maxTail = 64): VwapPoint[] | null {
  if (prev === next) return [];
  if (next.length < prev.length) return null;
  let from = prev.length;
  for (let i = 0; i < prev.length; i++) {
    const a = prev[i] as VwapPoint;
    const b = next[i] as VwapPoint;
    if (a.time !== b.time) return null;
    if (from === prev.length && valueOf(a) !== valueOf(b)) from = i;
  }
  return next.length - from > maxTail ? null : next.slice(from);
}

/** Markers over the volume bars the server flagged (`volumeSpikes`, bar starts in ms) that are on the chart. */
export function spikeMarkers(spikeStarts: readonly number[], bars: readonly BarDto[], colour: string): SeriesMarker<UTCTimestamp>[] {
  if (spikeStarts.length === 0 || bars.length === 0) return [];
  const shown = new Set(bars.map((b) => b.start));
  return [...new Set(spikeStarts)]
    .filter((s) => shown.has(s))
    .sort((a, b) => a - b)
    .map((s) => ({ time: toChartTime(s), position: 'aboveBar' as const, shape: 'arrowDown' as const, color: colour, size: 1, id: `spike-${s}` }));
}

/** The VWAP line's colour: apart from the candles' green and red and the accent blue. */
export const VWAP_COLOUR = '#b48cff';
/** Volume-spike markers: the warning amber of styles.css (`--warn`). */
export const SPIKE_COLOUR = '#f0b90b';
