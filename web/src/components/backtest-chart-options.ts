/**
 * The chart options the Backtest tab's lightweight-charts share with the Pair Analytics chart's
 * look: dark theme, monospace axes, panes with a separator.
 * @module
 */

import type { DeepPartial, TimeChartOptions } from 'lightweight-charts';
import { BASE_CHART_OPTIONS } from './chart-options';
import { theme } from '../view/theme';

export const BACKTEST_CHART_OPTIONS: DeepPartial<TimeChartOptions> = {
  ...BASE_CHART_OPTIONS,
  rightPriceScale: { borderColor: theme.border },
  timeScale: { borderColor: theme.border, timeVisible: true, secondsVisible: true },
};

/** Line colours, unique within each chart, so the browser test can count their pixels. */
export const BACKTEST_COLORS = { equity: '#4c8dff', drawdown: '#f6465d', spread: '#b67cff', z: '#22c7d6', live: '#f0b90b' } as const;
