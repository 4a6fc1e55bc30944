/**
 * Robust regression of y on x with Huber's T norm: the `huber` op of COMPUTE.md.
 * @module
 */

import { olsUnchecked } from './ols.js';
import { degenerate, invalid, isConstant, mean, requireLength, requireSameLength, type Series } from './preconditions.js';
import { medianInPlace, selectInPlace } from './select.js';

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
  const work = new Float64Array(n);
  const acc = new Float64Array(3);
  let a = fit.intercept;
  let b = fit.slope;
  // The OLS start: unit weights.
  residualsAndMedian(xa, ya, a, b, r, Infinity, t, Number.NaN, work, acc);
  let v = acc[0]!;
  let scale = acc[1]! / MAD_NORMAL;
  let prevDev = Infinity;
  let it = 1;
  for (;;) {
    // One pass gives the deviance of the current residuals (which decides whether to stop)
    // and, speculatively, the next weighted fit (used only if the iteration goes on).
    const dev = devianceAndWeightedFit(xa, ya, r, v, scale, t, cx, cy, acc);
    // statsmodels' test is `not (|ΔD| > tol and it < maxiter)`: a NaN difference stops too.
    if (it > 1 && !(Math.abs(dev - prevDev) > tol && it < maxiter)) break;
    if (scale === 0) break;
    prevDev = dev;
    a = acc[1]!;
    b = acc[2]!;
    residualsAndMedian(xa, ya, a, b, r, scale, t, scale * MAD_NORMAL, work, acc);
    v = acc[0]!;
    scale = acc[1]! / MAD_NORMAL;
    it++;
  }
  return { intercept: a, slope: b, scale, iterations: it };
}

/**
 * One pass over the residuals r: returns the deviance Σρ(r/v), and writes to out[1], out[2] the
 * intercept and slope of the weighted least squares with w = w(r/scale) (1 if |u| ≤ t else
 * t/|u|), from weighted co-moments about (cx, cy).
 */
function devianceAndWeightedFit(x: Float64Array, y: Float64Array, r: Float64Array, v: number, scale: number, t: number, cx: number, cy: number, out: Float64Array): number {
  const n = x.length;
  const halfT2 = 0.5 * t * t;
  // Reciprocals: a multiply per element instead of a divide (differences of an ulp).
  const invV = 1 / v;
  const invScale = 1 / scale;
  let dev = 0;
  let sw = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const ri = r[i]!;
    const d = Math.abs(ri * invV);
    dev += d <= t ? 0.5 * d * d : t * d - halfT2;
    const u = Math.abs(ri * invScale);
    const wi = u <= t ? 1 : t / u;
    const dx = x[i]! - cx;
    const dy = y[i]! - cy;
    const wdx = wi * dx;
    sw += wi;
    sx += wdx;
    sy += wi * dy;
    sxx += wdx * dx;
    sxy += wdx * dy;
  }
  const mx = sx / sw;
  const my = sy / sw;
  const b = (sxy - sx * my) / (sxx - sx * mx);
  out[1] = cy + my - b * (cx + mx);
  out[2] = b;
  return dev;
}

/**
 * New residuals r = y − (a + b·x) (unweighted, as statsmodels) over the old ones in place;
 * out = [v, median |r|] with v = Σwr²/(n − 2), the weights w = w(r_old/oldScale) of the fit
 * (all 1 for oldScale = ∞).
 *
 * The median is exact but cheap: the previous step's median `guess` brackets the new one (the
 * residuals move little between IRLS steps), so the same pass counts the |r| below the bracket
 * and keeps the few inside it, and only those are quickselected. If the median falls outside
 * the bracket (or there is no guess), a full quickselect over all |r| decides.
 */
function residualsAndMedian(x: Float64Array, y: Float64Array, a: number, b: number, r: Float64Array, oldScale: number, t: number, guess: number, work: Float64Array, out: Float64Array): void {
  const n = x.length;
  const lo = guess * 0.9;
  const hi = guess * 1.1;
  const invScale = 1 / oldScale;
  let v = 0;
  let below = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const u = Math.abs(r[i]! * invScale);
    const wi = u <= t ? 1 : t / u;
    const ri = y[i]! - (a + b * x[i]!);
    r[i] = ri;
    v += wi * ri * ri;
    const ai = Math.abs(ri);
    // Branch-free: the comparisons are unpredictable, so count and append without jumps.
    below += +(ai < lo);
    work[m] = ai;
    m += +(ai >= lo) & +(ai <= hi);
  }
  out[0] = v / (n - 2);
  const k = n >> 1;
  const kLow = n % 2 === 1 ? k : k - 1;
  if (below <= kLow && k < below + m) {
    const upper = selectInPlace(work, k - below, 0, m - 1);
    if (kLow === k) {
      out[1] = upper;
    } else if (k - below === 0) {
      // The lower middle value is the largest |r| below the bracket: rare; recount in full.
      out[1] = fullMedian(r, work);
    } else {
      let lower = work[0]!;
      for (let i = 1; i < k - below; i++) if (work[i]! > lower) lower = work[i]!;
      out[1] = (lower + upper) / 2;
    }
    return;
  }
  out[1] = fullMedian(r, work);
}

/** median |r| by quickselect over all of r. */
function fullMedian(r: Float64Array, work: Float64Array): number {
  for (let i = 0; i < r.length; i++) work[i] = Math.abs(r[i]!);
  return medianInPlace(work);
}

