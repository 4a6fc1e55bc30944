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
 *
 * The spread of a regression is s = y − beta·x − alpha with the bar's own fit. The Kalman
 * spread is the filter's forecast error eₜ = yₜ − (β_{t−1}xₜ + α_{t−1}) (`kalman_hedge`'s `e`),
 * as in Chan's formulation: with the posterior βₜ, αₜ the filter has already absorbed yₜ, and on
 * price levels y − βₜx − αₜ is rounding noise. The first `window` Kalman spreads are the
 * filter's warm-up (e₀ = y₀) and are left undefined, like a regression's first window.
 * @module
 */

import { huber } from '../analytics/huber.js';
import { KalmanHedge, kalmanHedge } from '../analytics/kalman-hedge.js';
import { RollingOls, rollingOls } from '../analytics/rolling-ols.js';
import { theilSen } from '../analytics/theil-sen.js';
import { scalePrices, type HedgeSpec } from '../model/pair-spec.js';

export interface HedgeFit {
  readonly beta: number;
  readonly alpha: number;
}

/** The fit of one bar and its spread. */
export interface HedgeStep extends HedgeFit {
  readonly spread: number;
}

const NO_FIT: HedgeFit = { beta: Number.NaN, alpha: Number.NaN };

const regressionStep = (fit: HedgeFit, x: number, y: number): HedgeStep => ({ ...fit, spread: y - fit.beta * x - fit.alpha });

export interface HedgeEstimator {
  /** Adds the bar of bucket `start`; returns its fit and spread (NaN while warming up). */
  update(start: number, x: number, y: number): HedgeStep;
  /** The fit of the last bar, for a provisional point. */
  readonly current: HedgeFit;
  /** The spread a forming bar would have with the current fit. */
  provisionalSpread(x: number, y: number): number;
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
  update(_start: number, x: number, y: number): HedgeStep {
    this.current = this.ols.update(x, y) ?? NO_FIT;
    return regressionStep(this.current, x, y);
  }
  provisionalSpread(x: number, y: number): number {
    return y - this.current.beta * x - this.current.alpha;
  }
}

class KalmanEstimator implements HedgeEstimator {
  private readonly kf: KalmanHedge;
  private steps = 0;
  current: HedgeFit = NO_FIT;
  constructor(
    delta: number,
    ve: number,
    private readonly window: number,
  ) {
    this.kf = new KalmanHedge({ delta, ve });
  }
  update(_start: number, x: number, y: number): HedgeStep {
    const p = this.kf.update(x, y);
    this.current = { beta: p.beta, alpha: p.alpha };
    return { ...this.current, spread: this.steps++ < this.window ? Number.NaN : p.e };
  }
  /** The forecast error of the forming bar against the last posterior. */
  provisionalSpread(x: number, y: number): number {
    return this.steps < this.window ? Number.NaN : y - this.current.beta * x - this.current.alpha;
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

  provisionalSpread(x: number, y: number): number {
    return y - this.current.beta * x - this.current.alpha;
  }

  update(start: number, x: number, y: number): HedgeStep {
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
    if (this.count < w) return regressionStep(this.current, x, y);
    const block = Math.floor(start / this.blockMs);
    if (block !== this.lastBlock) {
      this.lastBlock = block;
      this.current = robustFit(this.method, this.bx, this.by);
    }
    return regressionStep(this.current, x, y);
  }
}

/** An estimator fed log prices: every price goes through `Math.log` before the regression. */
class LogPriceEstimator implements HedgeEstimator {
  constructor(private readonly inner: HedgeEstimator) {}

  get current(): HedgeFit {
    return this.inner.current;
  }

  update(start: number, x: number, y: number): HedgeStep {
    return this.inner.update(start, Math.log(x), Math.log(y));
  }

  provisionalSpread(x: number, y: number): number {
    return this.inner.provisionalSpread(Math.log(x), Math.log(y));
  }
}

/** The live estimator of `spec`, on its price scale. */
export function createHedgeEstimator(spec: HedgeSpec): HedgeEstimator {
  const onLevels = levelEstimator(spec);
  return spec.prices === 'log' ? new LogPriceEstimator(onLevels) : onLevels;
}

function levelEstimator(spec: HedgeSpec): HedgeEstimator {
  switch (spec.method) {
    case 'ols':
      return new OlsEstimator(spec.window);
    case 'kalman':
      return new KalmanEstimator(spec.delta, spec.ve, spec.window);
    default:
      return new RefitEstimator(spec.method, spec.window, spec.tf.ms);
  }
}

/** Regression spreads y − beta·x − alpha. */
function regressionSpread(x: Float64Array, y: Float64Array, beta: Float64Array, alpha: Float64Array): Float64Array {
  const s = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) s[i] = y[i]! - beta[i]! * x[i]! - alpha[i]!;
  return s;
}

/**
 * The batch twin: beta, alpha and spread for every bar of a stored series of prices, on the
 * spec's price scale (log prices are taken here, so callers always pass price levels).
 */
export function hedgeSeries(spec: HedgeSpec, starts: ArrayLike<number>, xPrices: Float64Array, yPrices: Float64Array): { beta: Float64Array; alpha: Float64Array; spread: Float64Array } {
  const x = scalePrices(spec.prices, xPrices);
  const y = scalePrices(spec.prices, yPrices);
  if (spec.method === 'ols') {
    const r = rollingOls(x, y, spec.window);
    return { ...r, spread: regressionSpread(x, y, r.beta, r.alpha) };
  }
  if (spec.method === 'kalman') {
    const k = kalmanHedge(x, y, { delta: spec.delta, ve: spec.ve });
    const spread = k.e.slice();
    spread.fill(Number.NaN, 0, Math.min(spec.window, spread.length));
    return { beta: k.beta, alpha: k.alpha, spread };
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
  return { beta, alpha, spread: regressionSpread(x, y, beta, alpha) };
}
