/**
 * What a price card shows of the server's per-symbol figures (`GET /api/overview`): the change
 * and volume over the chosen window in the card's top lines, and a dense grid of the other
 * figures, each with its formula in words for the tooltip (docs/liquidity.md).
 * @module
 */

import type { SymbolOverviewDto } from '../../../src/server/dto/overview-schemas';
import { DASH, formatCount, formatPercent, formatPrice, formatRate, formatSignedPrice, formatSpan, formatVolume, priceDecimals } from './format';
import type { PriceCardModel } from './price-card-model';
import { direction, type Direction } from './series-stats';

export interface MetricCell {
  /** Stable id, also the cell's `data-testid` suffix. */
  readonly key: string;
  readonly label: string;
  readonly value: string;
  /** The formula in words, for the tooltip. */
  readonly title: string;
}

export interface ImbalanceModel {
  /** (buy − sell) / (buy + sell) in [−1, 1], or null without trades. */
  readonly value: number | null;
  readonly label: string;
  /** Left edge and width of the bar, % of the track, drawn from the centre toward the side that leads. */
  readonly left: number;
  readonly width: number;
  readonly tone: Direction;
  readonly title: string;
}

export interface OverviewCardModel {
  readonly cells: readonly MetricCell[];
  readonly imbalance: ImbalanceModel;
  /** The last bar's volume is a spike. */
  readonly spikeNow: boolean;
  /** Spikes in the window, for the flag's tooltip. */
  readonly spikeCount: number;
  readonly spikeTitle: string;
}

/** Tiny positive figures such as Amihud's (1e-12 per unit of quote) in two significant digits: `3.1e−11`. */
export function formatScientific(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  if (x === 0) return '0';
  const [mantissa, exponent] = x.toExponential(1).split('e');
  return `${mantissa}e${(exponent ?? '').replace('-', '\u2212').replace('+', '')}`;
}

/** An annualised volatility fraction as a percentage with one decimal: `0.542` → `"54.2%"`. */
export function formatVolPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return DASH;
  return `${(fraction * 100).toFixed(fraction >= 10 ? 0 : 1)}%`;
}

/** The bar of an imbalance: from the centre (50%) toward the right for net buying, the left for net selling. */
export function imbalanceBar(value: number | null): { left: number; width: number } {
  if (value === null || !Number.isFinite(value)) return { left: 50, width: 0 };
  const v = Math.max(-1, Math.min(1, value));
  const width = Math.abs(v) * 50;
  return { left: v >= 0 ? 50 : 50 - width, width };
}

/** `"60 × 1s"`: the chosen window as the cards label it. */
export const windowLabel = (window: number, tf: string): string => `${window} × ${tf}`;

export function overviewCardModel(dto: SymbolOverviewDto | undefined, tfMs: number): OverviewCardModel {
  const d = dto;
  const decimals = priceDecimals(d?.last ?? 0);
  const span = d === undefined ? '' : ` (${d.bars} bars of ${d.tf})`;
  const cells: MetricCell[] = [
    { key: 'high', label: 'High', value: formatPrice(d?.high, decimals), title: `Highest high of the window's bars${span}` },
    { key: 'low', label: 'Low', value: formatPrice(d?.low, decimals), title: `Lowest low of the window's bars${span}` },
    { key: 'trades', label: 'Trades', value: formatCount(d?.trades), title: `Number of trades in the window: the sum of the bars' trade counts${span}` },
    {
      key: 'vwap-rolling',
      label: 'VWAP roll',
      value: formatPrice(d?.rollingVwap, decimals),
      title: "Rolling VWAP: Σ price × quantity / Σ quantity over the window's trades (Σ bar vwap × bar volume / Σ bar volume)",
    },
    {
      key: 'vwap-session',
      label: 'VWAP sess',
      value: formatPrice(d?.sessionVwap, decimals),
      title: 'Session VWAP: Σ price × quantity / Σ quantity over every trade since 00:00 UTC',
    },
    { key: 'tps', label: 'Trades/s', value: formatRate(d?.tradesPerSecond), title: "Trades per second: the window's trades divided by its length in seconds" },
    { key: 'avg-size', label: 'Avg size', value: formatVolume(d?.avgTradeSize), title: "Average trade size: the window's volume divided by its number of trades (base units)" },
    {
      key: 'amihud',
      label: 'Amihud',
      value: formatScientific(d?.amihud),
      title: "Amihud illiquidity: the mean over the window's bars of |log return| / (bar vwap × bar volume), the price move per unit of quote currency traded; higher is less liquid (Amihud 2002)",
    },
    {
      key: 'rv',
      label: 'RV ann.',
      value: formatVolPercent(d?.realisedVolAnnualised),
      title: "Realised volatility, annualised: the square root of the sum of squared log returns over the window, scaled by √(bars per 365-day year / returns in the window)",
    },
  ];
  const value = d?.imbalance ?? null;
  const bar = imbalanceBar(value);
  const spikes = d?.volumeSpikes.length ?? 0;
  const tfSpan = formatSpan(tfMs);
  return {
    cells,
    imbalance: {
      value,
      label: value === null ? DASH : formatSignedPrice(value, 2),
      ...bar,
      tone: value === null ? 'flat' : direction(value),
      title: `Buy/sell imbalance: (taker buy volume − taker sell volume) / (buy + sell), from −1 (all selling) to +1 (all buying); a trade whose buyer was the maker was a taker sell. Over the last ${formatSpan(d?.imbalanceSpanMs ?? 0)} of ticks: buy ${formatVolume(d?.buyVolume)}, sell ${formatVolume(d?.sellVolume)}`,
    },
    spikeNow: d?.spikeNow ?? false,
    spikeCount: spikes,
    spikeTitle: `Volume spike: the last ${tfSpan} bar's volume is more than 3 standard deviations above the mean of the last 20 bars (${spikes} spike${spikes === 1 ? '' : 's'} in the window)`,
  };
}

/**
 * The card's top lines over the chosen window instead of the loaded bars, once the server's
 * figures for the same timeframe are in: change, change %, its colour, volume and the label.
 */
export function withWindowFigures(card: PriceCardModel, dto: SymbolOverviewDto | undefined, tf: string, window: number): PriceCardModel {
  if (dto === undefined || dto.tf !== tf || dto.change === null || dto.changePct === null) return card;
  const decimals = priceDecimals(dto.last ?? 0);
  return {
    ...card,
    change: formatSignedPrice(dto.change, decimals),
    changePct: formatPercent(dto.changePct / 100),
    trend: direction(dto.change),
    volume: formatVolume(dto.volume),
    window: windowLabel(window, tf),
  };
}
