/**
 * `tandem compute` adapters for the regressions: ols, huber, theilsen, halflife, rolling_ols,
 * kalman_hedge.
 * @module
 */

import { halflife } from '../../analytics/halflife.js';
import { huber } from '../../analytics/huber.js';
import { kalmanHedge } from '../../analytics/kalman-hedge.js';
import { ols } from '../../analytics/ols.js';
import { requireLength } from '../../analytics/preconditions.js';
import { rollingOls } from '../../analytics/rolling-ols.js';
import { theilSen } from '../../analytics/theil-sen.js';
import type { ComputeOp } from './compute-op.js';
import { intOption, numberArray, numberOption, sameLength } from './request-fields.js';

const xy = (input: Parameters<ComputeOp>[0]): { x: Float64Array; y: Float64Array } => {
  const x = numberArray(input, 'x');
  const y = numberArray(input, 'y');
  sameLength({ x, y });
  return { x, y };
};

export const regressionOps: Readonly<Record<string, ComputeOp>> = {
  ols: (input) => {
    const { x, y } = xy(input);
    return ols(x, y);
  },
  huber: (input, options) => {
    const { x, y } = xy(input);
    const t = numberOption(options, 't', 1.345, (v) => v > 0, 'a number > 0');
    const maxiter = intOption(options, 'maxiter', 50, 1);
    const tol = numberOption(options, 'tol', 1e-8, (v) => v >= 0, 'a number ≥ 0');
    const r = huber(x, y, { t, maxiter, tol });
    return { intercept: r.intercept, slope: r.slope, scale: r.scale };
  },
  theilsen: (input, options) => {
    const { x, y } = xy(input);
    const alpha = numberOption(options, 'alpha', 0.95, (v) => v > 0 && v < 1, 'a number in (0, 1)');
    return theilSen(x, y, alpha);
  },
  halflife: (input) => halflife(numberArray(input, 'series')),
  rolling_ols: (input, options) => {
    const { x, y } = xy(input);
    const window = intOption(options, 'window', undefined, 2);
    return rollingOls(x, y, window);
  },
  kalman_hedge: (input, options) => {
    const { x, y } = xy(input);
    requireLength('kalman_hedge', x.length, 1);
    const delta = numberOption(options, 'delta', 1e-4, (v) => v > 0 && v < 1, 'a number in (0, 1)');
    const ve = numberOption(options, 've', 1e-3, (v) => v > 0, 'a number > 0');
    return kalmanHedge(x, y, { delta, ve });
  },
};
