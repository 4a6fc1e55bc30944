/**
 * `BacktestSignalChart`: the run's spread (top pane) and z-score (bottom pane, with the entry
 * and exit bands) with every trade marked on the z line at its entry and exit fills (markers
 * numbered as the trades table's rows). It only draws: new data is drawn with `setData()`.
 * @module
 */

import { useEffect, useRef } from 'react';
import { createChart, createSeriesMarkers, LineSeries, LineStyle, type IChartApi, type IPriceLine, type ISeriesApi, type ISeriesMarkersPluginApi, type SeriesMarker, type Time, type UTCTimestamp } from 'lightweight-charts';
import type { SignalLines } from '../view/backtest-chart-data';
import { formatSig } from '../view/pair-format';
import { BACKTEST_CHART_OPTIONS, BACKTEST_COLORS } from './backtest-chart-options';

export interface BacktestSignalChartProps {
  readonly lines: SignalLines;
  readonly markers: readonly SeriesMarker<UTCTimestamp>[];
  readonly entry: number;
  readonly exit: number;
  readonly generation: number;
}

interface Drawn {
  readonly chart: IChartApi;
  readonly spread: ISeriesApi<'Line'>;
  readonly z: ISeriesApi<'Line'>;
  readonly markers: ISeriesMarkersPluginApi<Time>;
  bands: IPriceLine[];
}

export function BacktestSignalChart({ lines, markers, entry, exit, generation }: BacktestSignalChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const drawn = useRef<Drawn | null>(null);

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const chart = createChart(el, BACKTEST_CHART_OPTIONS);
    const spread = chart.addSeries(LineSeries, { color: BACKTEST_COLORS.spread, lineWidth: 1, priceLineVisible: false, title: 'spread', priceFormat: { type: 'custom', minMove: 1e-8, formatter: (p: number) => formatSig(p) } }, 0);
    const z = chart.addSeries(LineSeries, { color: BACKTEST_COLORS.z, lineWidth: 1, priceLineVisible: false, title: 'z', priceFormat: { type: 'price', precision: 2, minMove: 0.01 } }, 1);
    chart.panes()[1]?.setStretchFactor(1.6);
    drawn.current = { chart, spread, z, markers: createSeriesMarkers<Time>(z, []), bands: [] };
    return () => {
      chart.remove();
      drawn.current = null;
    };
  }, []);

  useEffect(() => {
    const d = drawn.current;
    if (d === null) return;
    d.spread.setData(lines.spread);
    d.z.setData(lines.z);
    d.markers.setMarkers([...markers]);
    d.chart.timeScale().fitContent();
  }, [lines, markers, generation]);

  useEffect(() => {
    const d = drawn.current;
    if (d === null) return;
    for (const b of d.bands) d.z.removePriceLine(b);
    const levels = [
      { price: entry, title: 'entry', style: LineStyle.Dashed },
      { price: -entry, title: 'entry', style: LineStyle.Dashed },
      ...(exit === 0 ? [{ price: 0, title: 'exit', style: LineStyle.Dotted }] : [{ price: exit, title: 'exit', style: LineStyle.Dotted }, { price: -exit, title: 'exit', style: LineStyle.Dotted }]),
    ];
    d.bands = levels.map((l) => d.z.createPriceLine({ price: l.price, color: '#5b6675', lineWidth: 1, lineStyle: l.style, axisLabelVisible: false, title: l.title }));
  }, [entry, exit]);

  return <div className="bt-chart bt-signal-chart" ref={box} data-testid="bt-signal-chart" />;
}
