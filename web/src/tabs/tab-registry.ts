/**
 * The tabs of the main area, in order. A tab exists here only once it is built; adding one is
 * adding an entry (and its id to `TabId`).
 * @module
 */

import type { ComponentType } from 'react';
import type { TabId } from '../state/dashboard-store';
import { AlertsTab } from './alerts-tab';
import { BacktestTab } from './backtest-tab';
import { ExportTab } from './export-tab';
import { OverviewTab } from './overview-tab';
import { PairAnalyticsTab } from './pair-analytics-tab';
import { ScreenerTab } from './screener-tab';

export interface TabDefinition {
  readonly id: TabId;
  readonly label: string;
  readonly component: ComponentType;
}

export const TABS: readonly TabDefinition[] = [
  { id: 'overview', label: 'Overview', component: OverviewTab },
  { id: 'pair', label: 'Pair Analytics', component: PairAnalyticsTab },
  { id: 'screener', label: 'Screener', component: ScreenerTab },
  { id: 'backtest', label: 'Backtest', component: BacktestTab },
  { id: 'export', label: 'Data Export', component: ExportTab },
  { id: 'alerts', label: 'Alerts', component: AlertsTab },
];
