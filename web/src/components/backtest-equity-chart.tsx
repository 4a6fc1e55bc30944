/**
 * `BacktestEquityChart`: a run's equity (top pane) and drawdown in percent (bottom pane) on one
 * lightweight-charts chart with a shared time axis. It only draws: a new `generation` is drawn
 * with `setData()` and the whole run fitted into view.
 * @module
 */

import { useEffect, useRef } from 'react';
import { AreaSeries, createChart, LineSeries, type IChartApi, type ISeriesApi } from 'lightweight-charts';
import type { EquityLines } from '../view/backtest-chart-data';
import { BACKTEST_CHART_OPTIONS, BACKTEST_COLORS } from './backtest-chart-options';

export interface BacktestEquityChartProps {
  readonly lines: EquityLines;
  readonly generation: number;
  readonly testId: string;
}

interface Drawn {
  readonly chart: IChartApi;
  readonly equity: ISeriesApi<'Line'>;
  readonly drawdown: ISeriesApi<'Area'>;
}

export function BacktestEquityChart({ lines, generation, testId }: BacktestEquityChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const drawn = useRef<Drawn | null>(null);

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const chart = createChart(el, BACKTEST_CHART_OPTIONS);
    const equity = chart.addSeries(LineSeries, { color: BACKTEST_COLORS.equity, lineWidth: 2, priceLineVisible: false, title: 'equity', priceFormat: { type: 'price', precision: 2, minMove: 0.01 } }, 0);
    const drawdown = chart.addSeries(
      AreaSeries,
      { lineColor: BACKTEST_COLORS.drawdown, topColor: 'rgba(246, 70, 93, 0.05)', bottomColor: 'rgba(246, 70, 93, 0.35)', invertFilledArea: true, lineWidth: 1, priceLineVisible: false, title: 'drawdown %', priceFormat: { type: 'price', precision: 2, minMove: 0.01 } },
      1,
    );
    chart.panes()[0]?.setStretchFactor(2.5);
    drawn.current = { chart, equity, drawdown };
    return () => {
      chart.remove();
      drawn.current = null;
    };
  }, []);

  useEffect(() => {
    const d = drawn.current;
    if (d === null) return;
    d.equity.setData(lines.equity);
    d.drawdown.setData(lines.drawdown);
    d.chart.timeScale().fitContent();
  }, [lines, generation]);

  return <div className="bt-chart bt-equity-chart" ref={box} data-testid={testId} />;
}
