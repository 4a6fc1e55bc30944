/**
 * The page's one `AlertFeed`, on the application's store and REST client, for main.tsx to
 * start and the alert components to call (save, enable, delete, ask for notifications).
 * @module
 */

import { alertApi } from '../api/alert-client';
import { AlertFeed, browserNotifier } from './alert-feed';
import { dashboardStore } from './dashboard-store';

export const alertFeed = new AlertFeed(dashboardStore, alertApi, browserNotifier());
