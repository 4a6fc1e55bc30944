/**
 * The Backtest tab, in its own chunk: its charts, forms and the sweep's controller load when
 * the tab is first opened, so the first page load does not carry them.
 * @module
 */

import { lazy, Suspense } from 'react';

const BacktestTabView = lazy(() => import('../components/backtest-tab-view').then((m) => ({ default: m.BacktestTabView })));

export function BacktestTab() {
  return (
    <Suspense fallback={<p className="bt-loading">Loading the Backtest tab…</p>}>
      <BacktestTabView />
    </Suspense>
  );
}
