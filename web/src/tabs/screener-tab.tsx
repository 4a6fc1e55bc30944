/**
 * The Screener tab: every pair of the stored symbols ranked by cointegration (the server's
 * `GET /api/screener` and the live `screener` channel), in its own chunk, loaded when the tab
 * first opens.
 * @module
 */

import { lazy, Suspense } from 'react';
import './screener.css';

const ScreenerTabView = lazy(() => import('../components/screener-tab-view').then((m) => ({ default: m.ScreenerTabView })));

export function ScreenerTab() {
  return (
    <Suspense fallback={<p className="scr-empty">Loading the Screener tab…</p>}>
      <ScreenerTabView />
    </Suspense>
  );
}
