/**
 * Schemas of the universe pair screener: `GET /api/screener` and the `screener` WebSocket
 * channel's message (docs/api.md, "Screener"). Numbers that are undefined for a pair (a
 * half-life of a spread that does not revert, a Hurst exponent of a too-short series) are
 * null. Times are epoch milliseconds.
 * @module
 */

import { Type, type Static } from 'typebox';

// Bounds as engine/screener-params.ts (MIN/MAX_SCREENER_LOOKBACK, MAX_SCREENER_LIMIT), written out: DTOs import nothing of the server's.
const Num = Type.Union([Type.Number(), Type.Null()]);


export const ScreenerPricesDto = Type.Union([Type.Literal('log'), Type.Literal('raw')], { title: 'ScreenerPrices' });
export type ScreenerPricesDto = Static<typeof ScreenerPricesDto>;

export const ScreenerQuery = Type.Object(
  {
    /** Timeframe of the stored bars screened (default `1m`). */
    tf: Type.Optional(Type.String({ minLength: 1, maxLength: 12 })),
    /** Last aligned bars screened (default 1,440). */
    lookback: Type.Optional(Type.Integer({ minimum: 30, maximum: 20_000 })),
    /** Most items in the ranking (default 50). */
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    /** Prefilter: a pair is tested only when |corr| of its log prices or of its log returns is at least this (default 0.5). */
    minCorr: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    /** `coint` and the hedge on log prices (default) or raw prices. */
    prices: Type.Optional(ScreenerPricesDto),
    /** Prefilter: a symbol is screened only when its quote volume (Σ close·volume) over the lookback is at least this (default 0). */
    minQuoteVolume: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type ScreenerQuery = Static<typeof ScreenerQuery>;

export const ScreenerItemDto = Type.Object({
  /** Dependent leg. */
  y: Type.String(),
  /** Independent leg. */
  x: Type.String(),
  /** OLS slope of y on x (prices as `prices` says), as `tandem compute` op `ols`. */
  beta: Type.Number(),
  /** OLS intercept. */
  alpha: Type.Number(),
  /** Engle-Granger p-value, as `tandem compute` op `coint` (autolag AIC). */
  pvalue: Type.Number(),
  /** Half-life in bars of the spread, as op `halflife`; null when it does not revert. */
  halfLife: Num,
  /** Pearson correlation of the two price series over the lookback. */
  corr: Type.Number(),
  /** Hurst exponent of the spread; null when undefined. */
  hurst: Num,
  /** z of the last spread value against the mean and sample std of the whole lookback. */
  z: Num,
  /** Coefficient of variation of the OLS beta over 4 equal sub-windows (lower is steadier); null when undefined. */
  betaStability: Num,
  /** Ranking score (higher is better; see docs/api.md). */
  score: Type.Number(),
  /** At most 60 points of the spread over the lookback, evenly downsampled, newest last. */
  spread: Type.Array(Type.Number()),
}, { title: 'ScreenerItem' });
export type ScreenerItemDto = Static<typeof ScreenerItemDto>;

export const ScreenerRanking = Type.Object({
  /** Start of the last aligned bar (epoch ms); null when nothing was screened. */
  asOf: Num,
  tf: Type.String(),
  lookback: Type.Integer(),
  prices: ScreenerPricesDto,
  /** Symbols screened (enough bars and liquidity). */
  symbols: Type.Array(Type.String()),
  /** Pairs that passed the prefilter and were tested. */
  pairsTested: Type.Integer(),
  /** Sorted by `pvalue` ascending, ties by `halfLife` (null last). */
  items: Type.Array(ScreenerItemDto),
}, { title: 'ScreenerRanking' });
export type ScreenerRanking = Static<typeof ScreenerRanking>;
