/**
 * Schemas of the pair analytics API: `GET /api/pairs/analytics` and the `pair:` WebSocket
 * channel's messages. Numbers that are not defined yet (a warm-up, a degenerate window) are
 * null. Times are epoch milliseconds.
 * @module
 */

import { Type, type Static } from 'typebox';
import { TimeBound } from './time-bound.js';

const Num = Type.Union([Type.Number(), Type.Null()]);

export const HedgeMethodDto = Type.Union([Type.Literal('ols'), Type.Literal('huber'), Type.Literal('theilsen'), Type.Literal('kalman')], { title: 'HedgeMethod' });
export type HedgeMethodDto = Static<typeof HedgeMethodDto>;
export const PriceScaleDto = Type.Union([Type.Literal('raw'), Type.Literal('log')], {
  title: 'PriceScale',
  description: 'the scale of the hedge regression and the spread: raw price levels (default; β in units of x per unit of y) or log prices (β an elasticity)',
});

/** Most bars a leg may have when the series is thinned (`maxPoints`): a week of 1 s bars. Part of the contract: the dashboard sizes long ranges by it. */
export const MAX_THINNED_PAIR_BARS = 7 * 86_400;

export const PairAnalyticsQuery = Type.Object(
  {
    /** Dependent leg. */
    y: Type.String({ minLength: 1, maxLength: 30 }),
    /** Independent leg. */
    x: Type.String({ minLength: 1, maxLength: 30 }),
    tf: Type.String({ minLength: 1, maxLength: 12 }),
    method: Type.Optional(HedgeMethodDto),
    prices: Type.Optional(PriceScaleDto),
    /** Rolling window in bars of the regression, the z-score and the correlation (default 20). */
    window: Type.Optional(Type.Integer({ minimum: 2, maximum: 10_000 })),
    /** Inclusive lower bound on the bar start (default: `to` minus 1,000 bars). */
    from: Type.Optional(TimeBound('inclusive lower bound on the bar start')),
    /** Exclusive upper bound on the bar start (default: now, or the end of the latest bar both legs have stored when that is older). */
    to: Type.Optional(TimeBound('exclusive upper bound on the bar start')),
    /** Kalman random-walk intensity (default 1e-4). */
    delta: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
    /** Kalman observation noise variance (default 1e-3). */
    ve: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    /** Bars the tests look back over (default 1,000, at most 86,400). */
    lookback: Type.Optional(Type.Integer({ minimum: 20, maximum: 86_400 })),
    /**
     * At most this many points in `series` (the chart's pixel width): each bucket's last bar,
     * with `envelope` holding each bucket's lowest and highest; the statistics are still computed
     * on every bar. Allows ranges up to a week of bars (604,800) instead of a day.
     */
    maxPoints: Type.Optional(Type.Integer({ minimum: 2, maximum: 20_000 })),
  },
  { additionalProperties: false },
);
export type PairAnalyticsQuery = Static<typeof PairAnalyticsQuery>;

/** The pair CSV's query: the analytics query without `maxPoints` (the CSV has every bar). */
export const PairCsvQuery = Type.Omit(PairAnalyticsQuery, ['maxPoints'], { additionalProperties: false });
export type PairCsvQuery = Static<typeof PairCsvQuery>;

export const CriticalValuesDto = Type.Object({ '1%': Type.Number(), '5%': Type.Number(), '10%': Type.Number() }, { title: 'CriticalValues' });

export const HealthStateDto = Type.Union([Type.Literal('cointegrated'), Type.Literal('weakening'), Type.Literal('broken')], { title: 'HealthState' });
export type HealthStateDto = Static<typeof HealthStateDto>;

export const PairHealthDto = Type.Object({
  state: HealthStateDto,
  /** Why, for a person: the rule that decided and its figures. */
  reason: Type.String(),
  /** The rolling view, newest first: one entry per window of `lookback` bars. */
  windows: Type.Array(Type.Object({ end: Type.Number(), bars: Type.Integer(), pvalue: Num, beta: Num, halflife: Num })),
  /** Largest relative move of the hedge ratio from the newest window to an older one. */
  betaDrift: Num,
}, { title: 'PairHealth' });
export type PairHealthDto = Static<typeof PairHealthDto>;

