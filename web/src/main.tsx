/**
 * Entry point: wires the store, the REST client, the stream and the live feed, then renders.
 * @module
 */

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api/http-client';
import { defaultStreamUrl, StreamClient } from './api/stream-client';
import { App } from './app';
import { actions, dashboardStore } from './state/dashboard-store';
import { LiveFeed } from './state/live-feed';
import { pairApi } from './api/pair-client';
import { PairFeed } from './state/pair-feed';
import { CoverageFeed } from './state/coverage-feed';
import { alertFeed } from './state/alert-app-feed';
import { screenerFeed } from './state/screener-app-feed';
import { strategyFeed } from './state/strategy-app-feed';
import { startPairRoute } from './state/pair-route';
import './styles.css';

const feed = new LiveFeed(dashboardStore, api);
const pairFeed = new PairFeed(dashboardStore, pairApi);
const coverageFeed = new CoverageFeed(dashboardStore, api);
const stream = new StreamClient({
  url: defaultStreamUrl(),
  onMessage: (m) => {
    feed.onMessage(m);
    pairFeed.onMessage(m);
    alertFeed.onMessage(m);
    screenerFeed.onMessage(m);
    strategyFeed.onMessage(m);
  },
  onConnection: (c) => {
    feed.onConnection(c);
    pairFeed.onConnection(c);
    alertFeed.onConnection(c);
    strategyFeed.onConnection(c);
  },
});

// A first status over REST, so the panel and the symbols are right before the socket is up;
// when the server is already ingesting, the symbols field shows what it ingests.
void api
  .status()
  .then((status) => {
    actions.setStatus(dashboardStore, status, Date.now());
    if (status.symbols.length > 0) actions.setSymbolsInput(dashboardStore, status.symbols.map((s) => s.symbol).join(','));
  })
  .catch(() => undefined);

// A `#/pair?...` address opens its tab before the first render.
startPairRoute(dashboardStore);
feed.start(stream);
pairFeed.start(stream);
// The Screener follows its channel only while its tab is open.
screenerFeed.start(stream);
coverageFeed.start();
// Alerts reach every tab: the feed follows the `alerts` channel for the page's lifetime.
alertFeed.start(stream);
// Paper strategies: the Backtest tab's Strategies panel and the alert form's strategy picker.
strategyFeed.start(stream);

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
