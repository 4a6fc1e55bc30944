/**
 * Schemas of the Overview and correlation routes (docs/api.md, "Overview and correlation").
 * @module
 */

import { Type, type Static } from 'typebox';
import { TimeBound } from './time-bound.js';

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const SymbolList = Type.String({ minLength: 2, maxLength: 2000, description: 'comma-separated symbols' });
const Tf = Type.String({ minLength: 1, maxLength: 12 });
/** The figures as of this time (exclusive): the last `window` bars before it. Default now. */
const AsOf = Type.Optional(TimeBound('the window ends here (exclusive) instead of now'));

export const OverviewQuery = Type.Object(
  {
    to: AsOf,
    tf: Type.Optional(Tf),
    window: Type.Optional(Type.Integer({ minimum: 2, maximum: 10_000, default: 60 })),
    symbols: Type.Optional(SymbolList),
  },
  { additionalProperties: false },
);
export type OverviewQuery = Static<typeof OverviewQuery>;

export const SymbolOverviewDto = Type.Object({
  symbol: Type.String(),
  tf: Type.String(),
  bars: Type.Number(),
  firstStart: NullableNumber,
  last: NullableNumber,
  change: NullableNumber,
  changePct: NullableNumber,
  high: NullableNumber,
  low: NullableNumber,
  volume: Type.Number(),
  trades: Type.Number(),
  tradesPerSecond: Type.Number(),
  avgTradeSize: NullableNumber,
  rollingVwap: NullableNumber,
  sessionVwap: NullableNumber,
  buyVolume: Type.Number(),
  sellVolume: Type.Number(),
  imbalance: NullableNumber,
  imbalanceSpanMs: Type.Number(),
  amihud: NullableNumber,
  realisedVol: NullableNumber,
  realisedVolAnnualised: NullableNumber,
  volumeSpikes: Type.Array(Type.Number()),
  spikeNow: Type.Boolean(),
}, { title: 'SymbolOverview' });
export type SymbolOverviewDto = Static<typeof SymbolOverviewDto>;

export const OverviewResponse = Type.Object({ items: Type.Array(SymbolOverviewDto), serverTime: Type.Number() }, { title: 'OverviewResponse' });
export type OverviewResponse = Static<typeof OverviewResponse>;

export const CorrelationQuery = Type.Object(
  {
    to: AsOf,
    symbols: SymbolList,
    tf: Type.Optional(Tf),
    window: Type.Optional(Type.Integer({ minimum: 3, maximum: 100_000, default: 240 })),
    basis: Type.Optional(Type.Union([Type.Literal('log_returns'), Type.Literal('levels')])),
  },
  { additionalProperties: false },
);
export type CorrelationQuery = Static<typeof CorrelationQuery>;

export const CorrelationResponse = Type.Object({
  symbols: Type.Array(Type.String()),
  matrix: Type.Array(Type.Array(NullableNumber)),
  nobs: Type.Number(),
  basis: Type.String(),
}, { title: 'CorrelationResponse' });
export type CorrelationResponse = Static<typeof CorrelationResponse>;

export const LaggedCorrelationQuery = Type.Object(
  {
    to: AsOf,
    y: Type.String({ minLength: 1, maxLength: 30 }),
    x: Type.String({ minLength: 1, maxLength: 30 }),
    tf: Type.Optional(Tf),
    window: Type.Optional(Type.Integer({ minimum: 3, maximum: 100_000, default: 240 })),
    maxLag: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, default: 10 })),
  },
  { additionalProperties: false },
);
export type LaggedCorrelationQuery = Static<typeof LaggedCorrelationQuery>;

export const LaggedCorrelationResponse = Type.Object({
  lags: Type.Array(Type.Number()),
  corr: Type.Array(NullableNumber),
  nobs: Type.Number(),
}, { title: 'LaggedCorrelationResponse' });
export type LaggedCorrelationResponse = Static<typeof LaggedCorrelationResponse>;
