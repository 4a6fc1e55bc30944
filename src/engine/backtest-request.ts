/**
 * A backtest request as the API and the CLI take it, checked in one place: the pair
 * (`parsePairSpec`), the range, the z-score rules and the execution model
 * (`parseSimulationParams`). Every failure is `invalid_backtest` with a message naming the field.
 * @module
 */

import { parseSimulationParams, type SimulationParams, type SimulationParamsInput } from '../backtest/backtest-params.js';
import { err, ok, type Result } from '../core/result.js';
import { parsePairSpec, type PairSpec } from '../model/pair-spec.js';

export interface BacktestRequestInput extends SimulationParamsInput {
  readonly y: string;
  readonly x: string;
  readonly tf: string;
  /** Inclusive lower and exclusive upper bound on bar start, epoch ms. */
  readonly from?: number;
  readonly to?: number;
  readonly method?: string;
  /** `raw` (default) or `log`: the scale of the hedge regression and the spread. */
  readonly prices?: string;
  readonly window?: number;
  readonly delta?: number;
  readonly ve?: number;
  /** Most points of the equity and drawdown curves (default 5,000). */
  readonly maxCurvePoints?: number;
  /** Book perpetual funding (default: when both legs have stored rates in the range). */
  readonly funding?: boolean;
}

export interface BacktestRequest {
  readonly pair: PairSpec;
  readonly from: number | null;
  readonly to: number | null;
  readonly params: SimulationParams;
  readonly maxCurvePoints: number;
  /** true: funding required; false: left out; null: booked when both legs have stored rates. */
  readonly funding: boolean | null;
}

const bad = <T>(message: string): Result<T> => err({ code: 'invalid_backtest', message });

export function parseRange(from: number | undefined, to: number | undefined): Result<{ from: number | null; to: number | null }> {
  if (from !== undefined && !Number.isSafeInteger(from)) return bad(`from must be epoch milliseconds (got ${from})`);
  if (to !== undefined && !Number.isSafeInteger(to)) return bad(`to must be epoch milliseconds (got ${to})`);
  if (from !== undefined && to !== undefined && !(to > from)) return bad(`to must be after from (got from ${from}, to ${to})`);
  return ok({ from: from ?? null, to: to ?? null });
}

export function parseBacktestRequest(input: BacktestRequestInput): Result<BacktestRequest> {
  const pair = parsePairSpec(input);
  if (!pair.ok) return bad(pair.error.message);
  const range = parseRange(input.from, input.to);
  if (!range.ok) return range;
  const params = parseSimulationParams(input);
  if (!params.ok) return params;
  const maxCurvePoints = input.maxCurvePoints ?? 5000;
  if (!Number.isInteger(maxCurvePoints) || maxCurvePoints < 2) return bad(`maxCurvePoints must be an integer ≥ 2 (got ${maxCurvePoints})`);
  if (input.funding !== undefined && typeof input.funding !== 'boolean') return bad(`funding must be true or false (got ${String(input.funding)})`);
  return ok({ pair: pair.value, ...range.value, params: params.value, maxCurvePoints, funding: input.funding ?? null });
}
