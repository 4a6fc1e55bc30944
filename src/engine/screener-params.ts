/**
 * The screener's parameters from loose input (query string, CLI flags, config), one set of rules
 * for all: defaults from `SCREENER_DEFAULTS`, and `invalid_request` naming the field otherwise.
 * @module
 */

import { TandemError } from '../core/tandem-error.js';
import { SCREENER_DEFAULTS, type ScreenerParams, type ScreenerPrices } from '../model/screener-ranking.js';
import { parseTimeframe, type TimeframeSpec } from '../model/timeframe.js';

/** Fewest and most bars the screen looks back over. */
export const MIN_SCREENER_LOOKBACK = 30;
export const MAX_SCREENER_LOOKBACK = 20_000;
export const MAX_SCREENER_LIMIT = 1000;

export interface ScreenerParamsInput {
  readonly tf?: string | undefined;
  readonly lookback?: number | string | undefined;
  readonly limit?: number | string | undefined;
  readonly minCorr?: number | string | undefined;
  readonly prices?: string | undefined;
  readonly minQuoteVolume?: number | string | undefined;
}

function num(field: string, v: number | string | undefined, min: number, max: number, integer: boolean, prefix: string): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : v.trim() === '' ? Number.NaN : Number(v);
  const bad = !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n));
  if (bad) throw new TandemError('invalid_request', `${prefix}${field}: '${String(v)}' is not ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`);
  return n;
}

/**
 * @param prefix put before a field name in messages (`querystring/` for the API, `--` for flags
 *   is handled by the caller's names).
 */
export function parseScreenerParams(input: ScreenerParamsInput, prefix = ''): { readonly params: ScreenerParams; readonly tf: TimeframeSpec } {
  const d = SCREENER_DEFAULTS;
  const tfRes = parseTimeframe(input.tf ?? d.tf);
  if (!tfRes.ok) throw new TandemError('invalid_request', `${prefix}tf: ${tfRes.error.message}`);
  const prices = input.prices ?? d.prices;
  if (prices !== 'log' && prices !== 'raw') throw new TandemError('invalid_request', `${prefix}prices: '${prices}' is not log or raw`);
  const params: ScreenerParams = {
    tf: tfRes.value.label,
    lookback: num('lookback', input.lookback, MIN_SCREENER_LOOKBACK, MAX_SCREENER_LOOKBACK, true, prefix) ?? d.lookback,
    limit: num('limit', input.limit, 1, MAX_SCREENER_LIMIT, true, prefix) ?? d.limit,
    minCorr: num('minCorr', input.minCorr, 0, 1, false, prefix) ?? d.minCorr,
    prices: prices as ScreenerPrices,
    minQuoteVolume: num('minQuoteVolume', input.minQuoteVolume, 0, Number.MAX_VALUE, false, prefix) ?? d.minQuoteVolume,
  };
  return { params, tf: tfRes.value };
}
