/**
 * `CorrelationEChart`: one ECharts canvas that draws the option it is given, resizes with its
 * box and reports clicks on data items. Only the parts the correlation panel uses are
 * registered (heatmap, bars, grid, visual map, tooltip, mark line, canvas renderer), so the
 * bundle carries a fraction of ECharts.
 * @module
 */

import { useEffect, useRef } from 'react';
import { BarChart, HeatmapChart, type BarSeriesOption, type HeatmapSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  type GridComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption, type ECElementEvent, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([HeatmapChart, BarChart, GridComponent, VisualMapContinuousComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

export type CorrelationChartOption = ComposeOption<HeatmapSeriesOption | BarSeriesOption | GridComponentOption | VisualMapComponentOption | TooltipComponentOption | MarkLineComponentOption>;

export interface CorrelationEChartProps {
  readonly option: CorrelationChartOption;
  /** Called with the clicked item's `data` (for a heatmap, `[column, row, value]`). */
  readonly onItemClick?: (data: unknown) => void;
  readonly className?: string;
  readonly testId?: string;
  readonly label: string;
}

export function CorrelationEChart({ option, onItemClick, className, testId, label }: CorrelationEChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const click = useRef(onItemClick);
  click.current = onItemClick;

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const c = init(el, null, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (e: ECElementEvent) => click.current?.(e.data));
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // Not merged: a new symbol list must drop the old categories and cells.
    chart.current?.setOption(option, { notMerge: true, lazyUpdate: true });
  }, [option]);

  return <div ref={box} className={className} data-testid={testId} role="img" aria-label={label} />;
}
