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

/** One ranked pair; each figure is what the named `tandem compute` op answers on the pair's aligned closes. */
export interface ScreenerItem {
  readonly y: string;
  readonly x: string;
  /** OLS y = alpha + beta·x (op `ols`: `slope`, `intercept`). */
  readonly beta: number;
  readonly alpha: number;
  /** Op `coint(y, x)` with autolag AIC: `pvalue`. */
  readonly pvalue: number;
  /** Op `halflife` on the spread; null when it does not revert. */
  readonly halfLife: number | null;
  /** Op `rolling_corr(x, y, window = n)`, last value. */
  readonly corr: number;
  /** Op `hurst` (max_lag 100) on the spread; null when n < 102 or undefined. */
  readonly hurst: number | null;
  /** Op `rolling_zscore(spread, window = n)`, last value: the last spread against the whole lookback. */
  readonly z: number | null;
  /** Coefficient of variation (sample std / |mean|) of the OLS beta on 4 equal sub-windows. */
  readonly betaStability: number | null;
  /** −log10(p) / (1 + betaStability); 0 without a half-life. */
  readonly score: number;
  /** The spread's sparkline: at most `SCREENER_SPARKLINE_POINTS`, newest last. */
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
