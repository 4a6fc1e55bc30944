/**
 * Quantities of the two legs of a pair trade, from the trade's notional, the hedge ratio known
 * when the trade was decided and the fill prices.
 *
 * Long the spread (side +1) buys y and sells β·x; short (side −1) the reverse. The x leg's
 * sign is −side·sign(β), so a negative β holds both legs the same way.
 * - `dollar_neutral`: |q_y|·P_y = |q_x|·P_x = notional / 2.
 * - `beta`: |q_y| = notional / (P_y + |β|·P_x) and |q_x| = |β|·|q_y|, so the position is
 *   |q_y| units of the spread y − β·x and its gross notional is the trade's notional.
 * With a lot step, each |q| is rounded down to a multiple of the step (a tolerance of 1e-9 step
 * absorbs binary rounding, so 0.3/0.1 gives 3 steps); a leg rounded to zero cannot be traded.
 * @module
 */

import type { ExecutionModel } from './backtest-params.js';

export interface LegQuantities {
  /** Signed: > 0 bought. */
  readonly qy: number;
  readonly qx: number;
}

/** Rounds |q| down to a multiple of `step`, keeping the sign. */
export function roundToLot(q: number, step: number | null): number {
  if (step === null) return q;
  const units = Math.floor(Math.abs(q) / step + 1e-9);
  return Math.sign(q) * units * step;
}

/** The legs of a trade of `side`; null when β is unusable or a leg rounds to zero. */
export function sizeLegs(side: 1 | -1, beta: number, py: number, px: number, model: Pick<ExecutionModel, 'notional' | 'sizing' | 'lotStepY' | 'lotStepX'>): LegQuantities | null {
  if (!Number.isFinite(beta) || beta === 0 || !(py > 0) || !(px > 0)) return null;
  const xSign = -side * Math.sign(beta);
  let ay: number;
  let ax: number;
  if (model.sizing === 'dollar_neutral') {
    ay = model.notional / 2 / py;
    ax = model.notional / 2 / px;
  } else {
    ay = model.notional / (py + Math.abs(beta) * px);
    ax = Math.abs(beta) * ay;
  }
  const qy = roundToLot(side * ay, model.lotStepY);
  const qx = roundToLot(xSign * ax, model.lotStepX);
  if (qy === 0 || qx === 0) return null;
  return { qy, qx };
}
