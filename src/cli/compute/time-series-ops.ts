/**
 * `tandem compute` adapters for the unit-root and persistence tests: adf, coint, hurst.
 * @module
 */

import { adf } from '../../analytics/adf.js';
import { coint } from '../../analytics/coint.js';
import { hurst } from '../../analytics/hurst.js';
import type { ComputeOp } from './compute-op.js';
import { autolagOption, enumOption, intOption, maxlagOption, numberArray, sameLength } from './request-fields.js';

export const timeSeriesOps: Readonly<Record<string, ComputeOp>> = {
  adf: (input, options) => {
    const series = numberArray(input, 'series');
    const regression = enumOption(options, 'regression', ['c', 'ct', 'n'] as const, 'c');
    return adf(series, { regression, autolag: autolagOption(options), maxlag: maxlagOption(options) });
  },
  coint: (input, options) => {
    const y = numberArray(input, 'y');
    const x = numberArray(input, 'x');
    sameLength({ y, x });
    const r = coint(y, x, { autolag: autolagOption(options), maxlag: maxlagOption(options) });
    return { t_stat: r.t_stat, pvalue: r.pvalue, crit_values: r.crit_values, used_lag: r.used_lag };
  },
  hurst: (input, options) => {
    const series = numberArray(input, 'series');
    const r = hurst(series, intOption(options, 'max_lag', 100, 3));
    return { hurst: r.hurst, intercept: r.intercept, lags: r.lags, tau: r.tau };
  },
};
