/**
 * `tandem compute` adapters for rolling statistics and cross-sectional correlation:
 * rolling_zscore, rolling_corr, corr_matrix, volume_spikes.
 * @module
 */

import { corrMatrix } from '../../analytics/corr-matrix.js';
import { rollingCorr } from '../../analytics/rolling-corr.js';
import { rollingZScore } from '../../analytics/rolling-zscore.js';
import { volumeSpikes } from '../../analytics/volume-spikes.js';
import type { ComputeOp } from './compute-op.js';
import { enumOption, intOption, invalidInput, isObject, numberArray, numberOption, sameLength } from './request-fields.js';

export const rollingOps: Readonly<Record<string, ComputeOp>> = {
  rolling_zscore: (input, options) => {
    const series = numberArray(input, 'series');
    return rollingZScore(series, intOption(options, 'window', undefined, 2));
  },
  rolling_corr: (input, options) => {
    const x = numberArray(input, 'x');
    const y = numberArray(input, 'y');
    sameLength({ x, y });
    return { corr: rollingCorr(x, y, intOption(options, 'window', undefined, 2)) };
  },
  corr_matrix: (input, options) => {
    const s = input.series;
    if (!isObject(s) || Object.keys(s).length === 0) invalidInput('input.series must be an object of named arrays, e.g. {"BTCUSDT": [...], "ETHUSDT": [...]}');
    const obj = s as Readonly<Record<string, unknown>>;
    const map = new Map<string, Float64Array>();
    for (const name of Object.keys(obj)) map.set(name, numberArray(obj, name, { allowNull: true }));
    const basis = enumOption(options, 'basis', ['log_returns', 'levels'] as const, 'log_returns');
    return corrMatrix(map, basis);
  },
  volume_spikes: (input, options) => {
    const volume = numberArray(input, 'volume', { nonNegative: true });
    const window = intOption(options, 'window', undefined, 2);
    const threshold = numberOption(options, 'threshold', 3, (v) => v > 0, 'a number > 0');
    return volumeSpikes(volume, window, threshold);
  },
};
