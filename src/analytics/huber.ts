/**
 * Robust regression of y on x with Huber's T norm: the `huber` op of COMPUTE.md.
 * @module
 */

import { olsUnchecked } from './ols.js';
import { degenerate, invalid, isConstant, mean, requireLength, requireSameLength, type Series } from './preconditions.js';
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

  const xa = x instanceof Float64Array ? x : Float64Array.from(x);
  const ya = y instanceof Float64Array ? y : Float64Array.from(y);
  const fit = olsUnchecked(xa, ya, 0, n);
  // Centers for the weighted sums: the unweighted means, so the one-pass weighted
  // co-moments below subtract nothing large.
  const cx = mean(xa);
  const cy = mean(ya);
  const r = new Float64Array(n);
  const w = new Float64Array(n).fill(1);
  const work = new Float64Array(n);
  const ab = new Float64Array(2);
  let a = fit.intercept;
  let b = fit.slope;
  let v = residuals(xa, ya, w, a, b, r, work);
  let scale = medianInPlace(work) / MAD_NORMAL;
  let dev = deviance(r, v, t);
  let it = 1;
  for (;;) {
    if (scale === 0) break;
    weightedFit(xa, ya, r, scale, t, cx, cy, w, ab);
    a = ab[0]!;
    b = ab[1]!;
    v = residuals(xa, ya, w, a, b, r, work);
    scale = medianInPlace(work) / MAD_NORMAL;
    const prevDev = dev;
    dev = deviance(r, v, t);
    it++;
    // statsmodels' test is `not (|ΔD| > tol and it < maxiter)`: a NaN difference stops too.
    if (!(Math.abs(dev - prevDev) > tol && it < maxiter)) break;
  }
  return { intercept: a, slope: b, scale, iterations: it };
}

/**
 * One IRLS step in one pass: weights w = w(r/scale) (1 if |u| ≤ t else t/|u|) and weighted
 * least squares of y on [1, x] from weighted co-moments about (cx, cy), written to
 * out = [intercept, slope].
 */
function weightedFit(x: Float64Array, y: Float64Array, r: Float64Array, scale: number, t: number, cx: number, cy: number, w: Float64Array, out: Float64Array): void {
  const n = x.length;
  let sw = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const u = Math.abs(r[i]! / scale);
    const wi = u <= t ? 1 : t / u;
    w[i] = wi;
    const dx = x[i]! - cx;
    const wdx = wi * dx;
    sw += wi;
    sx += wdx;
    sy += wi * (y[i]! - cy);
    sxx += wdx * dx;
    sxy += wdx * (y[i]! - cy);
  }
  const mx = sx / sw;
  const my = sy / sw;
  const b = (sxy - sx * my) / (sxx - sx * mx);
  out[0] = cy + my - b * (cx + mx);
  out[1] = b;
}

/** r = y − (a + b·x) (unweighted, as statsmodels), |r| into `abs`; returns v = Σwr²/(n − 2). */
function residuals(x: Float64Array, y: Float64Array, w: Float64Array, a: number, b: number, r: Float64Array, abs: Float64Array): number {
  const n = x.length;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const ri = y[i]! - (a + b * x[i]!);
    r[i] = ri;
    abs[i] = Math.abs(ri);
    v += w[i]! * ri * ri;
  }
  return v / (n - 2);
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
