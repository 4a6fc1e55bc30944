/**
 * `PairState`: the live analytics of one pair, advanced one aligned bar at a time in O(1) (the
 * robust methods refit on their throttle): hedge ratio, spread, rolling z-score of the spread,
 * rolling correlation of log returns and the reference OLS beta (the regressions on the spec's
 * price scale, `raw` or `log`; the point's y and x stay prices). `computePairSeries` in
 * `pair-series.ts` is its batch twin; tests hold the two to 1e-9.
 *
 * Warm-up: the z-score starts at the first bar whose spread is defined (the first full window;
 * for `kalman`, whose spread is the forecast error, bar `window`), so its first value comes
 * `window − 1` bars later; the correlation starts at the second bar (the first log return).
 * @module
 */

import { RollingCorr } from '../analytics/rolling-corr.js';
import { RollingOls } from '../analytics/rolling-ols.js';
import { RollingZScore, rollingZScore } from '../analytics/rolling-zscore.js';
import type { AlignedPoint } from '../bars/pair-alignment.js';
import { scalePrice, type HedgeSpec } from '../model/pair-spec.js';
import { createHedgeEstimator, type HedgeEstimator } from './hedge-estimator.js';
import type { PairPoint } from './pair-point.js';

export class PairState {
  private readonly hedge: HedgeEstimator;
  /** The reference OLS; for the `ols` method the estimator's own fit is used instead. */
  private readonly olsRef: RollingOls | null;
  private readonly zscore: RollingZScore;
  private readonly corr: RollingCorr;
  /** The last `window` spreads fed to the z-score, for the provisional z. */
  private readonly recent: Float64Array;
  private fed = 0;
  private prevY = Number.NaN;
  private prevX = Number.NaN;
  private lastCorr = Number.NaN;
  private lastOlsBeta = Number.NaN;
  private count = 0;

  constructor(private readonly spec: HedgeSpec) {
    this.hedge = createHedgeEstimator(spec);
    this.olsRef = spec.method === 'ols' ? null : new RollingOls(spec.window);
    this.zscore = new RollingZScore(spec.window);
    this.corr = new RollingCorr(spec.window);
    this.recent = new Float64Array(spec.window);
  }

  /** Aligned bars seen. */
  get bars(): number {
    return this.count;
  }

  /** Advances by one final aligned bar. */
  update(p: AlignedPoint): PairPoint {
    const fit = this.hedge.update(p.start, p.x, p.y);
    const olsBeta = this.olsRef === null ? fit.beta : (this.olsRef.update(scalePrice(this.spec.prices, p.x), scalePrice(this.spec.prices, p.y))?.beta ?? Number.NaN);
    this.lastOlsBeta = olsBeta;
    const spread = fit.spread;
    let z = Number.NaN;
    if (this.fed > 0 || !Number.isNaN(spread)) {
      z = this.zscore.update(spread)?.z ?? Number.NaN;
      this.recent[this.fed % this.spec.window] = spread;
      this.fed++;
    }
    if (this.count > 0) this.lastCorr = this.corr.update(Math.log(p.x) - Math.log(this.prevX), Math.log(p.y) - Math.log(this.prevY));
    this.prevX = p.x;
    this.prevY = p.y;
    this.count++;
    return { ...p, beta: fit.beta, alpha: fit.alpha, spread, z, corr: this.count > 1 ? this.lastCorr : Number.NaN, olsBeta };
  }

  /**
   * The point of a forming bar, without changing the state: the last fit's beta and alpha, the
   * spread from the forming closes (for `kalman` the forecast error against the last posterior), and z over the last `window − 1` spreads plus this one
   * (the same `rollingZScore`); corr and the reference beta are those of the last final bar.
   */
  provisional(p: AlignedPoint): PairPoint {
    const w = this.spec.window;
    const fit = this.hedge.current;
    const spread = this.hedge.provisionalSpread(p.x, p.y);
    let z = Number.NaN;
    if (this.fed >= w - 1 && !Number.isNaN(spread)) {
      const buf = new Float64Array(w);
      for (let k = 0; k < w - 1; k++) buf[k] = this.recent[(this.fed - (w - 1) + k) % w]!;
      buf[w - 1] = spread;
      z = rollingZScore(buf, w).z[w - 1]!;
    }
    return { ...p, beta: fit.beta, alpha: fit.alpha, spread, z, corr: this.lastCorr, olsBeta: this.lastOlsBeta };
  }
}
