/**
 * The lagged cross-correlation of the selected pair as bars over lags −k..k, the peak
 * outlined, so a lead or lag shows as a bar off the centre.
 * @module
 */

import { useMemo } from 'react';
import type { LaggedModel } from '../view/correlation-model';
import { theme } from '../view/theme';
import { CorrelationEChart, type CorrelationChartOption } from './correlation-echart';

const FONT = 'ui-monospace, "SF Mono", "JetBrains Mono", Menlo, Consolas, monospace';

function laggedOption(model: LaggedModel): CorrelationChartOption {
  return {
    animation: false,
    backgroundColor: 'transparent',
    grid: { left: 40, right: 8, top: 8, bottom: 28 },
    tooltip: {
      trigger: 'axis',
      confine: true,
      backgroundColor: theme.panel,
      borderColor: theme.border,
      textStyle: { color: theme.textStrong, fontSize: 11, fontFamily: FONT },
      formatter: (p: unknown) => {
        const item = (Array.isArray(p) ? p[0] : p) as { name?: string; value?: unknown } | undefined;
        const v = item?.value;
        return `lag ${item?.name ?? ''}: ρ ${typeof v === 'number' ? v.toFixed(3) : 'undefined'}`;
      },
    },
    xAxis: {
      type: 'category',
      data: model.lags.map(String),
      name: 'lag (bars)',
      nameLocation: 'middle',
      nameGap: 18,
      nameTextStyle: { color: theme.text, fontSize: 10 },
      axisLabel: { color: theme.text, fontSize: 10, fontFamily: FONT },
      axisLine: { lineStyle: { color: theme.border } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      min: (v: { min: number }) => Math.min(-0.2, Math.floor(v.min * 10) / 10),
      max: (v: { max: number }) => Math.max(0.2, Math.ceil(v.max * 10) / 10),
      axisLabel: { color: theme.text, fontSize: 10, fontFamily: FONT },
      splitLine: { lineStyle: { color: theme.grid } },
    },
    series: [
      {
        type: 'bar',
        barCategoryGap: '25%',
        data: model.corr.map((c, i) => ({
          value: c ?? '-',
          itemStyle: {
            color: c === null ? theme.grid : c >= 0 ? '#f0b90b' : '#4c8dff',
            opacity: model.lags[i] === model.peakLag ? 1 : 0.55,
          },
        })),
        markLine: { silent: true, symbol: 'none', lineStyle: { color: theme.crosshair, type: 'dashed' }, label: { show: false }, data: [{ xAxis: String(0) }] },
      },
    ],
  };
}

export function CorrelationLagged({ model }: { readonly model: LaggedModel }) {
  const option = useMemo(() => laggedOption(model), [model]);
  return <CorrelationEChart option={option} className="corr-lagged" testId="corr-lagged" label={`Lagged correlation: ${model.verdict}`} />;
}
