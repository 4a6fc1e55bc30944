/**
 * The sweep heatmap: a metric over entry (rows, ascending upwards) × exit (columns) for one
 * window, on the ECharts canvas the correlation panel uses, so the two share a chunk. A click
 * on a cell that was run reports its grid point; a run whose metric is undefined (no trades, so
 * no Sharpe) is drawn in a neutral colour outside the scale, and loads like any other. Loaded lazily by the sweep panel: ECharts is over
 * half of the bundle.
 * @module
 */

import { useMemo } from 'react';
import { cellPoint, formatMetric, HEAT_METRICS, type SweepHeatmap, type SweepPoint } from '../view/backtest-heatmap-model';
import { theme } from '../view/theme';
import { CorrelationEChart, type CorrelationChartOption } from './correlation-echart';

export interface BacktestHeatmapProps {
  readonly model: SweepHeatmap;
  readonly onPick: (point: SweepPoint) => void;
}

const FONT = 'ui-monospace, "SF Mono", "JetBrains Mono", Menlo, Consolas, monospace';
/** Bad → good. */
const COLOURS = ['#f6465d', '#3a2a31', '#1b2430', '#1f3d33', '#2ebd85'];

function heatmapOption(model: SweepHeatmap): CorrelationChartOption {
  const label = HEAT_METRICS.find((m) => m.id === model.metric)?.label ?? model.metric;
  const data = model.cells.flatMap((row, r) => row.map((v, c) => ({ value: [c, r, v ?? '-'] as [number, number, number | string] })));
  // Runs without a defined metric: their own series, left out of the visual map's colours.
  const undefinedRuns = model.cells.flatMap((row, r) => row.flatMap((v, c) => (v === null && model.ran[r]?.[c] === true ? [{ value: [c, r, 0] as [number, number, number] }] : [])));
  return {
    animation: false,
    backgroundColor: 'transparent',
    grid: { left: 56, right: 12, top: 8, bottom: 64, containLabel: false },
    tooltip: {
      confine: true,
      backgroundColor: theme.panel,
      borderColor: theme.border,
      textStyle: { color: theme.textStrong, fontSize: 11, fontFamily: FONT },
      formatter: (p: unknown) => {
        const { value: d, seriesIndex } = p as { value?: readonly [number, number, number | string]; seriesIndex?: number };
        if (!Array.isArray(d)) return '';
        const entry = model.entries[d[1]];
        const exit = model.exits[d[0]];
        const ran = model.ran[d[1]]?.[d[0]] === true;
        const v = seriesIndex === 1 ? 'undefined' : typeof d[2] === 'number' ? formatMetric(model.metric, d[2]) : 'skipped';
        return `entry ${entry} · exit ${exit} · window ${model.window}<br/>${label}: ${v}${ran ? '<br/>click: load this run' : ''}`;
      },
    },
    xAxis: {
      type: 'category',
      name: 'exit',
      nameLocation: 'middle',
      nameGap: 26,
      nameTextStyle: { color: theme.text, fontSize: 10 },
      data: model.exits.map(String),
      axisLabel: { color: theme.text, fontSize: 10, fontFamily: FONT },
      axisLine: { lineStyle: { color: theme.border } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'category',
      name: 'entry',
      nameLocation: 'middle',
      nameGap: 40,
      nameTextStyle: { color: theme.text, fontSize: 10 },
      data: model.entries.map(String),
      axisLabel: { color: theme.text, fontSize: 10, fontFamily: FONT },
      axisLine: { lineStyle: { color: theme.border } },
      axisTick: { show: false },
    },
    visualMap: {
      type: 'continuous',
      seriesIndex: 0,
      min: model.min,
      max: model.max === model.min ? model.min + 1 : model.max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 160,
      itemWidth: 10,
      textStyle: { color: theme.text, fontSize: 10 },
      inRange: { color: model.higherIsBetter ? COLOURS : [...COLOURS].reverse() },
    },
    series: [
      {
        type: 'heatmap',
        data,
        label: { show: model.entries.length * model.exits.length <= 64, color: theme.textStrong, fontSize: 10, fontFamily: FONT, formatter: (p: { value?: unknown }) => (Array.isArray(p.value) && typeof p.value[2] === 'number' ? formatMetric(model.metric, p.value[2]) : '') },
        itemStyle: { borderColor: theme.background, borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: theme.textStrong, borderWidth: 1 } },
      },
      {
        type: 'heatmap',
        data: undefinedRuns,
        label: { show: model.entries.length * model.exits.length <= 64, color: theme.textStrong, fontSize: 10, fontFamily: FONT, formatter: () => formatMetric(model.metric, null) },
        itemStyle: { color: theme.crosshair, borderColor: theme.background, borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: theme.textStrong, borderWidth: 1 } },
      },
    ],
  };
}

export function BacktestHeatmap({ model, onPick }: BacktestHeatmapProps) {
  const option = useMemo(() => heatmapOption(model), [model]);
  const onClick = (data: unknown) => {
    const v = (data as { value?: unknown } | null)?.value;
    if (!Array.isArray(v) || typeof v[0] !== 'number' || typeof v[1] !== 'number' || model.ran[v[1]]?.[v[0]] !== true) return;
    const point = cellPoint(model, v[1], v[0]);
    if (point !== null) onPick(point);
  };
  return <CorrelationEChart option={option} onItemClick={onClick} className="bt-heatmap" testId="bt-heatmap" label={`Sweep heatmap of ${model.metric} over entry × exit, window ${model.window}`} />;
}
