/**
 * A funding settlement read off two successive mark price updates of a symbol: when the later
 * one's next funding time has moved past the earlier one's, and its event time is at or after
 * that funding time, the earlier one's announced rate is the rate settled then (valued at its
 * mark). Binance publishes the settled row on `GET /fapi/v1/fundingRate`; a backfill replaces
 * this estimate with it.
 * @module
 */

import type { MarkPrice } from '../model/mark-price.js';
import type { FundingRate } from '../store/funding-store.js';

export function settledFunding(before: MarkPrice | undefined, after: MarkPrice): FundingRate | null {
  if (before === undefined || before.fundingRate === null || before.nextFundingTime === null || after.nextFundingTime === null) return null;
  if (after.nextFundingTime <= before.nextFundingTime || after.ts < before.nextFundingTime) return null;
  return { symbol: after.symbol, ts: before.nextFundingTime, rate: before.fundingRate, markPrice: before.markPrice };
}
