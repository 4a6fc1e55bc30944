/**
 * The Screener tab's slice of the dashboard store: the controls as typed, the table's order,
 * the last ranking fetched over REST (`GET /api/screener`) and the last one the live screener
 * pushed on the `screener` channel. Which of the two the table shows is decided by
 * `shownRanking` (view/screener-model.ts); the fetching is `ScreenerFeed`'s.
 * @module
 */

import type { ScreenerPricesDto, ScreenerRanking } from '../../../src/server/dto/screener-schemas';
import type { DashboardStore } from './dashboard-store';

/** The controls as typed (strings, so a half-typed number stays as typed); empty is the server's default. */
export interface ScreenerControls {
  readonly tf: string;
  readonly lookback: string;
  readonly limit: string;
  readonly minCorr: string;
  readonly prices: ScreenerPricesDto;
  readonly minQuoteVolume: string;
}

export type ScreenerField = Exclude<keyof ScreenerControls, 'prices'>;

/** The server's defaults, written out so the fields show them (docs/api.md, "Screener"). */
export const DEFAULT_SCREENER_CONTROLS: ScreenerControls = { tf: '1m', lookback: '1440', limit: '50', minCorr: '', prices: 'log', minQuoteVolume: '' };

export type ScreenerSortKey = 'pair' | 'pvalue' | 'halfLife' | 'beta' | 'corr' | 'hurst' | 'z' | 'betaStability' | 'score';

export interface ScreenerSort {
  readonly key: ScreenerSortKey;
  readonly dir: 'asc' | 'desc';
}

/** The server's own order: most cointegrated first. */
export const DEFAULT_SCREENER_SORT: ScreenerSort = { key: 'pvalue', dir: 'asc' };

/**
 * The REST ranking. `key` is the query last asked for (`screenerQueryKey`) and `valueKey` the
 * one `value` answers: while a new query loads, the last ranking stays on screen, marked stale.
 */
export interface FetchedRanking {
  readonly phase: 'idle' | 'loading' | 'ready' | 'error';
  readonly key: string | null;
  readonly value: ScreenerRanking | null;
  readonly valueKey: string | null;
  readonly error: string | null;
  /** Browser time the value arrived (epoch ms). */
  readonly receivedAt: number | null;
}

export interface LiveRanking {
  readonly value: ScreenerRanking;
  /** Browser time it arrived (epoch ms). */
  readonly receivedAt: number;
}

export interface ScreenerState {
  readonly controls: ScreenerControls;
  readonly sort: ScreenerSort;
  readonly fetched: FetchedRanking;
  /** The live screener's latest ranking, or null until the channel sent one. */
  readonly live: LiveRanking | null;
}

export const initialScreenerState: ScreenerState = {
  controls: DEFAULT_SCREENER_CONTROLS,
  sort: DEFAULT_SCREENER_SORT,
  fetched: { phase: 'idle', key: null, value: null, valueKey: null, error: null, receivedAt: null },
  live: null,
};

/**
 * The direction a column sorts in on its first click: the better end first (low p-value,
 * half-life, Hurst and beta instability; high score and correlation; the most stretched
 * spread, since `z` sorts by |z|). A second click reverses it.
 */
export const FIRST_SORT_DIR: Readonly<Record<ScreenerSortKey, 'asc' | 'desc'>> = {
  pair: 'asc',
  pvalue: 'asc',
  halfLife: 'asc',
  beta: 'asc',
  corr: 'desc',
  hurst: 'asc',
  z: 'desc',
  betaStability: 'asc',
  score: 'desc',
};

function patch(store: DashboardStore, f: (s: ScreenerState) => Partial<ScreenerState> | null): void {
  store.setState((s) => {
    const change = f(s.screener);
    return change === null ? {} : { screener: { ...s.screener, ...change } };
  });
}

/** Transitions of the Screener slice. Each takes the store, so tests can run them on a fresh one. */
export const screenerActions = {
  setControls(store: DashboardStore, change: Partial<ScreenerControls>): void {
    patch(store, (s) => ({ controls: { ...s.controls, ...change } }));
  },

  /** A click on a column header: the same column again reverses the order, another starts at its better end. */
  sortBy(store: DashboardStore, key: ScreenerSortKey): void {
    patch(store, (s) => ({ sort: s.sort.key === key ? { key, dir: s.sort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: FIRST_SORT_DIR[key] } }));
  },

  /** A fetch of `key` begins; the last ranking stays meanwhile, so the table does not flicker. */
  fetching(store: DashboardStore, key: string): void {
    patch(store, (s) => ({ fetched: { ...s.fetched, phase: 'loading', key, error: null } }));
  },

  fetched(store: DashboardStore, key: string, value: ScreenerRanking, receivedAt: number): void {
    patch(store, (s) => (s.fetched.key !== key ? null : { fetched: { phase: 'ready', key, value, valueKey: key, error: null, receivedAt } }));
  },

  /** A failed fetch keeps the last ranking on screen beside the error. */
  failed(store: DashboardStore, key: string, error: string): void {
    patch(store, (s) => (s.fetched.key !== key ? null : { fetched: { ...s.fetched, phase: 'error', error } }));
  },

  live(store: DashboardStore, value: ScreenerRanking, receivedAt: number): void {
    patch(store, () => ({ live: { value, receivedAt } }));
  },
};
