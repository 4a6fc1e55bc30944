/**
 * The view model of one price card: what the card shows, already formatted.
 * @module
 */

import type { SymbolStatus } from '../../../src/server/dto/api-schemas';
import type { SeriesState } from '../state/dashboard-store';
import { DASH, formatPercent, formatPrice, formatRate, formatSignedPrice, formatSpan, formatVolume, priceDecimals } from './format';
import { fundingModel, type FundingModel } from './funding-model';
import { direction, windowStats, type Direction } from './series-stats';

export interface PriceCardModel {
  readonly symbol: string;
  readonly selected: boolean;
  readonly last: string;
  /** Direction of the last price against the previous bar's close (the tick colour). */
  readonly tick: Direction;
  readonly change: string;
  readonly changePct: string;
  /** Direction over the loaded window (the change colour). */
  readonly trend: Direction;
  readonly volume: string;
  /** `"over 83m"`: the loaded window the change and volume are over. */
  readonly window: string;
  readonly rate: string;
  /** SVG polyline points of the recent closes in a 100×24 box, or '' when too few. */
  readonly spark: string;
  readonly note: string | null;
  /** The current funding rate, mark price and countdown of a perpetual, or null without a mark. */
  readonly funding: FundingModel | null;
}

const SPARK_BARS = 120;

function sparkPoints(closes: readonly number[]): string {
  if (closes.length < 2) return '';
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of closes) {
    lo = Math.min(lo, c);
    hi = Math.max(hi, c);
  }
  const range = hi - lo || 1;
  const step = 100 / (closes.length - 1);
  return closes.map((c, i) => `${(i * step).toFixed(1)},${(22 - ((c - lo) / range) * 20).toFixed(1)}`).join(' ');
}

export function priceCardModel(symbol: string, series: SeriesState | undefined, status: SymbolStatus | undefined, tfMs: number, selected: boolean): PriceCardModel {
  const bars = series?.bars ?? [];
  const stats = windowStats(bars, tfMs);
  const lastPrice = stats?.last.close ?? status?.lastPrice ?? null;
  const decimals = priceDecimals(lastPrice ?? 0);
  const prev = bars[bars.length - 2];
  const tick = stats && prev ? direction(stats.last.close - prev.close) : 'flat';
  const closes = bars.slice(-SPARK_BARS).map((b) => b.close);
  let note: string | null = null;
  if (series?.phase === 'error') note = series.error;
  else if (series?.phase === 'loading' && bars.length === 0) note = 'loading…';
  else if (lastPrice === null) note = 'no data yet';
  return {
    symbol,
    selected,
    last: formatPrice(lastPrice, decimals),
    tick,
    change: stats ? formatSignedPrice(stats.change, decimals) : DASH,
    changePct: stats ? formatPercent(stats.changeFraction) : DASH,
    trend: stats ? direction(stats.change) : 'flat',
    volume: stats ? formatVolume(stats.volume) : DASH,
    window: stats ? `over ${formatSpan(stats.spanMs)}` : '',
    rate: status ? `${formatRate(status.ticksPerSecond)} t/s` : '',
    spark: sparkPoints(closes),
    note,
    funding: fundingModel(status?.mark, decimals),
  };
}
