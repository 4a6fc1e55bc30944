/**
 * Backtest results as the API's DTOs (`dto/backtest-schemas.ts`): the request as run, with
 * defaults filled in, and NaN (a z that was not defined) as null.
 * @module
 */

import type { SimulationParams } from '../backtest/backtest-params.js';
import type { TradeRecord } from '../backtest/trade-record.js';
import type { PairSpec } from '../model/pair-spec.js';
import type { StoredBacktest } from '../engine/backtest-run.js';
import type { SweepJobView } from '../engine/sweep-jobs.js';
import type { BacktestResponse, SweepJobDto } from './dto/backtest-schemas.js';

/** A z that is not defined (an exit forced while z was missing) is null in JSON. */
const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function tradeDto(t: TradeRecord): Omit<TradeRecord, 'zEntry' | 'zExit'> & { zEntry: number | null; zExit: number | null } {
  return { ...t, zEntry: finiteOrNull(t.zEntry), zExit: finiteOrNull(t.zExit) };
}

/** The pair and rule of a run as the API echoes them (`RunParamsFields`): a backtest's and a paper strategy's. */
export function runParamsDto(pair: PairSpec, params: SimulationParams): Omit<BacktestResponse['request'], 'from' | 'to' | 'funding'> {
  return { y: pair.y, x: pair.x, tf: pair.tf.label, method: pair.method, prices: pair.prices, window: pair.window, delta: pair.delta, ve: pair.ve, ...params };
}

export function backtestResponse(r: StoredBacktest): BacktestResponse {
  const { pair, params } = r.request;
  return {
    request: { ...runParamsDto(pair, params), from: r.request.from, to: r.request.to, funding: r.funding },
    report: { ...r.report, trades: r.report.trades.map(tradeDto) },
    computeMs: r.computeMs,
  };
}

export function sweepJobDto(v: SweepJobView): SweepJobDto {
  const r = v.result;
  if (r === null) return { ...v, result: null };
  const wf = r.walkForward;
  return {
    ...v,
    result: {
      ...r,
      rows: [...r.rows],
      walkForward: wf === null ? null : { ...wf, folds: [...wf.folds], report: { ...wf.report, trades: wf.report.trades.map(tradeDto) } },
    },
  } as SweepJobDto;
}
