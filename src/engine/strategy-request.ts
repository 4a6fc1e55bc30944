/**
 * A paper strategy's request: the backtest request without its range (`from`/`to`), checked by
 * `parseBacktestRequest` itself, so every field means what it means in a backtest. Failures are
 * `invalid_strategy` with the backtest's message naming the field.
 * @module
 */

import { err, ok, type Result } from '../core/result.js';
import { parseBacktestRequest, type BacktestRequest, type BacktestRequestInput } from './backtest-request.js';

export type StrategyRequestInput = Omit<BacktestRequestInput, 'from' | 'to'>;
export type StrategyRequest = Omit<BacktestRequest, 'from' | 'to'>;

export function parseStrategyRequest(input: StrategyRequestInput): Result<StrategyRequest> {
  const raw = input as BacktestRequestInput;
  for (const field of ['from', 'to'] as const) {
    if (raw[field] !== undefined) return err({ code: 'invalid_strategy', message: `${field}: a strategy trades from its start on and takes no ${field}; backtest a range with POST /api/backtest` });
  }
  const parsed = parseBacktestRequest(input);
  if (!parsed.ok) return err({ code: 'invalid_strategy', message: parsed.error.message });
  const { from: _from, to: _to, ...request } = parsed.value;
  return ok(request);
}

/** The backtest request that reproduces a strategy over bars [from, to). */
export function backtestOf(request: StrategyRequest, from: number, to: number): BacktestRequest {
  return { ...request, from, to };
}
