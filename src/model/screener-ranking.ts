/**
 * `ScreenerRanking`: one ranking of the universe pair screener (docs/api.md, "Screener"), the
 * shape `GET /api/screener`, `tandem screen --json` and the `screener` channel answer.
 * @module
 */

import type { PriceScale } from './pair-spec.js';

/** The screener's price scale: the pair spec's `PriceScale` (log by default here, docs/api.md "Price scale"). */
export type ScreenerPrices = PriceScale;

/** Most points in an item's `spread` sparkline. */
export const SCREENER_SPARKLINE_POINTS = 60;

export interface ScreenerItem {
  readonly y: string;
  readonly x: string;
  readonly beta: number;
  readonly alpha: number;
  readonly pvalue: number;
  readonly halfLife: number | null;
  readonly corr: number;
  readonly hurst: number | null;
  readonly z: number | null;
  readonly betaStability: number | null;
  readonly score: number;
  readonly spread: readonly number[];
}

export interface ScreenerRanking {
  /** Start of the last aligned bar, epoch ms; null when nothing was screened. */
  readonly asOf: number | null;
  readonly tf: string;
  readonly lookback: number;
  readonly prices: ScreenerPrices;
  readonly symbols: readonly string[];
  readonly pairsTested: number;
  readonly items: readonly ScreenerItem[];
}

/** The parameters a ranking was made with (a cached ranking answers only the same ones). */
export interface ScreenerParams {
  readonly tf: string;
  readonly lookback: number;
  readonly limit: number;
  readonly minCorr: number;
  readonly prices: ScreenerPrices;
  readonly minQuoteVolume: number;
}

export const SCREENER_DEFAULTS: Omit<ScreenerParams, 'tf'> & { readonly tf: '1m' } = { tf: '1m', lookback: 1440, limit: 50, minCorr: 0.5, prices: 'log', minQuoteVolume: 0 };

export function sameScreenerParams(a: ScreenerParams, b: ScreenerParams): boolean {
  return a.tf === b.tf && a.lookback === b.lookback && a.limit === b.limit && a.minCorr === b.minCorr && a.prices === b.prices && a.minQuoteVolume === b.minQuoteVolume;
}
