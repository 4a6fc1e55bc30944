/**
 * The page's one `StrategyFeed`, on the application's store and REST client, for main.tsx to
 * start and the Backtest tab and the alert form to call.
 * @module
 */

import { strategyApi } from '../api/strategy-client';
import { dashboardStore } from './dashboard-store';
import { StrategyFeed } from './strategy-feed';

export const strategyFeed = new StrategyFeed(dashboardStore, strategyApi);
