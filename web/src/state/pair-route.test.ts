import { describe, expect, it } from 'vitest';
import { actions, createDashboardStore, initialDashboardState } from './dashboard-store';
import { pairActions } from './pair-actions';
import { linkFallback, startPairRoute } from './pair-route';

/** A window with a hash, its history calls, and `hashchange` fired by hand. */
class FakeWindow {
  readonly location = { hash: '', pathname: '/', search: '' };
  readonly calls: string[] = [];
  private listener: (() => void) | null = null;
  readonly history = {
    pushState: (_: unknown, __: string, url: string) => this.go('push', url),
    replaceState: (_: unknown, __: string, url: string) => this.go('replace', url),
  };
  private go(kind: string, url: string) {
    this.calls.push(`${kind} ${url}`);
    const i = url.indexOf('#');
    this.location.hash = i < 0 ? '' : url.slice(i);
  }
  addEventListener(_: string, f: () => void) {
    this.listener = f;
  }
  removeEventListener() {
    this.listener = null;
  }
  navigate(hash: string) {
    this.location.hash = hash;
    this.listener?.();
  }
}

describe('pair route', () => {
  it('opens the tab and the pair from the address at start', () => {
    const store = createDashboardStore(initialDashboardState);
    const win = new FakeWindow();
    win.location.hash = '#/pair?y=ETHUSDT&x=BTCUSDT&tf=1m&method=kalman&window=60';
    startPairRoute(store, win as unknown as Window);
    expect(store.getState().tab).toBe('pair');
    expect(store.getState().pair.selection).toEqual({ y: 'ETHUSDT', x: 'BTCUSDT', tf: '1m', method: 'kalman', window: 60, prices: 'raw' });
    expect(win.calls).toEqual([]);
  });

  it('writes the selection back: a history entry on entering the tab, replaced on each change', () => {
    const store = createDashboardStore(initialDashboardState);
    const win = new FakeWindow();
    startPairRoute(store, win as unknown as Window);
    actions.setTab(store, 'pair');
    pairActions.select(store, { ...store.getState().pair.selection, window: 30 });
    actions.setTab(store, 'overview');
    expect(win.calls).toEqual(['push #/pair?y=ETHUSDT&x=BTCUSDT&tf=1m&method=kalman&window=20', 'replace #/pair?y=ETHUSDT&x=BTCUSDT&tf=1m&method=kalman&window=30', 'replace /']);
  });

  it('follows links opened later (the heatmap) and Back to the bare address', () => {
    const store = createDashboardStore(initialDashboardState);
    const win = new FakeWindow();
    startPairRoute(store, win as unknown as Window);
    win.navigate('#/pair?y=SOLUSDT&x=BNBUSDT');
    expect(store.getState().tab).toBe('pair');
    // The dashboard's timeframe (1s) fills the link's missing tf; the rest is the current pair's.
    expect(store.getState().pair.selection).toEqual({ y: 'SOLUSDT', x: 'BNBUSDT', tf: '1s', method: 'kalman', window: 20, prices: 'raw' });
    win.navigate('');
    expect(store.getState().tab).toBe('overview');
  });

  it('falls back to the current pair when the dashboard timeframe is not a stored one', () => {
    expect(linkFallback({ ...initialDashboardState, tf: '15s' }).tf).toBe('1m');
  });
});
