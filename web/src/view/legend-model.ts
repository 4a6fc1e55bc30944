/**
 * The view model of the chart's legend: the bar under the crosshair, else the latest bar.
 * @module
 */

import type { BarDto } from '../../../src/server/dto/api-schemas';
import { findBar } from '../state/bar-list';
import { DASH, formatBarTime, formatCount, formatPercent, formatPrice, formatVolume, priceDecimals } from './format';
import { direction, type Direction } from './series-stats';

export interface LegendModel {
  readonly symbol: string;
  readonly tf: string;
  /** True when showing the hovered bar rather than the latest. */
  readonly hovered: boolean;
  readonly time: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly changePct: string;
  readonly direction: Direction;
  readonly volume: string;
  readonly vwap: string;
  readonly trades: string;
}

export function legendModel(symbol: string, tf: string, tfMs: number, bars: readonly BarDto[], hoverStart: number | null): LegendModel {
  const hoveredBar = hoverStart === null ? null : findBar(bars, hoverStart);
  const bar = hoveredBar ?? bars[bars.length - 1] ?? null;
  if (bar === null) {
    return { symbol, tf, hovered: false, time: DASH, open: DASH, high: DASH, low: DASH, close: DASH, changePct: DASH, direction: 'flat', volume: DASH, vwap: DASH, trades: DASH };
  }
  const d = priceDecimals(bar.close);
  const delta = bar.close - bar.open;
  return {
    symbol,
    tf,
    hovered: hoveredBar !== null,
    time: `${formatBarTime(bar.start, tfMs, true)} UTC`,
    open: formatPrice(bar.open, d),
    high: formatPrice(bar.high, d),
    low: formatPrice(bar.low, d),
    close: formatPrice(bar.close, d),
    changePct: bar.open === 0 ? DASH : formatPercent(delta / bar.open),
    direction: direction(delta),
    volume: formatVolume(bar.volume),
    vwap: formatPrice(bar.vwap, d),
    trades: formatCount(bar.trades),
  };
}
