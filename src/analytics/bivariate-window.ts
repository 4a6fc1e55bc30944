/**
 * Centered moment sums of two series over a sliding window, the kernel behind rolling
 * correlation and rolling OLS. Sums are kept about centers (cx, cy) — the window means at the
 * last re-anchoring — updated by one add and one remove per step, and recomputed exactly every
 * `window` steps or as soon as the accumulated rounding bound of Sxx (Syy) exceeds 1e-10 of
 * Cxx (Cyy), as in `rolling-zscore.ts`; so rounding cannot drift, a jump in level that
 * collapses the variance costs no digits, and large levels lose none either:
 * Sx = Σ(x−cx), Sy, Sxx = Σ(x−cx)², Syy, Sxy. Centered co-moments follow as
 * Cxx = Sxx − Sx²/w, Cyy = Syy − Sy²/w, Cxy = Sxy − Sx·Sy/w.
 * @module
 */

import { assert } from '../core/assert.js';

const EPS = 2 ** -52;
const MAX_REL_ERR = 1e-10;

/** The co-moments of one window; `xConst`/`yConst` say that all x (y) in it are equal. */
export interface WindowMoments {
  readonly meanX: number;
  readonly meanY: number;
  readonly cxx: number;
  readonly cyy: number;
  readonly cxy: number;
  readonly xConst: boolean;
  readonly yConst: boolean;
}

/** A sliding window over (x, y) pairs with a ring buffer. */
export class BivariateWindow {
  private readonly bx: Float64Array;
  private readonly by: Float64Array;
  private count = 0;
  private head = 0;
  private sinceAnchor = 0;
  private cx = 0;
  private cy = 0;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private syy = 0;
  private sxy = 0;
  private runX = 0;
  private runY = 0;
  private lastX = Number.NaN;
  private lastY = Number.NaN;
  private errX = 0;
  private errY = 0;

  constructor(readonly window: number) {
    assert(Number.isInteger(window) && window >= 2, `BivariateWindow: window must be an integer ≥ 2 (got ${window})`);
    this.bx = new Float64Array(window);
    this.by = new Float64Array(window);
  }

  get ready(): boolean {
    return this.count >= this.window;
  }

  /** Adds one pair; returns the window's moments once it is full, else null. */
  push(x: number, y: number): WindowMoments | null {
    const w = this.window;
    this.runX = x === this.lastX ? this.runX + 1 : 1;
    this.runY = y === this.lastY ? this.runY + 1 : 1;
    this.lastX = x;
    this.lastY = y;
    const full = this.count >= w;
    const ox = full ? this.bx[this.head]! : 0;
    const oy = full ? this.by[this.head]! : 0;
    this.bx[this.head] = x;
    this.by[this.head] = y;
    this.head = (this.head + 1) % w;
    this.count++;
    if (this.count < w) return null;
    if (this.count === w || ++this.sinceAnchor >= w) {
      this.anchor();
    } else {
      const ax = x - this.cx;
      const ay = y - this.cy;
      const rx = ox - this.cx;
      const ry = oy - this.cy;
      this.sx += ax - rx;
      this.sy += ay - ry;
      this.sxx += ax * ax - rx * rx;
      this.syy += ay * ay - ry * ry;
      this.sxy += ax * ay - rx * ry;
      this.errX += EPS * (ax * ax + rx * rx + Math.abs(this.sxx));
      this.errY += EPS * (ay * ay + ry * ry + Math.abs(this.syy));
      if (
        (this.runX < w && this.errX > MAX_REL_ERR * (this.sxx - (this.sx * this.sx) / w)) ||
        (this.runY < w && this.errY > MAX_REL_ERR * (this.syy - (this.sy * this.sy) / w))
      ) {
        this.anchor();
      }
    }
    return {
      meanX: this.cx + this.sx / w,
      meanY: this.cy + this.sy / w,
      cxx: this.sxx - (this.sx * this.sx) / w,
      cyy: this.syy - (this.sy * this.sy) / w,
      cxy: this.sxy - (this.sx * this.sy) / w,
      xConst: this.runX >= w,
      yConst: this.runY >= w,
    };
  }

