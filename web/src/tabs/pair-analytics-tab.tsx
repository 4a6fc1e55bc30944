/**
 * The Pair Analytics tab: pick a pair, timeframe, hedge method and window (kept in the URL,
 * `#/pair?y=..&x=..&tf=..&method=..&window=..`), and watch its prices, spread, z-score with
 * bands, correlation and betas on panes sharing one time axis and crosshair, with the legend
 * of the hovered bar and the stats panel of the latest tests. While the pair has too few
 * bars, the server's message stands in place of the charts.
 * @module
 */

import { useCallback, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { parseTimeframe } from '../../../src/model/timeframe';
import { PairChart } from '../components/pair-chart';
import { PairControls } from '../components/pair-controls';
import { PairLegend } from '../components/pair-legend';
import { PairStatsPanel } from '../components/pair-stats-panel';
import { actions, dashboardStore, selectWatchedSymbols, useDashboard } from '../state/dashboard-store';
import { rangeLabel } from '../state/history-range';
import { pairActions } from '../state/pair-actions';
import { pairChannel, type PairSelection } from '../state/pair-selection';
import type { PairBands } from '../state/pair-tab-state';
import type { PairLine } from '../view/pair-chart-data';
import { betaLabel, pairLegendModel } from '../view/pair-legend-model';
import { pairStatsModel } from '../view/pair-stats-model';
import './pair-analytics.css';

const onSelect = (next: PairSelection) => pairActions.select(dashboardStore, next);
const onBands = (bands: PairBands) => pairActions.setBands(dashboardStore, bands);

function tfMsOf(tf: string): number {
  const spec = parseTimeframe(tf);
  return spec.ok ? spec.value.ms : 60_000;
}

function ChartArea({ selection }: { readonly selection: PairSelection }) {
  const pair = useDashboard(useShallow((s) => ({ phase: s.pair.phase, message: s.pair.message, points: s.pair.points, generation: s.pair.generation, key: s.pair.key, bands: s.pair.bands, hoverStart: s.pair.hoverStart })));
  const tfMs = tfMsOf(selection.tf);
  const onHover = useCallback((start: number | null) => pairActions.setHover(dashboardStore, start), []);
  const labels = useMemo<Record<PairLine, string>>(
    () => ({ y: selection.y, x: selection.x, spread: 'spread', z: 'z', corr: 'corr', beta: betaLabel(selection.method), olsBeta: betaLabel('ols') }),
    [selection.y, selection.x, selection.method],
  );
  const legend = pairLegendModel(selection, tfMs, pair.points, pair.hoverStart);
  const range = useDashboard((s) => s.history.range);
  const first = pair.points[0]?.start;
  const lastStart = pair.points[pair.points.length - 1]?.start;
  const onReachStart = useCallback(() => {
    if (first !== undefined && lastStart !== undefined) actions.widenRange(dashboardStore, [selection.y, selection.x], { first, last: lastStart });
  }, [selection.y, selection.x, first, lastStart]);
  const current = pair.key === pairChannel(selection);

  let message: string | null = null;
  if (!current || pair.phase === 'idle' || (pair.phase === 'loading' && pair.points.length === 0)) message = `Loading ${selection.y}/${selection.x} at ${selection.tf}…`;
  else if (pair.phase === 'insufficient') message = pair.message;
  else if (pair.phase === 'error') message = `Could not load ${selection.y}/${selection.x}: ${pair.message ?? 'unknown error'}`;
  else if (pair.points.length === 0) message = `No aligned bars of ${selection.y}/${selection.x} at ${selection.tf} yet.`;

  if (message !== null) {
    return (
      <div className="pair-chart-area">
        <div className={`pair-message pair-message-${pair.phase}`} data-testid="pair-message" data-phase={pair.phase} role="status">
          {message}
          {pair.phase === 'insufficient' && <span className="pair-message-hint">Checking again as bars arrive.</span>}
        </div>
      </div>
    );
  }
  return (
    <div className="pair-chart-area">
      <PairLegend model={legend} />
      <PairChart
        seriesKey={`${pair.key ?? ''}:${rangeLabel(range)}`}
        generation={pair.generation}
        points={pair.points}
        tfMs={tfMs}
        labels={labels}
        bands={pair.bands}
        onHover={onHover}
        fit={range.kind !== 'latest'}
        onReachStart={onReachStart}
      />
    </div>
  );
}

function StatsArea({ tf }: { readonly tf: string }) {
  const tests = useDashboard((s) => (s.pair.phase === 'ready' ? s.pair.tests : null));
  const model = useMemo(() => pairStatsModel(tests, tfMsOf(tf)), [tests, tf]);
  return <PairStatsPanel model={model} />;
}

export function PairAnalyticsTab() {
  const selection = useDashboard((s) => s.pair.selection);
  const bands = useDashboard((s) => s.pair.bands);
  const symbols = useDashboard(useShallow(selectWatchedSymbols));
  return (
    <div className="pair-tab" data-testid="pair-tab">
      <PairControls selection={selection} symbols={symbols} bands={bands} onSelect={onSelect} onBands={onBands} />
      <div className="pair-body">
        <ChartArea selection={selection} />
        <StatsArea tf={selection.tf} />
      </div>
    </div>
  );
}