export const PairTestsDto = Type.Object({
  /** Start of the last bar the tests saw. */
  asOf: Type.Number(),
  /** Bars the tests ran on (the last `lookback`). */
  bars: Type.Integer(),
  adf: Type.Union([Type.Object({ stat: Type.Number(), pvalue: Type.Number(), usedLag: Type.Integer(), nobs: Type.Integer(), crit: CriticalValuesDto }), Type.Null()]),
  coint: Type.Union([Type.Object({ stat: Type.Number(), pvalue: Type.Number(), usedLag: Type.Integer(), crit: CriticalValuesDto }), Type.Null()]),
  hedge: Type.Union([Type.Object({ beta: Type.Number(), alpha: Type.Number(), betaSe: Type.Number(), alphaSe: Type.Number(), r2: Type.Number() }), Type.Null()]),
  halflife: Type.Union([Type.Object({ lambda: Type.Number(), bars: Num, ms: Num }), Type.Null()]),
  hurst: Type.Union([Type.Object({ value: Type.Number(), maxLag: Type.Integer() }), Type.Null()]),
  spreadMean: Num,
  spreadStd: Num,
  health: Type.Union([PairHealthDto, Type.Null()]),
  /** Why a statistic is null. */
  notes: Type.Array(Type.String()),
  /** Time the worker spent on them. */
  computeMs: Type.Number(),
}, { title: 'PairTests' });
export type PairTestsDto = Static<typeof PairTestsDto>;

/** One aligned bar's analytics (the WebSocket's unit of update). */
export const PairPointDto = Type.Object({
  start: Type.Number(),
  y: Type.Number(),
  x: Type.Number(),
  yFilled: Type.Boolean(),
  xFilled: Type.Boolean(),
  beta: Num,
  alpha: Num,
  spread: Num,
  z: Num,
  corr: Num,
  olsBeta: Num,
}, { title: 'PairPoint' });
export type PairPointDto = Static<typeof PairPointDto>;

/** The same as columns, index-aligned, oldest first. */
export const PairSeriesDto = Type.Object({
  ts: Type.Array(Type.Number()),
  y: Type.Array(Type.Number()),
  x: Type.Array(Type.Number()),
  yFilled: Type.Array(Type.Boolean()),
  xFilled: Type.Array(Type.Boolean()),
  beta: Type.Array(Num),
  alpha: Type.Array(Num),
  spread: Type.Array(Num),
  z: Type.Array(Num),
  corr: Type.Array(Num),
  olsBeta: Type.Array(Num),
}, { title: 'PairSeries' });
export type PairSeriesDto = Static<typeof PairSeriesDto>;

export const PairSpecDto = Type.Object({
  y: Type.String(),
  x: Type.String(),
  tf: Type.String(),
  tfMs: Type.Number(),
  method: HedgeMethodDto,
  prices: PriceScaleDto,
  window: Type.Integer(),
  delta: Type.Number(),
  ve: Type.Number(),
  lookback: Type.Integer(),
}, { title: 'PairSpec' });
export type PairSpecDto = Static<typeof PairSpecDto>;

export const PairAnalytics = Type.Object({
  pair: PairSpecDto,
  /** The range read: `from ≤ start < to`. */
  from: Type.Number(),
  to: Type.Number(),
  /** Bars of each leg in the range. */
  bars: Type.Object({ y: Type.Integer(), x: Type.Integer() }),
  series: PairSeriesDto,
  /** With `maxPoints`: the width of a series bucket in ms. */
  bucketMs: Type.Optional(Type.Number()),
  /** With `maxPoints`: each bucket's lowest and highest of y, x, beta, spread, z and corr (null where undefined). */
  envelope: Type.Optional(
    Type.Object({
      min: Type.Object({ y: Type.Array(Num), x: Type.Array(Num), beta: Type.Array(Num), spread: Type.Array(Num), z: Type.Array(Num), corr: Type.Array(Num) }),
      max: Type.Object({ y: Type.Array(Num), x: Type.Array(Num), beta: Type.Array(Num), spread: Type.Array(Num), z: Type.Array(Num), corr: Type.Array(Num) }),
    }),
  ),
  tests: PairTestsDto,
  /** The WebSocket channel that continues this series live. */
  channel: Type.String(),
}, { title: 'PairAnalytics' });
export type PairAnalytics = Static<typeof PairAnalytics>;
