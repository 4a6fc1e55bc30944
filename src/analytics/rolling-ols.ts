/**
 * Rolling OLS hedge ratio: the `rolling_ols` op (docs/compute.md), batch and incremental.
 * @module
 */

import { BivariateWindow, windowedFit, type WindowMoments } from './bivariate-window.js';
import { requireSameLength, type Series } from './preconditions.js';

export interface RollingOlsColumns {
  readonly beta: Float64Array;
  readonly alpha: Float64Array;
}

export interface RollingOlsPoint {
  readonly beta: number;
  readonly alpha: number;
}

/** beta = Cxy/Cxx, alpha = ȳ − beta·x̄; NaN when the window's x are all equal. */
function fitOf(m: WindowMoments): RollingOlsPoint {
  if (m.xConst || !(m.cxx > 0)) return { beta: Number.NaN, alpha: Number.NaN };
  const beta = m.cxy / m.cxx;
  return { beta, alpha: m.meanY - beta * m.meanX };
}

/**
 * OLS of y on [1, x] over each window of `window` rows ending at i, as statsmodels
 * `RollingOLS(y, add_constant(x), window).fit()`: beta[i] is the slope and alpha[i] the
 * intercept; NaN for i < window−1 and where the window's x are all equal.
 */
export function rollingOls(x: Series, y: Series, window: number): RollingOlsColumns {
  requireSameLength('rollingOls', x, y);
  const beta = new Float64Array(x.length).fill(Number.NaN);
  const alpha = new Float64Array(x.length).fill(Number.NaN);
  windowedFit(x, y, window, 'ols', beta, alpha);
  return { beta, alpha };
}

/** Incremental twin of `rollingOls`. */
export class RollingOls {
  private readonly win: BivariateWindow;
  private current: RollingOlsPoint | null = null;

  constructor(readonly window: number) {
    this.win = new BivariateWindow(window);
  }

  get ready(): boolean {
    return this.win.ready;
  }

  /** The fit of the current window, or null before it is full. */
  get value(): RollingOlsPoint | null {
    return this.current;
  }

  update(x: number, y: number): RollingOlsPoint | null {
    const m = this.win.push(x, y);
    this.current = m === null ? null : fitOf(m);
    return this.current;
  }

  reset(): void {
    this.win.reset();
    this.current = null;
  }
}
