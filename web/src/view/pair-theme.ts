/**
 * Colours and panes of the Pair Analytics chart. Each line has a colour no other element of
 * the chart uses, so the legend's swatches match and the browser test can tell, by pixel
 * colour, that every pane drew.
 * @module
 */

import type { PairLine } from './pair-chart-data';

export const PAIR_COLORS = {
  y: '#4c8dff',
  x: '#f0b90b',
  spread: '#b67cff',
  z: '#22c7d6',
  corr: '#ff8a3d',
  beta: '#e85dd0',
  olsBeta: '#c8e06a',
  entryBand: 'rgba(246, 70, 93, 0.75)',
  exitBand: 'rgba(139, 149, 163, 0.8)',
} as const;

/** The pane of each line: prices, spread, z-score, correlation, betas. */
export const PAIR_PANES: Readonly<Record<PairLine, number>> = { y: 0, x: 0, spread: 1, z: 2, corr: 3, beta: 4, olsBeta: 4 };
