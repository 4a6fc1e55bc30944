/**
 * View models of the correlation panel: the heatmap's cells, the lagged correlation's bars and
 * what they say about lead and lag, the pair the lagged chart shows, and the Pair Analytics
 * address a cell opens.
 * @module
 */

import type { CorrelationResponse, LaggedCorrelationResponse } from '../../../src/server/dto/overview-schemas';
import type { PairChoice } from '../state/overview-state';

/**
 * The pair of the lagged chart: the chosen one while both its symbols are watched, else the
 * second symbol on the first (ETHUSDT on BTCUSDT in the simulator's basket); null with fewer
 * than two symbols.
 */
export function resolvePair(chosen: PairChoice | null, symbols: readonly string[]): PairChoice | null {
  if (chosen !== null && chosen.y !== chosen.x && symbols.includes(chosen.y) && symbols.includes(chosen.x)) return chosen;
  const [x, y] = symbols;
  return x === undefined || y === undefined ? null : { y, x };
}

/**
 * Lags either side for a window of `window` bars: 10, or fewer when the window is short, so
 * that every lag keeps at least about half the window's returns to correlate.
 */
export function laggedMaxLag(window: number): number {
  return Math.max(1, Math.min(10, Math.floor((window - 1) / 4)));
}

/**
 * Whether the server can answer a lagged correlation: it needs `maxLag + 3` returns where
 * both legs traded (`laggedCorrelationView`), and the matrix's `nobs` (rows where every
 * watched symbol has a return) is a lower bound of that for any two of them.
 */
export function laggedReady(matrixNobs: number, maxLag: number): boolean {
  return matrixNobs >= maxLag + 3;
}

/** `#/pair?y=ETHUSDT&x=BTCUSDT&tf=1m`: Pair Analytics on `y` regressed on `x`. */
export function pairHash(y: string, x: string, tf: string): string {
  return `#/pair?${new URLSearchParams({ y, x, tf }).toString()}`;
}

export interface HeatmapModel {
  /** Row and column labels, in the server's order. */
  readonly symbols: readonly string[];
  /**
   * `[column, row, value]` as ECharts' heatmap wants it, rows counted from the top; `value`
   * null where the correlation is undefined (a constant series), drawn as an empty cell.
   */
  readonly cells: readonly (readonly [number, number, number | null])[];
  /** `"n = 59 log returns"`, or a reason there is nothing to show. */
  readonly caption: string;
  readonly empty: boolean;
}

/**
 * The heatmap of a correlation answer. ECharts counts category rows from the bottom, so the
 * rows are flipped here to read like the matrix (first symbol at the top left).
 */
export function heatmapModel(corr: CorrelationResponse | null): HeatmapModel {
  if (corr === null) return { symbols: [], cells: [], caption: 'waiting for bars…', empty: true };
  const n = corr.symbols.length;
  const cells: [number, number, number | null][] = [];
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) cells.push([col, n - 1 - row, corr.matrix[row]?.[col] ?? null]);
  }
  const empty = corr.nobs < 2;
  return { symbols: corr.symbols, cells, caption: empty ? `too few aligned bars yet (n = ${corr.nobs})` : `n = ${corr.nobs} log returns`, empty };
}

/** The symbols of a heatmap cell `[column, row-from-bottom]`: `y` is the row, `x` the column. */
export function cellPair(model: HeatmapModel, col: number, rowFromBottom: number): PairChoice | null {
  const x = model.symbols[col];
  const y = model.symbols[model.symbols.length - 1 - rowFromBottom];
  if (x === undefined || y === undefined || x === y) return null;
  return { y, x };
}

export interface LaggedModel {
  readonly lags: readonly number[];
  /** Correlation per lag, null where undefined. */
  readonly corr: readonly (number | null)[];
  /** The lag of the largest |correlation|, or null when none is defined. */
  readonly peakLag: number | null;
  readonly peakCorr: number | null;
  /** `"BTCUSDT leads ETHUSDT by 2 bars (ρ 0.41)"`, `"in step at lag 0 (ρ 0.83)"`. */
  readonly verdict: string;
}

/**
 * The lagged chart of `y` against `x`. The server's `corr[k]` correlates x's return at t with
 * y's at t + k, so a peak at k > 0 means x moves first: x leads y by k bars.
 */
export function laggedModel(lagged: LaggedCorrelationResponse | null, pair: PairChoice | null): LaggedModel | null {
  if (lagged === null || pair === null) return null;
  let peakLag: number | null = null;
  let peakCorr: number | null = null;
  lagged.lags.forEach((lag, i) => {
    const c = lagged.corr[i];
    if (c === null || c === undefined || !Number.isFinite(c)) return;
    if (peakCorr === null || Math.abs(c) > Math.abs(peakCorr)) {
      peakCorr = c;
      peakLag = lag;
    }
  });
  let verdict = 'no defined correlation at any lag';
  if (peakLag !== null && peakCorr !== null) {
    const rho = `(ρ ${(peakCorr as number).toFixed(2)}, n = ${lagged.nobs})`;
    const k = Math.abs(peakLag);
    const bars = k === 1 ? 'bar' : 'bars';
    if (peakLag === 0) verdict = `in step: strongest at lag 0 ${rho}`;
    else if (peakLag > 0) verdict = `${pair.x} leads ${pair.y} by ${k} ${bars} ${rho}`;
    else verdict = `${pair.y} leads ${pair.x} by ${k} ${bars} ${rho}`;
  }
  return { lags: lagged.lags, corr: lagged.corr, peakLag, peakCorr, verdict };
}

/**
 * The diverging colour scale of correlations at −1, −0.5, 0, 0.5, 1: blue through the panel's
 * grey to amber, brighter with |ρ|, so a zero correlation recedes into the dark theme and a
 * strong one of either sign stands out.
 */
export const CORRELATION_COLOURS = ['#4c8dff', '#2f5597', '#232b36', '#8a6a2a', '#f0b90b'] as const;
