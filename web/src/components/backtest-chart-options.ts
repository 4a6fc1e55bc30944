/**
 * The chart options the Backtest tab's lightweight-charts share with the Pair Analytics chart's
 * look: dark theme, monospace axes, panes with a separator.
 * @module
 */

import { ColorType, CrosshairMode, type DeepPartial, type TimeChartOptions } from 'lightweight-charts';
import { theme } from '../view/theme';

export const BACKTEST_CHART_OPTIONS: DeepPartial<TimeChartOptions> = {
  autoSize: true,
  layout: {
    background: { type: ColorType.Solid, color: theme.background },
    textColor: theme.text,
    fontSize: 11,
    fontFamily: 'ui-monospace, "SF Mono", "JetBrains Mono", Menlo, Consolas, monospace',
    attributionLogo: false,
    panes: { separatorColor: theme.border, separatorHoverColor: 'rgba(91, 102, 117, 0.3)', enableResize: true },
  },
  grid: { vertLines: { color: theme.grid }, horzLines: { color: theme.grid } },
  crosshair: {
    mode: CrosshairMode.Normal,
    vertLine: { color: theme.crosshair, labelBackgroundColor: '#2a3340' },
    horzLine: { color: theme.crosshair, labelBackgroundColor: '#2a3340' },
  },
  rightPriceScale: { borderColor: theme.border },
  timeScale: { borderColor: theme.border, timeVisible: true, secondsVisible: true },
};

/** Line colours, unique within each chart, so the browser test can count their pixels. */
export const BACKTEST_COLORS = { equity: '#4c8dff', drawdown: '#f6465d', spread: '#b67cff', z: '#22c7d6' } as const;
