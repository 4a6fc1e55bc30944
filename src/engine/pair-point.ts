/**
 * `PairPoint`: the analytics of one aligned bar of a pair, as the live engine and the batch
 * path both produce them. Values not yet defined (warm-up, a degenerate window) are NaN here
 * and null in the API.
 * @module
 */

export interface PairPoint {
  /** Bucket start, epoch ms. */
  readonly start: number;
  /** Closes of y and x; a filled side carries its last close. */
  readonly y: number;
  readonly x: number;
  readonly yFilled: boolean;
  readonly xFilled: boolean;
  /** Hedge ratio and intercept of the pair's method for this bar. */
  readonly beta: number;
  readonly alpha: number;
  /** s = y − beta·x − alpha. */
  readonly spread: number;
  /** Rolling z-score of the spread over `window` bars (sample std). */
  readonly z: number;
  /** Rolling correlation of the log returns of y and x over `window` bars. */
  readonly corr: number;
  /** Rolling OLS beta over `window` bars, shown for reference beside a Kalman or robust beta. */
  readonly olsBeta: number;
}

/** A stored or retained series of points, column by column. */
export interface PairColumns {
  readonly start: Float64Array;
  readonly y: Float64Array;
  readonly x: Float64Array;
  readonly yFilled: Uint8Array;
  readonly xFilled: Uint8Array;
  readonly beta: Float64Array;
  readonly alpha: Float64Array;
  readonly spread: Float64Array;
  readonly z: Float64Array;
  readonly corr: Float64Array;
  readonly olsBeta: Float64Array;
}

export function emptyColumns(n: number): PairColumns {
  const f = (): Float64Array => new Float64Array(n).fill(Number.NaN);
  return { start: new Float64Array(n), y: f(), x: f(), yFilled: new Uint8Array(n), xFilled: new Uint8Array(n), beta: f(), alpha: f(), spread: f(), z: f(), corr: f(), olsBeta: f() };
}

/** Writes the aligned part of a point (start, closes, fill flags) into row `i` of `c`. */
export function setAlignedRow(c: PairColumns, i: number, p: Pick<PairPoint, 'start' | 'y' | 'x' | 'yFilled' | 'xFilled'>): void {
  c.start[i] = p.start;
  c.y[i] = p.y;
  c.x[i] = p.x;
  c.yFilled[i] = p.yFilled ? 1 : 0;
  c.xFilled[i] = p.xFilled ? 1 : 0;
}

/** Columns from points (for the retained live series). */
export function columnsOf(points: readonly PairPoint[]): PairColumns {
  const c = emptyColumns(points.length);
  points.forEach((p, i) => {
    setAlignedRow(c, i, p);
    c.beta[i] = p.beta;
    c.alpha[i] = p.alpha;
    c.spread[i] = p.spread;
    c.z[i] = p.z;
    c.corr[i] = p.corr;
    c.olsBeta[i] = p.olsBeta;
  });
  return c;
}
