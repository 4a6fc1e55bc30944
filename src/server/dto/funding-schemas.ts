/**
 * Schemas of `GET /api/funding`: the stored funding rates of one perpetual symbol. Times are
 * epoch ms; a rate is a fraction (0.0001 = 0.01 % of the position's notional at the mark price).
 * @module
 */

import { Type, type Static } from 'typebox';
import { TimeBound } from './time-bound.js';

export const FundingQuery = Type.Object(
  {
    symbol: Type.String({ minLength: 1, maxLength: 30 }),
    from: Type.Optional(TimeBound('inclusive lower bound on the funding time')),
    to: Type.Optional(TimeBound('exclusive upper bound on the funding time')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'most rows, oldest first (default 10,000, about nine years at three a day)' })),
  },
  { additionalProperties: false, title: 'FundingQuery' },
);
export type FundingQuery = Static<typeof FundingQuery>;

export const FundingRateDto = Type.Object(
  {
  ts: Type.Number({ description: 'funding time, epoch ms' }),
  rate: Type.Number({ description: 'funding rate of this settlement; a long pays a positive rate, a short receives it' }),
  markPrice: Type.Union([Type.Number(), Type.Null()], { description: 'mark price the funding was computed on; null when the source gave none' }),
  },
  { title: 'FundingRate' },
);
export type FundingRateDto = Static<typeof FundingRateDto>;

export const FundingPage = Type.Object({ items: Type.Array(FundingRateDto) }, { title: 'FundingPage' });
export type FundingPage = Static<typeof FundingPage>;
