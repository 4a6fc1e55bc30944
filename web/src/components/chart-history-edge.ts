/**
 * What a chart does at the edges of its history: `frameNewest` shows a newly loaded series,
 * the newest bars at a readable spacing for the latest window or everything for a chosen
 * range (loaded at screen resolution, so it fits); `useReachStart` calls back once per load
 * when the user scrolls or zooms out past the first loaded point, so the dashboard can load
 * more history (history-range.ts, `widenRange`).
 * @module
 */

import { useEffect, useRef, type RefObject } from 'react';
import type { IChartApi, LogicalRange } from 'lightweight-charts';

/** Empty bar slots left of the first point that count as "wants more history". */
const REACH_SLOTS = 5;

/** Frames `count` points: all of them (`fit`), else the newest `min`-`max`. */
export function frameNewest(chart: IChartApi, count: number, fit: boolean, min: number, max: number): void {
  if (fit) {
    chart.timeScale().fitContent();
    return;
  }
  const shown = Math.max(min, Math.min(count, max));
  chart.timeScale().setVisibleLogicalRange({ from: count - shown, to: count + 3 });
}

/**
 * Calls `onReachStart` when the visible range starts more than a few slots before the first
 * point, at most once per `generation` (a load), and only when the chart has points.
 */
export function useReachStart(chart: RefObject<IChartApi | null>, count: number, generation: number, onReachStart: (() => void) | undefined): void {
  const state = useRef({ count, generation, asked: -1, cb: onReachStart });
  state.current.count = count;
  state.current.generation = generation;
  state.current.cb = onReachStart;
  useEffect(() => {
    const c = chart.current;
    if (c === null) return;
    const onRange = (range: LogicalRange | null) => {
      const s = state.current;
      if (range === null || s.cb === undefined || s.count === 0 || s.asked === s.generation) return;
      if (range.from < -REACH_SLOTS) {
        s.asked = s.generation;
        s.cb();
      }
    };
    c.timeScale().subscribeVisibleLogicalRangeChange(onRange);
    return () => c.timeScale().unsubscribeVisibleLogicalRangeChange(onRange);
  }, [chart]);
}
