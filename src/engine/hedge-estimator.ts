/**
 * Hedge-ratio estimators for a live pair, one bar at a time, and the same estimates over a
 * whole stored series. `ols` is the analytics core's `RollingOls` / `rollingOls`; `kalman` its
 * `KalmanHedge` / `kalmanHedge`; `huber` and `theilsen` refit `huber` / `theilSen` on the last
 * `window` bars on a throttle and hold the fit in between.
 *
 * The throttle counts bars, not seconds, so the live path and the batch path refit on the same
 * bars: a refit happens on the first full window and then on the first bar of every new block
 * of `refitEvery` buckets (block = ⌊start / (tf·refitEvery)⌋), with refitEvery = ⌈window/20⌉
 * (every bar for the default window of 20; every 50 bars for a window of 1,000).
 * @module
 */

import { huber } from '../analytics/huber.js';
import { KalmanHedge, kalmanHedge } from '../analytics/kalman-hedge.js';
import { RollingOls, rollingOls } from '../analytics/rolling-ols.js';
import { theilSen } from '../analytics/theil-sen.js';
import type { PairSpec } from '../model/pair-spec.js';

export interface HedgeFit {
  readonly beta: number;
  readonly alpha: number;
}

const NO_FIT: HedgeFit = { beta: Number.NaN, alpha: Number.NaN };

export interface HedgeEstimator {
  /** Adds the bar of bucket `start`; returns the fit to use for it (NaN while warming up). */
  update(start: number, x: number, y: number): HedgeFit;
  /** The fit of the last bar, for a provisional point. */
  readonly current: HedgeFit;
}

/** Bars between refits of the robust estimators. */
export function refitEvery(window: number): number {
  return Math.max(1, Math.ceil(window / 20));
}

/** One robust fit of a window; NaN when the window is degenerate (all x equal). */
export function robustFit(method: 'huber' | 'theilsen', x: Float64Array, y: Float64Array): HedgeFit {
  try {
    if (method === 'huber') {
      const r = huber(x, y);
      return { beta: r.slope, alpha: r.intercept };
    }
    const r = theilSen(x, y);
    return { beta: r.slope, alpha: r.intercept };
  } catch {
    return NO_FIT;
  }
}

class OlsEstimator implements HedgeEstimator {
  private readonly ols: RollingOls;
  current: HedgeFit = NO_FIT;
  constructor(window: number) {
    this.ols = new RollingOls(window);
  }
  update(_start: number, x: number, y: number): HedgeFit {
    this.current = this.ols.update(x, y) ?? NO_FIT;
    return this.current;
  }
}

class KalmanEstimator implements HedgeEstimator {
  private readonly kf: KalmanHedge;
  current: HedgeFit = NO_FIT;
  constructor(delta: number, ve: number) {
    this.kf = new KalmanHedge({ delta, ve });
  }
  update(_start: number, x: number, y: number): HedgeFit {
    const p = this.kf.update(x, y);
    this.current = { beta: p.beta, alpha: p.alpha };
    return this.current;
  }
}

class RefitEstimator implements HedgeEstimator {
  private readonly bx: Float64Array;
  private readonly by: Float64Array;
  private count = 0;
  private lastBlock = Number.NaN;
  private readonly blockMs: number;
  current: HedgeFit = NO_FIT;

  constructor(
    private readonly method: 'huber' | 'theilsen',
    private readonly window: number,
    tfMs: number,
  ) {
    this.bx = new Float64Array(window);
    this.by = new Float64Array(window);
    this.blockMs = tfMs * refitEvery(window);
  }

  update(start: number, x: number, y: number): HedgeFit {
    const w = this.window;
    // A sliding window kept in order by shifting: refits read it as is, and w is small next to the fit's cost.
    if (this.count >= w) {
      this.bx.copyWithin(0, 1);
      this.by.copyWithin(0, 1);
    }
    const at = Math.min(this.count, w - 1);
    this.bx[at] = x;
    this.by[at] = y;
    this.count++;
    if (this.count < w) return this.current;
    const block = Math.floor(start / this.blockMs);
    if (block !== this.lastBlock) {
      this.lastBlock = block;
      this.current = robustFit(this.method, this.bx, this.by);
    }
    return this.current;
  }
}

export function createHedgeEstimator(spec: Pick<PairSpec, 'method' | 'window' | 'delta' | 've' | 'tf'>): HedgeEstimator {
  switch (spec.method) {
    case 'ols':
      return new OlsEstimator(spec.window);
    case 'kalman':
      return new KalmanEstimator(spec.delta, spec.ve);
    default:
      return new RefitEstimator(spec.method, spec.window, spec.tf.ms);
  }
}

/** The batch twin: beta and alpha for every bar of a stored series. */
export function hedgeSeries(spec: Pick<PairSpec, 'method' | 'window' | 'delta' | 've' | 'tf'>, starts: ArrayLike<number>, x: Float64Array, y: Float64Array): { beta: Float64Array; alpha: Float64Array } {
  if (spec.method === 'ols') return rollingOls(x, y, spec.window);
  if (spec.method === 'kalman') {
    const k = kalmanHedge(x, y, { delta: spec.delta, ve: spec.ve });
    return { beta: k.beta, alpha: k.alpha };
  }
  const n = x.length;
  const w = spec.window;
  const beta = new Float64Array(n).fill(Number.NaN);
  const alpha = new Float64Array(n).fill(Number.NaN);
  const blockMs = spec.tf.ms * refitEvery(w);
  let fit = NO_FIT;
  let lastBlock = Number.NaN;
  for (let i = w - 1; i < n; i++) {
    const block = Math.floor(starts[i]! / blockMs);
    if (block !== lastBlock) {
      lastBlock = block;
      fit = robustFit(spec.method, x.subarray(i - w + 1, i + 1), y.subarray(i - w + 1, i + 1));
    }
    beta[i] = fit.beta;
    alpha[i] = fit.alpha;
  }
  return { beta, alpha };
}
