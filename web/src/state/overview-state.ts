/**
 * The Overview's slice of the dashboard store: the chosen window, the server's per-symbol
 * figures, the correlation matrix and the lagged correlation of the selected pair. The slice
 * lives in the one store (`DashboardState.overview`); this file holds its shape and its
 * transitions, and `overview-feed.ts` does the fetching.
 * @module
 */

import type { CorrelationResponse, LaggedCorrelationResponse, SymbolOverviewDto } from '../../../src/server/dto/overview-schemas';
import type { DashboardStore } from './dashboard-store';

/** The window picker's choices, in bars of the selected timeframe. */
export const OVERVIEW_WINDOWS = [15, 60, 240] as const;
export type OverviewWindow = (typeof OVERVIEW_WINDOWS)[number];

/** A pair as Pair Analytics names it: `y` regressed on `x`. */
export interface PairChoice {
  readonly y: string;
  readonly x: string;
}

/** One fetched resource: the last good value, kept while a refresh fails, and the last error. */
export interface Fetched<T> {
  readonly value: T | null;
  readonly error: string | null;
  /** The request the value answers (`tf|window|...`), so a stale answer is told from a current one. */
  readonly key: string | null;
}

export const EMPTY_FETCHED: Fetched<never> = { value: null, error: null, key: null };

export interface OverviewState {
  readonly window: OverviewWindow;
  /** Per-symbol figures of the last `/api/overview`, by symbol. */
  readonly figures: Fetched<Readonly<Record<string, SymbolOverviewDto>>>;
  readonly correlation: Fetched<CorrelationResponse>;
  /** The pair of the lagged chart; null picks the first two symbols. */
  readonly pair: PairChoice | null;
  readonly lagged: Fetched<LaggedCorrelationResponse>;
}

export const initialOverviewState: OverviewState = {
  window: 60,
  figures: EMPTY_FETCHED,
  correlation: EMPTY_FETCHED,
  pair: null,
  lagged: EMPTY_FETCHED,
};

type Resource = 'figures' | 'correlation' | 'lagged';
type ValueOf<R extends Resource> = NonNullable<OverviewState[R]['value']>;

function patch(store: DashboardStore, p: Partial<OverviewState>): void {
  store.setState((s) => ({ overview: { ...s.overview, ...p } }));
}

/** Transitions of the Overview slice. Each takes the store, so tests can run them on a fresh one. */
export const overviewActions = {
  setWindow(store: DashboardStore, window: OverviewWindow): void {
    if (store.getState().overview.window !== window) patch(store, { window });
  },

  selectPair(store: DashboardStore, pair: PairChoice): void {
    const prev = store.getState().overview.pair;
    if (prev?.y === pair.y && prev.x === pair.x) return;
    // The old pair's bars would be mislabelled under the new one: clear them.
    patch(store, { pair, lagged: EMPTY_FETCHED });
  },

  loaded<R extends Resource>(store: DashboardStore, resource: R, key: string, value: ValueOf<R>): void {
    patch(store, { [resource]: { value, error: null, key } });
  },

  /** A failed refresh keeps the last value on screen (when it answers the same request) beside the error. */
  failed(store: DashboardStore, resource: Resource, key: string, error: string): void {
    const prev = store.getState().overview[resource];
    patch(store, { [resource]: { value: prev.key === key ? prev.value : null, error, key } });
  },
};
