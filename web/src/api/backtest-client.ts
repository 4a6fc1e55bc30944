/**
 * Typed calls to the backtest API (docs/backtest.md), through http-client's `request`: run one
 * backtest, queue a sweep, read a sweep job, cancel it.
 * @module
 */

import type { BacktestBody, BacktestResponse, SweepJobDto } from '../../../src/server/dto/backtest-schemas';
import type { PairAnalytics, PairAnalyticsQuery } from '../../../src/server/dto/pair-schemas';
import type { SweepRequest } from '../state/backtest-sweep-form';
import { request } from './http-client';
import { pairAnalyticsPath } from './pair-client';

export interface BacktestApi {
  run(body: BacktestBody, signal?: AbortSignal): Promise<BacktestResponse>;
  sweep(body: SweepRequest): Promise<SweepJobDto>;
  job(id: string): Promise<SweepJobDto>;
  cancel(id: string): Promise<SweepJobDto>;
  /** The pair's series over a run's range, for the spread/z chart with the trade markers. */
  pair(q: PairAnalyticsQuery, signal?: AbortSignal): Promise<PairAnalytics>;
}

const jobPath = (id: string): string => `/api/backtest/sweep/${encodeURIComponent(id)}`;

export const backtestApi: BacktestApi = {
  run: (body, signal) => request('/api/backtest', { method: 'POST', json: body, signal }),
  sweep: (body) => request('/api/backtest/sweep', { method: 'POST', json: body }),
  job: (id) => request(jobPath(id)),
  cancel: (id) => request(jobPath(id), { method: 'DELETE' }),
  pair: (q, signal) => request(pairAnalyticsPath(q), { signal }),
};