  reset(): void {
    this.count = 0;
    this.head = 0;
    this.sinceAnchor = 0;
    this.runX = 0;
    this.runY = 0;
    this.lastX = Number.NaN;
    this.lastY = Number.NaN;
  }

  private anchor(): void {
    const w = this.window;
    let tx = 0;
    let ty = 0;
    for (let j = 0; j < w; j++) {
      tx += this.bx[j]!;
      ty += this.by[j]!;
    }
    this.cx = tx / w;
    this.cy = ty / w;
    this.sx = this.sy = this.sxx = this.syy = this.sxy = 0;
    for (let j = 0; j < w; j++) {
      const ax = this.bx[j]! - this.cx;
      const ay = this.by[j]! - this.cy;
      this.sx += ax;
      this.sy += ay;
      this.sxx += ax * ax;
      this.syy += ay * ay;
      this.sxy += ax * ay;
    }
    this.sinceAnchor = 0;
    this.errX = 0;
    this.errY = 0;
  }
}

/** What the batch form computes from each window's co-moments. */
export type WindowKind = 'corr' | 'ols';

/**
 * Batch form, for every i ≥ w−1 over x, y[i−w+1..i]: `corr` writes the Pearson r to out1[i]
 * (NaN where either side is constant); `ols` writes beta to out1[i] and alpha to out2[i] (NaN
 * where x is constant). The same arithmetic as `BivariateWindow`, on the arrays directly, with
 * no ring buffer and no per-window object. Entries before w−1 are left as they are.
 */
export function windowedFit(x: ArrayLike<number>, y: ArrayLike<number>, window: number, kind: WindowKind, out1: Float64Array, out2: Float64Array | null): void {
  const n = x.length;
  const w = window;
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let runX = 0;
  let runY = 0;
  let errX = 0;
  let errY = 0;
  let anchored = -Infinity;
  for (let i = 0; i < n; i++) {
    runX = i > 0 && x[i] === x[i - 1] ? runX + 1 : 1;
    runY = i > 0 && y[i] === y[i - 1] ? runY + 1 : 1;
    if (i < w - 1) continue;
    const start = i - w + 1;
    let reanchor = start - anchored >= w;
    if (!reanchor) {
      const ax = x[i]! - cx;
      const ay = y[i]! - cy;
      const rx = x[start - 1]! - cx;
      const ry = y[start - 1]! - cy;
      sx += ax - rx;
      sy += ay - ry;
      sxx += ax * ax - rx * rx;
      syy += ay * ay - ry * ry;
      sxy += ax * ay - rx * ry;
      errX += EPS * (ax * ax + rx * rx + Math.abs(sxx));
      errY += EPS * (ay * ay + ry * ry + Math.abs(syy));
      reanchor = (runX < w && errX > MAX_REL_ERR * (sxx - (sx * sx) / w)) || (runY < w && errY > MAX_REL_ERR * (syy - (sy * sy) / w));
    }
    if (reanchor) {
      anchored = start;
      errX = 0;
      errY = 0;
      let tx = 0;
      let ty = 0;
      for (let j = start; j <= i; j++) {
        tx += x[j]!;
        ty += y[j]!;
      }
      cx = tx / w;
      cy = ty / w;
      sx = sy = sxx = syy = sxy = 0;
      for (let j = start; j <= i; j++) {
        const ax = x[j]! - cx;
        const ay = y[j]! - cy;
        sx += ax;
        sy += ay;
        sxx += ax * ax;
        syy += ay * ay;
        sxy += ax * ay;
      }
    }
    const cxx = sxx - (sx * sx) / w;
    const cxy = sxy - (sx * sy) / w;
    if (kind === 'corr') {
      const cyy = syy - (sy * sy) / w;
      out1[i] = runX >= w || runY >= w || !(cxx > 0) || !(cyy > 0) ? Number.NaN : cxy / Math.sqrt(cxx * cyy);
    } else if (runX >= w || !(cxx > 0)) {
      out1[i] = Number.NaN;
      out2![i] = Number.NaN;
    } else {
      const beta = cxy / cxx;
      out1[i] = beta;
      out2![i] = cy + sy / w - beta * (cx + sx / w);
    }
  }
}
