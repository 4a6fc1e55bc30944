/**
 * Dynamic hedge ratio by a Kalman filter: the `kalman_hedge` op of COMPUTE.md, batch and
 * incremental. The state θ = [β, α] is a random walk observed through yₜ = βₜxₜ + αₜ + εₜ
 * (Chan, Algorithmic Trading, 2013, ch. 3; Welch & Bishop, An Introduction to the Kalman Filter).
 * @module
 */

import { assert } from '../core/assert.js';
import { requireSameLength, type Series } from './preconditions.js';

export interface KalmanOptions {
  /** Random-walk intensity: Vw = delta/(1−delta)·I (default 1e-4, 0 < delta < 1). */
  readonly delta?: number;
  /** Observation noise variance (default 1e-3, > 0). */
  readonly ve?: number;
}

export interface KalmanPoint {
  readonly beta: number;
  readonly alpha: number;
  /** Forecast error yₜ − Fₜθ_{t−1}. */
  readonly e: number;
  /** Its variance Qₜ = FₜRFₜᵀ + ve. */
  readonly q: number;
}

export interface KalmanColumns {
  readonly beta: Float64Array;
  readonly alpha: Float64Array;
  readonly e: Float64Array;
  readonly q: Float64Array;
}

/**
 * Incremental Kalman filter for the hedge ratio. Step t: R = P (+ Vw from the second step on),
 * F = [xₜ, 1], e = yₜ − Fθ, Q = FRFᵀ + ve, K = RFᵀ/Q, θ += K·e, P = R − K(FR) (plain form).
 */
export class KalmanHedge {
  private b = 0;
  private a = 0;
  // P = [[p00, p01], [p01, p11]] (symmetric).
  private p00 = 0;
  private p01 = 0;
  private p11 = 0;
  private steps = 0;
  private current: KalmanPoint | null = null;
  private readonly vw: number;
  private readonly ve: number;

  constructor(options: KalmanOptions = {}) {
    const delta = options.delta ?? 1e-4;
    this.ve = options.ve ?? 1e-3;
    assert(delta > 0 && delta < 1, `KalmanHedge: delta must be in (0, 1) (got ${delta})`);
    assert(this.ve > 0, `KalmanHedge: ve must be > 0 (got ${this.ve})`);
    this.vw = delta / (1 - delta);
  }

  get ready(): boolean {
    return this.steps > 0;
  }

  get value(): KalmanPoint | null {
    return this.current;
  }

  update(x: number, y: number): KalmanPoint {
    const add = this.steps === 0 ? 0 : this.vw;
    const r00 = this.p00 + add;
    const r01 = this.p01;
    const r11 = this.p11 + add;
    // FR = [x·r00 + r01, x·r01 + r11] (= (RFᵀ)ᵀ since R is symmetric).
    const fr0 = x * r00 + r01;
    const fr1 = x * r01 + r11;
    const e = y - (x * this.b + this.a);
    const q = x * fr0 + fr1 + this.ve;
    const k0 = fr0 / q;
    const k1 = fr1 / q;
    this.b += k0 * e;
    this.a += k1 * e;
    this.p00 = r00 - k0 * fr0;
    this.p01 = r01 - k0 * fr1;
    this.p11 = r11 - k1 * fr1;
    this.steps++;
    return (this.current = { beta: this.b, alpha: this.a, e, q });
  }

  reset(): void {
    this.b = this.a = this.p00 = this.p01 = this.p11 = 0;
    this.steps = 0;
    this.current = null;
  }
}

/**
 * Runs the filter over the whole series: beta[t], alpha[t] after step t, e[t], q[t]. The same
 * arithmetic as `KalmanHedge.update`, inlined on scalars so a day of bars takes about a
 * millisecond (tests hold the two to 1e-9).
 */
export function kalmanHedge(x: Series, y: Series, options: KalmanOptions = {}): KalmanColumns {
  requireSameLength('kalmanHedge', x, y);
  const delta = options.delta ?? 1e-4;
  const ve = options.ve ?? 1e-3;
  assert(delta > 0 && delta < 1, `kalmanHedge: delta must be in (0, 1) (got ${delta})`);
  assert(ve > 0, `kalmanHedge: ve must be > 0 (got ${ve})`);
  const vw = delta / (1 - delta);
  const n = x.length;
  const out = { beta: new Float64Array(n), alpha: new Float64Array(n), e: new Float64Array(n), q: new Float64Array(n) };
  let b = 0;
  let a = 0;
  let p00 = 0;
  let p01 = 0;
  let p11 = 0;
  for (let t = 0; t < n; t++) {
    const xt = x[t]!;
    const add = t === 0 ? 0 : vw;
    const r00 = p00 + add;
    const r01 = p01;
    const r11 = p11 + add;
    const fr0 = xt * r00 + r01;
    const fr1 = xt * r01 + r11;
    const e = y[t]! - (xt * b + a);
    const q = xt * fr0 + fr1 + ve;
    const k0 = fr0 / q;
    const k1 = fr1 / q;
    b += k0 * e;
    a += k1 * e;
    p00 = r00 - k0 * fr0;
    p01 = r01 - k0 * fr1;
    p11 = r11 - k1 * fr1;
    out.beta[t] = b;
    out.alpha[t] = a;
    out.e[t] = e;
    out.q[t] = q;
  }
  return out;
}
