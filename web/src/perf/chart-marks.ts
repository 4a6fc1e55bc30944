/**
 * Performance marks of live chart updates, for the tick-to-chart latency benchmark
 * (`tandem bench --latency`, docs/reliability.md). Off unless the page's URL has `?perf`: a
 * mark per update would otherwise pile up in the performance timeline all day.
 *
 * Each mark is named `tandem:chart-update` and carries the drawn bar's symbol, start and trade
 * count; the trades of a bucket arrive in order, so a bar with `trades = n` contains the
 * bucket's first n trades, which is how the benchmark finds the update that drew a trade.
 * @module
 */

export const CHART_UPDATE_MARK = 'tandem:chart-update';

export interface ChartUpdateDetail {
  readonly symbol: string;
  readonly start: number;
  readonly trades: number;
}

const enabled = typeof window !== 'undefined' && typeof performance !== 'undefined' && new URLSearchParams(window.location.search).has('perf');

/** Leaves a mark for a bar just handed to the chart, when marks are on. */
export function markChartUpdate(bar: ChartUpdateDetail): void {
  if (enabled) performance.mark(CHART_UPDATE_MARK, { detail: { symbol: bar.symbol, start: bar.start, trades: bar.trades } satisfies ChartUpdateDetail });
}
