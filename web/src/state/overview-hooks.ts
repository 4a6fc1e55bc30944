/**
 * React hooks of the Overview: run the `OverviewFeed` while the tab is mounted, and read one
 * symbol's server figures for the current timeframe and window.
 * @module
 */

import { useEffect } from 'react';
import type { SymbolOverviewDto } from '../../../src/server/dto/overview-schemas';
import { overviewApi } from '../api/overview-client';
import { dashboardStore, useDashboard } from './dashboard-store';
import { OverviewFeed } from './overview-feed';

/** Polls the Overview's figures and correlations while the calling component is mounted. */
export function useOverviewFeed(intervalMs = 3000): void {
  useEffect(() => {
    const feed = new OverviewFeed(dashboardStore, overviewApi, intervalMs);
    feed.start();
    return () => feed.stop();
  }, [intervalMs]);
}

/** The last figures of `symbol` when they answer the current timeframe, else undefined. */
export function useSymbolFigures(symbol: string | null): SymbolOverviewDto | undefined {
  return useDashboard((s) => {
    if (symbol === null) return undefined;
    const dto = s.overview.figures.value?.[symbol];
    return dto !== undefined && dto.tf === s.tf ? dto : undefined;
  });
}
