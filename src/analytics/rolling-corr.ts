/**
 * Rolling Pearson correlation: the `rolling_corr` op of COMPUTE.md, batch and incremental.
 * @module
 */

import { BivariateWindow, windowedFit, type WindowMoments } from './bivariate-window.js';
import { requireSameLength, type Series } from './preconditions.js';

/** r = Cxy/√(Cxx·Cyy); NaN when either window is constant (pandas gives ±inf/NaN there). */
function corrOf(m: WindowMoments): number {
  if (m.xConst || m.yConst || !(m.cxx > 0) || !(m.cyy > 0)) return Number.NaN;
  return m.cxy / Math.sqrt(m.cxx * m.cyy);
}

/**
 * Pearson correlation of x[i−w+1..i] and y[i−w+1..i] for i ≥ w−1 (NaN before), as pandas
 * `x.rolling(w).corr(y)` but computed from centered co-moments (see `bivariate-window.ts`).
 * @example rollingCorr([1, 2, 3, 4], [2, 4, 6, 7], 3) // [NaN, NaN, 1, 0.9819805060619657]
 */
export function rollingCorr(x: Series, y: Series, window: number): Float64Array {
  requireSameLength('rollingCorr', x, y);
  const out = new Float64Array(x.length).fill(Number.NaN);
  windowedFit(x, y, window, 'corr', out, null);
  return out;
}

/** Incremental twin of `rollingCorr`. */
export class RollingCorr {
  private readonly win: BivariateWindow;
  private current = Number.NaN;

  constructor(readonly window: number) {
    this.win = new BivariateWindow(window);
  }

  get ready(): boolean {
    return this.win.ready;
  }

  /** The correlation of the current window: NaN before it is full or when a side is constant. */
  get value(): number {
    return this.current;
  }

  update(x: number, y: number): number {
    const m = this.win.push(x, y);
    this.current = m === null ? Number.NaN : corrOf(m);
    return this.current;
  }

  reset(): void {
    this.win.reset();
    this.current = Number.NaN;
  }
}
