/**
 * `tandem bench` figures for the analytics: one `compute.<op>` entry per op, median ms of a
 * call on fixed, seeded data — n = 86,400 (a day of 1 s bars), 10,000 for theilsen and
 * 1,000,000 ticks for resample_ohlcv.
 * @module
 */

import { adf } from '../../analytics/adf.js';
import { backtestZScore } from '../../analytics/backtest-zscore.js';
import { coint } from '../../analytics/coint.js';
import { corrMatrix } from '../../analytics/corr-matrix.js';
import { halflife } from '../../analytics/halflife.js';
import { huber } from '../../analytics/huber.js';
import { hurst } from '../../analytics/hurst.js';
import { kalmanHedge } from '../../analytics/kalman-hedge.js';
import { ols } from '../../analytics/ols.js';
import { rollingCorr } from '../../analytics/rolling-corr.js';
import { rollingOls } from '../../analytics/rolling-ols.js';
import { rollingZScore } from '../../analytics/rolling-zscore.js';
import { theilSen } from '../../analytics/theil-sen.js';
import { volumeSpikes } from '../../analytics/volume-spikes.js';
import { cumulativeVwap } from '../../analytics/vwap.js';
import { resampleOhlcv } from '../../bars/resample-ohlcv.js';
import { measureMedianMs, type BenchResult } from './bench-result.js';

/** Seeded standard normals (mulberry32 + Box-Muller), so every run times the same data. */
function normals(n: number, seed: number): Float64Array {
  let a = seed >>> 0;
  const u = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const th = 2 * Math.PI * u();
    out[i] = r * Math.cos(th);
    if (i + 1 < n) out[i + 1] = r * Math.sin(th);
  }
  return out;
}

/** A cointegrated pair of price paths: x a random walk near 100, y = 5 + 1.3x + AR(1) noise. */
export function benchPair(n: number, seed = 7): { x: Float64Array; y: Float64Array; spread: Float64Array } {
  const ex = normals(n, seed);
  const ey = normals(n, seed + 1);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const spread = new Float64Array(n);
  let px = 100;
  let s = 0;
  for (let i = 0; i < n; i++) {
    px += 0.05 * ex[i]!;
    s = 0.98 * s + 0.1 * ey[i]!;
    x[i] = px;
    spread[i] = s;
    y[i] = 5 + 1.3 * px + s;
  }
  return { x, y, spread };
}

const N = 86_400;

/** Runs every analytics benchmark once (each `runs` times) and returns the figures. */
export function runAnalyticsBench(runs = 7): BenchResult[] {
  const { x, y, spread } = benchPair(N);
  const small = benchPair(10_000, 11);
  const window = 300;
  const z = rollingZScore(spread, window).z;
  const ticks = 1_000_000;
  const tn = normals(ticks, 99);
  const ts = new Float64Array(ticks);
  const price = new Float64Array(ticks);
  const qty = new Float64Array(ticks);
  let t = 1_700_000_000_000;
  let p = 100;
  for (let i = 0; i < ticks; i++) {
    t += (i * 7919) % 173; // 0-172 ms gaps: a day of ~86 ms spacing
    p += 0.01 * tn[i]!;
    ts[i] = t;
    price[i] = p;
    qty[i] = 0.001 + ((i * 104729) % 1000) / 500;
  }
  const vol = new Float64Array(N);
  for (let i = 0; i < N; i++) vol[i] = Math.abs(x[i]! - 100) * 10 + 1 + ((i * 31) % 17);
  const cases: [string, number, () => unknown][] = [
    ['compute.adf', N, () => adf(y)],
    ['compute.coint', N, () => coint(y, x)],
    ['compute.huber', N, () => huber(x, y)],
    ['compute.theilsen', 10_000, () => theilSen(small.x, small.y)],
    ['compute.kalman_hedge', N, () => kalmanHedge(x, y)],
    ['compute.backtest_zscore', N, () => backtestZScore(spread, z)],
    ['compute.ols', N, () => ols(x, y)],
    ['compute.rolling_zscore', N, () => rollingZScore(spread, window)],
    ['compute.rolling_corr', N, () => rollingCorr(x, y, window)],
    ['compute.rolling_ols', N, () => rollingOls(x, y, window)],
    ['compute.resample_ohlcv', ticks, () => resampleOhlcv(ts, price, qty, 1000)],
    ['compute.vwap', N, () => cumulativeVwap(x, vol)],
    ['compute.halflife', N, () => halflife(spread)],
    ['compute.hurst', N, () => hurst(x)],
    ['compute.corr_matrix', N, () => corrMatrix(new Map([['x', x], ['y', y], ['v', vol]]))],
    ['compute.volume_spikes', N, () => volumeSpikes(vol, window)],
  ];
  return cases.map(([name, n, fn]) => ({ name, n, unit: 'ms' as const, median_ms: Number(measureMedianMs(fn, runs).toFixed(3)), runs }));
}
