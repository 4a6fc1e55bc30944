/**
 * `tandem compute` adapters for tick and trade data: resample_ohlcv (the bar engine's own
 * `resampleOhlcv`), vwap, and backtest_zscore.
 * @module
 */

import { backtestZScore } from '../../analytics/backtest-zscore.js';
import { cumulativeVwap } from '../../analytics/vwap.js';
import { resampleOhlcv } from '../../bars/resample-ohlcv.js';
import type { ComputeOp } from './compute-op.js';
import { enumOption, numberArray, numberOption, sameLength } from './request-fields.js';

const INTERVAL_MS = { '1s': 1000, '1min': 60_000, '5min': 300_000 } as const;

export const marketOps: Readonly<Record<string, ComputeOp>> = {
  resample_ohlcv: (input, options) => {
    const ts = numberArray(input, 'ts');
    const price = numberArray(input, 'price');
    const qty = numberArray(input, 'qty');
    sameLength({ ts, price, qty });
    const interval = enumOption(options, 'interval', ['1s', '1min', '5min'] as const, '1min');
    return resampleOhlcv(ts, price, qty, INTERVAL_MS[interval]);
  },
  vwap: (input) => {
    const price = numberArray(input, 'price');
    const qty = numberArray(input, 'qty', { positive: true });
    sameLength({ price, qty });
    return { vwap: cumulativeVwap(price, qty) };
  },
  backtest_zscore: (input, options) => {
    const spread = numberArray(input, 'spread');
    const z = numberArray(input, 'z', { allowNull: true });
    sameLength({ spread, z });
    const entry = numberOption(options, 'entry', 2, (v) => v > 0, 'a number > 0');
    const exit = numberOption(options, 'exit', 0.5, (v) => v >= 0 && v < entry, `a number with 0 ≤ exit < entry (${entry})`);
    const cost = numberOption(options, 'cost', 0, (v) => v >= 0, 'a number ≥ 0');
    return backtestZScore(spread, z, { entry, exit, cost });
  },
};
