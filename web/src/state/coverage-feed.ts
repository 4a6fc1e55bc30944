/**
 * `CoverageFeed`: keeps the store's view of where stored data is (`GET /api/coverage` at 1m)
 * current: on start, when stored history changed under the charts (an import, a finished
 * replay), when the server's set of symbols changes, and once a minute while live bars extend
 * it. After each answer the Pair Analytics tab (and the Backtest form, while on its default
 * legs) opens on a stored pair when nobody chose one and the default pair has no data.
 * @module
 */

import type { api as httpApi } from '../api/http-client';
import { actions, type DashboardState, type DashboardStore } from './dashboard-store';
import { COVERAGE_TF, type Coverage } from './history-range';
import { backtestActions } from './backtest-actions';
import { DEFAULT_BACKTEST_FORM } from './backtest-form';
import { pairActions } from './pair-actions';

type Api = Pick<typeof httpApi, 'coverage'>;

/** What, when it changes, calls for a new coverage: stored history and the symbols on the server. */
function coverageKey(s: DashboardState): string {
  return `${s.historyRevision}|${s.status?.symbols.map((x) => x.symbol).join(',') ?? ''}`;
}

export class CoverageFeed {
  private key: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private unsubscribe: (() => void) | null = null;
  private inFlight: AbortController | null = null;

  constructor(
    private readonly store: DashboardStore,
    private readonly api: Api,
    private readonly refreshMs = 60_000,
  ) {}

  start(): void {
    this.unsubscribe = this.store.subscribe((s) => {
      if (coverageKey(s) !== this.key) void this.refresh();
    });
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    void this.refresh();
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.timer !== null) clearInterval(this.timer);
    this.inFlight?.abort();
  }

  /** Asks for the coverage now; a newer call supersedes an older one still waiting. */
  async refresh(): Promise<void> {
    this.key = coverageKey(this.store.getState());
    this.inFlight?.abort();
    const abort = new AbortController();
    this.inFlight = abort;
    try {
      const res = await this.api.coverage(COVERAGE_TF, abort.signal);
      if (abort.signal.aborted) return;
      const coverage: Record<string, Coverage[string]> = {};
      for (const item of res.items) coverage[item.symbol] = { firstStart: item.firstStart, lastStart: item.lastStart };
      actions.setCoverage(this.store, coverage);
      // Symbols with ticks, and every symbol of a running source (its first ticks may be on the way).
      const status = this.store.getState().status;
      const running = status !== null && status.source !== null && (status.state === 'live' || status.state === 'starting');
      const live = status?.symbols.filter((x) => running || x.lastTickTs !== null).map((x) => x.symbol) ?? [];
      pairActions.openOnStored(this.store, coverage, live);
      // The Backtest form, while still on its default legs, tests the pair the desk opened on.
      const { pair, backtest } = this.store.getState();
      if (!pair.chosen && backtest.form.y === DEFAULT_BACKTEST_FORM.y && backtest.form.x === DEFAULT_BACKTEST_FORM.x) {
        backtestActions.setForm(this.store, { y: pair.selection.y, x: pair.selection.x });
      }
    } catch {
      // Coverage only improves where a chart opens; without it the tabs keep their own windows.
    } finally {
      if (this.inFlight === abort) this.inFlight = null;
    }
  }
}
