/**
 * The N × N correlation heatmap of log returns, with a diverging −1..1 colour scale. A click
 * on a cell off the diagonal reports that pair (`y` the row, `x` the column).
 * @module
 */

import { useMemo } from 'react';
import type { PairChoice } from '../state/overview-state';
import { cellPair, CORRELATION_COLOURS, type HeatmapModel } from '../view/correlation-model';
import { theme } from '../view/theme';
import { CorrelationEChart, type CorrelationChartOption } from './correlation-echart';
import { escapeHtml } from '../view/escape-html';

export interface CorrelationHeatmapProps {
  readonly model: HeatmapModel;
  readonly selected: PairChoice | null;
  readonly onPick: (pair: PairChoice) => void;
}

const FONT = 'ui-monospace, "SF Mono", "JetBrains Mono", Menlo, Consolas, monospace';

function heatmapOption(model: HeatmapModel, selected: PairChoice | null): CorrelationChartOption {
  const n = model.symbols.length;
  const rows = [...model.symbols].reverse();
  const isSelected = (col: number, row: number): boolean => selected !== null && model.symbols[col] === selected.x && rows[row] === selected.y;
  return {
    animation: false,
    backgroundColor: 'transparent',
    grid: { left: 72, right: 8, top: 6, bottom: 46, containLabel: false },
    tooltip: {
      confine: true,
      backgroundColor: theme.panel,
      borderColor: theme.border,
      textStyle: { color: theme.textStrong, fontSize: 11, fontFamily: FONT },
      formatter: (p: unknown) => {
        // Each item's data is `{value: [column, row, ρ or '-'], itemStyle}`.
        const d = (p as { value?: readonly [number, number, number | string] }).value;
        if (!Array.isArray(d)) return '';
        // The formatter's string is HTML: the symbols go in escaped.
        const x = escapeHtml(model.symbols[d[0]] ?? '');
        const y = escapeHtml(rows[d[1]] ?? '');
        const v = typeof d[2] === 'number' ? d[2].toFixed(3) : 'undefined';
        return x === y ? `${x}: ρ ${v}` : `${y} × ${x}: ρ ${v}<br/>click: open in Pair Analytics`;
      },
    },
    xAxis: {
      type: 'category',
      data: [...model.symbols],
      axisLabel: { color: theme.text, fontSize: 10, fontFamily: FONT, interval: 0, rotate: n > 4 ? 30 : 0 },
      axisLine: { lineStyle: { color: theme.border } },
      axisTick: { show: false },
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      data: rows,
      axisLabel: { color: theme.text, fontSize: 10, fontFamily: FONT },
      axisLine: { lineStyle: { color: theme.border } },
      axisTick: { show: false },
    },
    visualMap: {
      type: 'continuous',
      min: -1,
      max: 1,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      itemWidth: 8,
      text: ['+1', '−1'],
      textStyle: { color: theme.text, fontSize: 10, fontFamily: FONT },
      inRange: { color: [...CORRELATION_COLOURS] },
    },
    series: [
      {
        type: 'heatmap',
        data: model.cells.map(([col, row, v]) => ({
          value: [col, row, v ?? '-'],
          itemStyle: isSelected(col, row) ? { borderColor: theme.textStrong, borderWidth: 2 } : { borderColor: theme.background, borderWidth: 1 },
          // Dark figures on the bright ends of the scale, light ones on the dark middle.
          label: { color: v !== null && Math.abs(v) > 0.75 ? theme.background : theme.textStrong },
        })),
        label: {
          show: n <= 8,
          color: theme.textStrong,
          fontSize: 10,
          fontFamily: FONT,
          formatter: (p: unknown) => {
            const v = (p as { value?: [number, number, number | string] }).value?.[2];
            return typeof v === 'number' ? v.toFixed(2) : '';
          },
        },
        emphasis: { itemStyle: { borderColor: theme.textStrong, borderWidth: 1 } },
        cursor: 'pointer',
      },
    ],
  };
}

export function CorrelationHeatmap({ model, selected, onPick }: CorrelationHeatmapProps) {
  const option = useMemo(() => heatmapOption(model, selected), [model, selected]);
  const onItemClick = (data: unknown) => {
    const value = (data as { value?: unknown } | null)?.value;
    if (!Array.isArray(value)) return;
    const pair = cellPair(model, Number(value[0]), Number(value[1]));
    if (pair !== null) onPick(pair);
  };
  return <CorrelationEChart option={option} onItemClick={onItemClick} className="corr-heatmap" testId="corr-heatmap" label={`Correlation heatmap of ${model.symbols.join(', ')}`} />;
}
