/**
 * `computePairSeries`: the pair analytics over a whole stored series of aligned bars, with the
 * analytics core's batch functions (the ones `tandem compute` runs): `rollingOls`,
 * `kalmanHedge`, `huber`/`theilSen` on the refit throttle, `rollingZScore` of the spread and
 * `rollingCorr` of log returns. The batch twin of `PairState`, with the same warm-up rules.
 * @module
 */

import { rollingCorr } from '../analytics/rolling-corr.js';
import { rollingOls } from '../analytics/rolling-ols.js';
import { rollingZScore } from '../analytics/rolling-zscore.js';
import type { AlignedColumns, AlignedPoint } from '../bars/pair-alignment.js';
import { scalePrices, type HedgeSpec } from '../model/pair-spec.js';
import { hedgeSeries } from './hedge-estimator.js';
import { emptyColumns, setAlignedRow, type PairColumns } from './pair-point.js';

/** The series of aligned points, given as columns (`alignCloseColumns`) or as points. */
export function computePairSeries(spec: HedgeSpec, points: AlignedColumns | readonly AlignedPoint[]): PairColumns {
  const n = isAlignedColumns(points) ? points.start.length : points.length;
  const w = spec.window;
  const c = emptyColumns(n);
  if (isAlignedColumns(points)) {
    c.start.set(points.start);
    c.y.set(points.y);
    c.x.set(points.x);
    c.yFilled.set(points.yFilled);
    c.xFilled.set(points.xFilled);
  } else {
    points.forEach((p, i) => setAlignedRow(c, i, p));
  }
  const fit = hedgeSeries(spec, c.start, c.x, c.y);
  c.beta.set(fit.beta);
  c.alpha.set(fit.alpha);
  c.olsBeta.set(spec.method === 'ols' ? fit.beta : rollingOls(scalePrices(spec.prices, c.x), scalePrices(spec.prices, c.y), w).beta);
  c.spread.set(fit.spread);
  let first = 0;
  while (first < n && Number.isNaN(c.spread[first]!)) first++;
  if (first < n) c.z.set(rollingZScore(c.spread.subarray(first), w).z, first);
  if (n > 1) {
    const rx = new Float64Array(n - 1);
    const ry = new Float64Array(n - 1);
    for (let i = 1; i < n; i++) {
      rx[i - 1] = Math.log(c.x[i]!) - Math.log(c.x[i - 1]!);
      ry[i - 1] = Math.log(c.y[i]!) - Math.log(c.y[i - 1]!);
    }
    c.corr.set(rollingCorr(rx, ry, w), 1);
  }
  return c;
}

const isAlignedColumns = (p: AlignedColumns | readonly AlignedPoint[]): p is AlignedColumns => !Array.isArray(p);
