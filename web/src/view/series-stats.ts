/**
 * Figures over a loaded bar window: first open to last close, summed volume, span.
 * @module
 */

import type { BarDto } from '../../../src/server/dto/api-schemas';

export interface WindowStats {
  readonly first: BarDto;
  readonly last: BarDto;
  /** Last close minus first open. */
  readonly change: number;
  /** `change / first.open`. */
  readonly changeFraction: number;
  readonly volume: number;
  /** From the first bar's start to the last bar's end, ms. */
  readonly spanMs: number;
}

/** Stats of `bars` (ascending), or null when there are none. */
export function windowStats(bars: readonly BarDto[], tfMs: number): WindowStats | null {
  const first = bars[0];
  const last = bars[bars.length - 1];
  if (first === undefined || last === undefined) return null;
  let volume = 0;
  for (const b of bars) volume += b.volume;
  const change = last.close - first.open;
  return { first, last, change, changeFraction: first.open === 0 ? 0 : change / first.open, volume, spanMs: last.start + tfMs - first.start };
}

export type Direction = 'up' | 'down' | 'flat';

export const direction = (delta: number): Direction => (delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat');
