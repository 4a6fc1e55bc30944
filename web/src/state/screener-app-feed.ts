/**
 * The page's one `ScreenerFeed`, on the application's store and REST client, for main.tsx to
 * start and the Screener tab's Refresh button to call.
 * @module
 */

import { screenerApi } from '../api/screener-client';
import { dashboardStore } from './dashboard-store';
import { ScreenerFeed } from './screener-feed';

export const screenerFeed = new ScreenerFeed(dashboardStore, screenerApi);
