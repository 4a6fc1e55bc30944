/**
 * The look every lightweight-charts chart of the dashboard shares: dark theme, monospace
 * axes, pane separators and a normal crosshair. Charts add their own scales and time axis.
 * @module
 */

import { ColorType, CrosshairMode, type DeepPartial, type TimeChartOptions } from 'lightweight-charts';
import { theme } from '../view/theme';

export const BASE_CHART_OPTIONS: DeepPartial<TimeChartOptions> = {
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
};
