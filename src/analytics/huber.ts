/**
 * Robust regression of y on x with Huber's T norm: the `huber` op of COMPUTE.md.
 * @module
 */

import { olsUnchecked } from './ols.js';
import { degenerate, invalid, isConstant, requireLength, requireSameLength, type Series } from './preconditions.js';
import { medianInPlace } from './select.js';

export interface HuberResult {
  readonly intercept: number;
  readonly slope: number;
  readonly scale: number;
  /** IRLS iterations, counted as statsmodels counts them (the OLS start is iteration 1). */
  readonly iterations: number;
}

export interface HuberOptions {
  /** Huber's tuning constant t (default 1.345: 95% efficiency at the normal). */
  readonly t?: number;
  readonly maxiter?: number;
  readonly tol?: number;
}

/** Φ⁻¹(3/4): MAD / this estimates σ at the normal. */
const MAD_NORMAL = 0.6744897501960817;

/**
 * Huber M-estimate of y = intercept + slope·x by iteratively reweighted least squares, equal to
 * statsmodels `RLM(y, add_constant(x), M=HuberT(t)).fit(maxiter, tol)` with its defaults:
 *
 * - weights w(u) = 1 if |u| ≤ t else t/|u|; ρ(u) = u²/2 if |u| ≤ t else t|u| − t²/2;
 * - scale = MAD about zero: median(|r|)/Φ⁻¹(3/4), re-estimated after every WLS step;
 * - start from OLS; each step: w = w(r/scale), WLS → params, r = y − X·params,
 *   v = Σwr²/(n−2), scale = MAD(r); deviance D = Σρ(r/v);
 * - stop when |D_k − D_{k−1}| ≤ tol or the iteration count reaches maxiter, or when scale = 0.
 *
 * The deviance divides by v, a weighted residual variance, not by the scale: that is
 * statsmodels' quirk, kept so the iteration count (and so the answer) matches.
 * Reference: Huber (1981), Robust Statistics; statsmodels `robust.robust_linear_model.RLM.fit`.
 *
 * @throws TandemError as `ols`: `insufficient_data` when n < 3, `degenerate_input` when x is constant.
 */
export function huber(x: Series, y: Series, options: HuberOptions = {}): HuberResult {
  const t = options.t ?? 1.345;
  const maxiter = options.maxiter ?? 50;
  const tol = options.tol ?? 1e-8;
  requireSameLength('huber', x, y);
  const n = x.length;
  requireLength('huber', n, 3);
  if (isConstant(x)) degenerate('huber', 'all x values are equal, so the slope is undefined');
  if (!(t > 0)) invalid('huber', `t must be > 0 (got ${t})`);

  const start = olsUnchecked(x, y, 0, n);
  let a = start.intercept;
  let b = start.slope;
  const r = new Float64Array(n);
  const w = new Float64Array(n);
  const work = new Float64Array(n);
  let v = 0;
  for (let i = 0; i < n; i++) {
    r[i] = y[i]! - a - b * x[i]!;
    v += r[i]! * r[i]!;
  }
  v /= n - 2;
  let scale = mad(r, work);
  let prevDev = Infinity;
  let dev = deviance(r, v, t);
  let it = 1;
  const halfT2 = 0.5 * t * t;
  for (;;) {
    if (scale === 0) break;
    for (let i = 0; i < n; i++) {
      const u = Math.abs(r[i]! / scale);
      w[i] = u <= t ? 1 : t / u;
    }
    // Weighted least squares, in centered form about the weighted means.
    let sw = 0;
    let swx = 0;
    let swy = 0;
    for (let i = 0; i < n; i++) {
      sw += w[i]!;
      swx += w[i]! * x[i]!;
      swy += w[i]! * y[i]!;
    }
    const mx = swx / sw;
    const my = swy / sw;
    let sxx = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      const dx = x[i]! - mx;
      sxx += w[i]! * dx * dx;
      sxy += w[i]! * dx * (y[i]! - my);
    }
    b = sxy / sxx;
    a = my - b * mx;
    v = 0;
    for (let i = 0; i < n; i++) {
      const ri = y[i]! - my - b * (x[i]! - mx);
      r[i] = ri;
      v += w[i]! * ri * ri;
    }
    v /= n - 2;
    scale = mad(r, work);
    prevDev = dev;
    dev = 0;
    for (let i = 0; i < n; i++) {
      const u = Math.abs(r[i]! / v);
      dev += u <= t ? 0.5 * u * u : t * u - halfT2;
    }
    it++;
    // statsmodels' test is `not (|ΔD| > tol and it < maxiter)`: a NaN difference stops too.
    if (!(Math.abs(dev - prevDev) > tol && it < maxiter)) break;
  }
  return { intercept: a, slope: b, scale, iterations: it };
}

/** Median absolute deviation about zero, normalised: median(|r|)/Φ⁻¹(3/4). */
function mad(r: Float64Array, work: Float64Array): number {
  for (let i = 0; i < r.length; i++) work[i] = Math.abs(r[i]!);
  return medianInPlace(work) / MAD_NORMAL;
}

/** Σρ(r/v) for Huber's ρ. */
function deviance(r: Float64Array, v: number, t: number): number {
  let d = 0;
  const halfT2 = 0.5 * t * t;
  for (let i = 0; i < r.length; i++) {
    const u = Math.abs(r[i]! / v);
    d += u <= t ? 0.5 * u * u : t * u - halfT2;
  }
  return d;
}
