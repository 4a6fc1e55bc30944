/**
 * Pure evaluation of `screener_entry` rules: which pairs of a new screener ranking entered the
 * rule's top N with a p-value below its level. A pair is "in" when it ranks within the first
 * `topN` items with `pvalue < maxPvalue`; it fires when it is in now and was not in the previous
 * ranking of the rule's timeframe, so it fires once on entering, not again while it stays in,
 * and again only after it has left and come back (and its cooldown has passed). A pair is
 * identified by its two symbols in either order, so a flip of which leg is y is no entry.
 * The first ranking a rule sees only initialises it (as every monitor, evaluate.ts): a rule
 * added, or a server restarted, while pairs are already in does not fire for them.
 * @module
 */

import type { ScreenerEntryParams } from '../model/alert-rule.js';
import type { ScreenerItem, ScreenerRanking } from '../model/screener-ranking.js';

export interface ScreenerEntryState {
  /** Pairs in after the last ranking; null before the first. */
  readonly inside: ReadonlySet<string> | null;
  /** When each pair last fired, epoch ms. */
  readonly firedAt: ReadonlyMap<string, number>;
}

export const INITIAL_SCREENER_ENTRY_STATE: ScreenerEntryState = { inside: null, firedAt: new Map() };

export interface ScreenerEntry {
  readonly item: ScreenerItem;
  /** 0-based rank in the ranking. */
  readonly rank: number;
}

export function pairIdOf(item: Pick<ScreenerItem, 'y' | 'x'>): string {
  return item.y < item.x ? `${item.y}/${item.x}` : `${item.x}/${item.y}`;
}

/**
 * Steps a rule's state with a ranking at time `now` (epoch ms); returns the new state and the
 * pairs that fire. Rankings of another timeframe change nothing.
 */
export function stepScreenerEntry(params: ScreenerEntryParams, state: ScreenerEntryState, ranking: ScreenerRanking, now: number, cooldownMs: number): { state: ScreenerEntryState; fired: ScreenerEntry[] } {
  if (ranking.tf !== params.tf) return { state, fired: [] };
  const inside = new Set<string>();
  const fired: ScreenerEntry[] = [];
  const firedAt = new Map(state.firedAt);
  ranking.items.slice(0, params.topN).forEach((item, rank) => {
    if (!(item.pvalue < params.maxPvalue)) return;
    const id = pairIdOf(item);
    inside.add(id);
    if (state.inside === null || state.inside.has(id)) return;
    const last = firedAt.get(id);
    if (last !== undefined && now - last < cooldownMs) return;
    firedAt.set(id, now);
    fired.push({ item, rank });
  });
  return { state: { inside, firedAt }, fired };
}
