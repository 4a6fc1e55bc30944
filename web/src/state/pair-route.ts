/**
 * Keeps the address bar and the Pair Analytics tab in step: opening `#/pair?...` (a shared
 * link, the Overview's heatmap, a reload) selects the tab and the pair; choosing the tab or
 * another pair writes the hash back, so the address is always the view's link. Entering the
 * tab adds a history entry (Back leaves it); changing the pair replaces it, so the history
 * does not fill with every picker change.
 * @module
 */

import { actions, type DashboardState, type DashboardStore } from './dashboard-store';
import { pairActions } from './pair-actions';
import { isPairHash, PAIR_TIMEFRAMES, pairHash, parsePairHash, type PairSelection } from './pair-selection';

/** What a link leaves out: the current pair's settings, at the dashboard's timeframe when the tab offers it. */
export function linkFallback(state: Pick<DashboardState, 'tf' | 'pair'>): PairSelection {
  const sel = state.pair.selection;
  return PAIR_TIMEFRAMES.includes(state.tf) ? { ...sel, tf: state.tf } : sel;
}

type RouteWindow = Pick<Window, 'addEventListener' | 'removeEventListener'> & {
  readonly location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  readonly history: Pick<History, 'pushState' | 'replaceState'>;
};

/** Starts following the hash; call before the first render so a link opens on its tab. Returns the stop. */
export function startPairRoute(store: DashboardStore, win: RouteWindow = window): () => void {
  const fromHash = () => {
    const hash = win.location.hash;
    const sel = parsePairHash(hash, linkFallback(store.getState()));
    if (sel !== null) {
      pairActions.select(store, sel);
      actions.setTab(store, 'pair');
    } else if (store.getState().tab === 'pair' && (hash === '' || hash === '#' || hash === '#/')) {
      // Back from the tab to the address without a route.
      actions.setTab(store, 'overview');
    }
  };
  fromHash();
  win.addEventListener('hashchange', fromHash);
  const unsubscribe = store.subscribe((s, prev) => {
    const here = win.location.hash;
    if (s.tab === 'pair') {
      const hash = pairHash(s.pair.selection);
      if (here === hash) return;
      if (prev.tab !== 'pair' && !isPairHash(here)) win.history.pushState(null, '', hash);
      else win.history.replaceState(null, '', hash);
    } else if (prev.tab === 'pair' && isPairHash(here)) {
      win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}`);
    }
  });
  return () => {
    win.removeEventListener('hashchange', fromHash);
    unsubscribe();
  };
}
