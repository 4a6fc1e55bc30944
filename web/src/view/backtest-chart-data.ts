/**
 * What the Backtest tab's charts draw, as plain data: the equity and drawdown curves, the
 * spread and z of the run's range, and the trade markers on them (entry and exit of each
 * trade, numbered as in the trades table). Times go to lightweight-charts in seconds.
 * @module
 */

import type { LineData, SeriesMarker, UTCTimestamp } from 'lightweight-charts';
import type { BacktestReportDto, BacktestTradeDto } from '../../../src/server/dto/backtest-schemas';
import type { PairPointDto } from '../../../src/server/dto/pair-schemas';
import { toChartTime } from './chart-data';

export type Line = LineData<UTCTimestamp>[];

/**
 * `values[i]` at `times[i]`, strictly ascending by time as lightweight-charts requires: a point
 * at the same time as the one before replaces it, an earlier one is dropped; non-finite values
 * are left out.
 */
export function toLine(times: readonly number[], values: readonly (number | null)[]): Line {
  const out: Line = [];
  const n = Math.min(times.length, values.length);
  for (let i = 0; i < n; i += 1) {
    const v = values[i];
    const t = times[i];
    if (v === null || v === undefined || t === undefined || !Number.isFinite(v)) continue;
    const time = toChartTime(t);
    const last = out[out.length - 1];
    if (last !== undefined && time < last.time) continue;
    if (last !== undefined && time === last.time) out[out.length - 1] = { time, value: v };
    else out.push({ time, value: v });
  }
  return out;
}

export interface EquityLines {
  readonly equity: Line;
  /** Drawdown in percent (≤ 0), for a readable axis. */
  readonly drawdown: Line;
}

export function equityLines(report: BacktestReportDto): EquityLines {
  const { time, equity, drawdown } = report.curves;
  return { equity: toLine(time, equity), drawdown: toLine(time, drawdown.map((d) => d * 100)) };
}

export interface SignalLines {
  readonly spread: Line;
  readonly z: Line;
}

export function signalLines(points: readonly PairPointDto[]): SignalLines {
  const times = points.map((p) => p.start);
  return { spread: toLine(times, points.map((p) => p.spread)), z: toLine(times, points.map((p) => p.z)) };
}

export const MARKER_COLORS = { long: '#2ebd85', short: '#f6465d', exit: '#d5dbe3' } as const;

/**
 * Two markers per trade, at its entry and exit fills: an up arrow below the line entering a
 * long, a down arrow above it entering a short (both with the trade's number), an unlabelled
 * circle at the exit, so that dense runs stay readable. Sorted by time (the
 * markers API wants that), entries before exits at the same time.
 */
export function tradeMarkers(trades: readonly BacktestTradeDto[]): SeriesMarker<UTCTimestamp>[] {
  const markers: { m: SeriesMarker<UTCTimestamp>; order: number }[] = [];
  trades.forEach((t, i) => {
    const long = t.side === 'long';
    markers.push({
      m: { time: toChartTime(t.entryTime), position: long ? 'belowBar' : 'aboveBar', shape: long ? 'arrowUp' : 'arrowDown', color: long ? MARKER_COLORS.long : MARKER_COLORS.short, text: `${i + 1}` },
      order: 2 * i,
    });
    markers.push({ m: { time: toChartTime(t.exitTime), position: long ? 'aboveBar' : 'belowBar', shape: 'circle', color: MARKER_COLORS.exit }, order: 2 * i + 1 });
  });
  return markers.sort((a, b) => a.m.time - b.m.time || a.order - b.order).map((x) => x.m);
}
