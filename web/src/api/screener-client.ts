/**
 * The typed call to the universe screener (docs/api.md, "Screener"): `GET /api/screener`.
 * Same origin and token as every REST call (`http-client.ts`'s `request`); a failure rejects
 * with an `ApiError` carrying the server's message.
 * @module
 */

import type { ScreenerQuery, ScreenerRanking } from '../../../src/server/dto/screener-schemas';
import { request } from './http-client';

/** The query string of `GET /api/screener`, parameters in a fixed order, those not given left out. */
export function screenerSearch(q: ScreenerQuery): string {
  const p = new URLSearchParams();
  for (const k of ['tf', 'lookback', 'limit', 'minCorr', 'prices', 'minQuoteVolume'] as const) if (q[k] !== undefined) p.set(k, String(q[k]));
  return p.toString();
}

export const screenerApi = {
  ranking: (q: ScreenerQuery, signal?: AbortSignal): Promise<ScreenerRanking> => {
    const search = screenerSearch(q);
    return request(`/api/screener${search === '' ? '' : `?${search}`}`, signal === undefined ? {} : { signal });
  },
};

export type ScreenerApi = typeof screenerApi;
