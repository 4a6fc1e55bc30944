/**
 * The view model of the Pair Analytics legend: exact values of the bar under the crosshair,
 * else of the latest bar, for every pane (the two prices, spread, z-score, correlation and the
 * two betas), with which legs were forward-filled in that bucket.
 * @module
 */

import type { PairPointDto } from '../../../src/server/dto/pair-schemas';
import { findPoint } from '../state/pair-points';
import type { PairSelection } from '../state/pair-selection';
import { DASH, formatBarTime, formatPrice } from './format';
import { formatSig } from './pair-format';

export interface PairLegendItem {
  /** Stable id (`y`, `x`, `spread`, `z`, `corr`, `beta`, `olsBeta`), for tests and colours. */
  readonly id: string;
  readonly label: string;
  readonly value: string;
  /** A note beside the value: `filled` for a forward-filled leg. */
  readonly note: string;
}

export interface PairLegendModel {
  readonly hovered: boolean;
  readonly time: string;
  readonly items: readonly PairLegendItem[];
}

/** The label of the method's beta: `β kalman`. */
export const betaLabel = (method: string): string => `β ${method}`;

export function pairLegendModel(sel: PairSelection, tfMs: number, points: readonly PairPointDto[], hoverStart: number | null): PairLegendModel {
  const hovered = hoverStart === null ? null : findPoint(points, hoverStart);
  const p = hovered ?? points[points.length - 1] ?? null;
  const item = (id: string, label: string, value: string, note = ''): PairLegendItem => ({ id, label, value, note });
  const items: PairLegendItem[] = [
    item('y', sel.y, p === null ? DASH : formatPrice(p.y), p?.yFilled === true ? 'filled' : ''),
    item('x', sel.x, p === null ? DASH : formatPrice(p.x), p?.xFilled === true ? 'filled' : ''),
    item('spread', 'spread', formatSig(p?.spread)),
    item('z', 'z', formatSig(p?.z, 3)),
    item('corr', 'corr', formatSig(p?.corr, 3)),
    item('beta', betaLabel(sel.method), formatSig(p?.beta)),
    item('olsBeta', betaLabel('ols'), formatSig(p?.olsBeta)),
  ];
  return {
    hovered: hovered !== null,
    time: p === null ? DASH : `${formatBarTime(p.start, tfMs, true)} UTC`,
    items,
  };
}
