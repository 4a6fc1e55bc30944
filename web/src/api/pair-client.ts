/**
 * Typed call to `GET /api/pairs/analytics` (docs/api.md, "Pair analytics"), through
 * http-client's `request`: the same origin, token and `ApiError` handling as every other call.
 * Too few bars answer 422 `insufficient_data` with what is missing; `isInsufficientData` tells
 * that case from real failures, since the tab shows it as a state rather than an error.
 * @module
 */

import type { PairAnalytics, PairAnalyticsQuery } from '../../../src/server/dto/pair-schemas';
import { ApiError } from './api-error';
import { request } from './http-client';

/** `/api/pairs/analytics?...` with the defined parameters, in a fixed order. */
export function pairAnalyticsPath(q: PairAnalyticsQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, String(v));
  return `/api/pairs/analytics?${params.toString()}`;
}

/** True for the server's "need N bars of SYMBOL at tf, have M" answer. */
export function isInsufficientData(e: unknown): e is ApiError {
  return e instanceof ApiError && e.code === 'insufficient_data';
}

export const pairApi = {
  analytics: (q: PairAnalyticsQuery, signal?: AbortSignal): Promise<PairAnalytics> => request(pairAnalyticsPath(q), { signal }),
};
