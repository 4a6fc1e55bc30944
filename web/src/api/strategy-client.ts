/**
 * Typed calls to the paper-strategy API (docs/backtest.md, "Paper trading"): start a strategy
 * from a backtest's parameters, list and read strategies, stop one (its record stays) and
 * flatten its position at the next fill, and price its fills at the touch.
 * @module
 */

import type { StrategyBody, StrategyDto, StrategyListDto, StrategySummaryDto, StrategyTouchDto } from '../../../src/server/dto/strategy-schemas';
import { request } from './http-client';

export interface StrategyApi {
  create(body: StrategyBody): Promise<StrategySummaryDto>;
  list(signal?: AbortSignal): Promise<StrategyListDto>;
  get(id: string, signal?: AbortSignal): Promise<StrategyDto>;
  stop(id: string): Promise<unknown>;
  flatten(id: string): Promise<unknown>;
  /** Its fills priced at the touch beside the model's (`GET /api/strategies/:id/touch`). */
  touch(id: string, signal?: AbortSignal): Promise<StrategyTouchDto>;
}

const strategyPath = (id: string): string => `/api/strategies/${encodeURIComponent(id)}`;

export const strategyApi: StrategyApi = {
  create: (body) => request('/api/strategies', { method: 'POST', json: body }),
  list: (signal) => request('/api/strategies', { signal }),
  get: (id, signal) => request(strategyPath(id), { signal }),
  stop: (id) => request(strategyPath(id), { method: 'DELETE' }),
  flatten: (id) => request(`${strategyPath(id)}/flatten`, { method: 'POST', json: {} }),
  touch: (id, signal) => request(`${strategyPath(id)}/touch`, { signal }),
};
