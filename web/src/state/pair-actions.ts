/**
 * Transitions of the Pair Analytics tab's slice (`state.pair`). Like the store's `actions`,
 * each takes the store, so tests run them on a fresh one. Data transitions name the channel
 * they belong to (`key`) and are dropped when the selection has moved on meanwhile.
 * @module
 */

import type { PairPointDto, PairTestsDto } from '../../../src/server/dto/pair-schemas';
import type { DashboardStore } from './dashboard-store';
import { mergePoints, MAX_PAIR_POINTS, newerTests } from './pair-points';
import { storedPairDefault, type Coverage } from './history-range';
import { sameSelection, type PairSelection } from './pair-selection';
import type { PairBands, PairTabState } from './pair-tab-state';

function patch(store: DashboardStore, f: (p: PairTabState) => Partial<PairTabState> | null): void {
  store.setState((s) => {
    const change = f(s.pair);
    return change === null ? {} : { pair: { ...s.pair, ...change } };
  });
}

export const pairActions = {
  /**
   * A selection the user (or the address) chose; a different pair drops the old one's data
   * (the feed loads the new one). Once chosen, a selection is never replaced by the stored
   * pair the tab would otherwise open on (`openOnStored`).
   */
  select(store: DashboardStore, next: PairSelection): void {
    patch(store, (p) => (sameSelection(p.selection, next) ? (p.chosen ? null : { chosen: true }) : { selection: next, hoverStart: null, chosen: true }));
  },

  /** The pair the tab opens on when nobody chose one: a stored pair when the default has no data (history-range.ts). */
  openOnStored(store: DashboardStore, coverage: Coverage, liveSymbols: readonly string[]): void {
    patch(store, (p) => {
      if (p.chosen) return null;
      const next = storedPairDefault(p.selection, coverage, liveSymbols);
      return next === null || sameSelection(next, p.selection) ? null : { selection: next, hoverStart: null };
    });
  },

  setBands(store: DashboardStore, bands: PairBands): void {
    patch(store, (p) => (p.bands.entry === bands.entry && p.bands.exit === bands.exit ? null : { bands }));
  },

  /** A load of `key` begins. The points on screen stay while the same pair reloads (a reconnect), so nothing flickers. */
  loading(store: DashboardStore, key: string): void {
    patch(store, (p) => (p.key === key ? { phase: p.phase === 'ready' ? 'ready' : 'loading', message: null } : { key, phase: 'loading', message: null, points: [], tests: null, generation: p.generation + 1 }));
  },

  insufficient(store: DashboardStore, key: string, message: string): void {
    patch(store, (p) => (p.key !== key ? null : { phase: 'insufficient', message, points: [], tests: null, generation: p.generation + 1 }));
  },

  failed(store: DashboardStore, key: string, message: string): void {
    patch(store, (p) => (p.key !== key ? null : { phase: 'error', message }));
  },

  loaded(store: DashboardStore, key: string, points: readonly PairPointDto[], tests: PairTestsDto | null): void {
    patch(store, (p) => (p.key !== key ? null : { phase: 'ready', message: null, points, tests, generation: p.generation + 1 }));
  },

  /** Live points of `key`, in arrival order; ignored unless its history is loaded. */
  applyPoints(store: DashboardStore, key: string, updates: readonly PairPointDto[]): void {
    patch(store, (p) => (p.key !== key || p.phase !== 'ready' || updates.length === 0 ? null : { points: mergePoints(p.points, updates, MAX_PAIR_POINTS) }));
  },

  applyTests(store: DashboardStore, key: string, tests: PairTestsDto): void {
    patch(store, (p) => {
      if (p.key !== key || p.phase !== 'ready') return null;
      const next = newerTests(p.tests, tests);
      return next === p.tests ? null : { tests: next };
    });
  },

  setHover(store: DashboardStore, hoverStart: number | null): void {
    patch(store, (p) => (p.hoverStart === hoverStart ? null : { hoverStart }));
  },
};
