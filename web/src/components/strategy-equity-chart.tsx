/**
 * `StrategyEquityChart`: a paper strategy's live equity and, on the same time axis, the equity
 * of the backtest it was started from, so the live curve continues where the backtest's ends.
 * It only draws: a new `generation` (another strategy, or a full read) is drawn with
 * `setData()`; points a push appended since are drawn with `series.update()`.
 * @module
 */

import { useEffect, useRef } from 'react';
import { createChart, LineSeries, type IChartApi, type ISeriesApi } from 'lightweight-charts';
import type { Line } from '../view/backtest-chart-data';
import { BACKTEST_CHART_OPTIONS, BACKTEST_COLORS } from './backtest-chart-options';

export interface StrategyEquityChartProps {
  readonly live: Line;
  readonly backtest: Line | null;
  readonly generation: number;
}

interface Drawn {
  readonly chart: IChartApi;
  readonly live: ISeriesApi<'Line'>;
  readonly backtest: ISeriesApi<'Line'>;
}

const MONEY = { type: 'price', precision: 2, minMove: 0.01 } as const;

export function StrategyEquityChart({ live, backtest, generation }: StrategyEquityChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const drawn = useRef<Drawn | null>(null);
  /** What the live series holds: its generation and point count, to tell an append from a new curve. */
  const held = useRef<{ generation: number; count: number } | null>(null);

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const chart = createChart(el, BACKTEST_CHART_OPTIONS);
    const backtestSeries = chart.addSeries(LineSeries, { color: BACKTEST_COLORS.equity, lineWidth: 1, priceLineVisible: false, title: 'backtest', priceFormat: MONEY });
    const liveSeries = chart.addSeries(LineSeries, { color: BACKTEST_COLORS.live, lineWidth: 2, priceLineVisible: false, title: 'live (paper)', priceFormat: MONEY });
    drawn.current = { chart, live: liveSeries, backtest: backtestSeries };
    return () => {
      chart.remove();
      drawn.current = null;
      held.current = null;
    };
  }, []);

  useEffect(() => {
    const d = drawn.current;
    if (d === null) return;
    d.backtest.setData(backtest ?? []);
    d.chart.timeScale().fitContent();
  }, [backtest]);

  useEffect(() => {
    const d = drawn.current;
    if (d === null) return;
    const h = held.current;
    if (h !== null && h.generation === generation && live.length >= h.count && h.count > 0) {
      // A push: draw the new points (or the last one again, when a push replaced it).
      for (let i = h.count - 1; i < live.length; i += 1) {
        const p = live[i];
        if (p !== undefined) d.live.update(p);
      }
    } else {
      d.live.setData(live);
      d.chart.timeScale().fitContent();
    }
    held.current = { generation, count: live.length };
  }, [live, generation]);

  return <div className="bt-chart st-equity-chart" ref={box} data-testid="st-equity-chart" />;
}
