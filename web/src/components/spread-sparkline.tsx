/**
 * A screener row's spread as a tiny inline SVG: the line and a dotted line at its mean, in a
 * 100 × 20 box stretched to the cell. Plain SVG attributes, no inline style (the page's CSP
 * allows none), and no chart library per row.
 * @module
 */

import { memo } from 'react';
import { SPARK_H, SPARK_W } from '../view/screener-model';

export interface SpreadSparklineProps {
  /** Polyline points in the 100 × 20 box (view/screener-model.ts `sparkline`), or '' when too few. */
  readonly points: string;
  readonly mean: number | null;
  readonly label: string;
}

export const SpreadSparkline = memo(function SpreadSparkline({ points, mean, label }: SpreadSparklineProps) {
  return (
    <svg className="scr-spark" viewBox={`0 0 ${SPARK_W} ${SPARK_H}`} preserveAspectRatio="none" role="img" aria-label={label} data-testid="scr-spark">
      {mean !== null && <line className="scr-spark-mean" x1={0} x2={SPARK_W} y1={mean} y2={mean} />}
      {points !== '' && <polyline className="scr-spark-line" points={points} />}
    </svg>
  );
});
