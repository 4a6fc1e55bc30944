/**
 * The Overview tab: the window picker, a price card per watched symbol with the server's
 * figures over that window, the feeds' data quality (Binance only), the selected symbol's
 * candlestick and volume chart with its legend, rolling VWAP line and volume-spike markers,
 * and the correlation panel.
 * @module
 */

import { lazy, Suspense, useCallback, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { parseTimeframe } from '../../../src/model/timeframe';
import { CandleChart } from '../components/candle-chart';
import { ChartLegend } from '../components/chart-legend';
import { OverviewChartKey } from '../components/overview-chart-key';
import { OverviewWindowPicker } from '../components/overview-window-picker';
import { DataQualityPanel } from '../components/data-quality-panel';
import { PriceCard } from '../components/price-card';
import { actions, dashboardStore, selectWatchedSymbols, useDashboard } from '../state/dashboard-store';
import { rangeLabel } from '../state/history-range';
import { useOverviewFeed, useSymbolFigures } from '../state/overview-hooks';
import { priceDecimals } from '../view/format';
import { legendModel } from '../view/legend-model';
import { overviewCardModel, withWindowFigures } from '../view/overview-card-model';
import { rollingVwapPoints, spikeMarkers, VWAP_COLOUR, SPIKE_COLOUR } from '../view/overview-chart-model';
import { priceCardModel } from '../view/price-card-model';

const EMPTY: readonly never[] = [];

// ECharts is most of the bundle's weight and only this panel draws with it: load it in its
// own chunk, after the cards and the chart are up.
const CorrelationPanel = lazy(() => import('../components/correlation-panel').then((m) => ({ default: m.CorrelationPanel })));

function useTfMs(): number {
  const tf = useDashboard((s) => s.tf);
  const spec = parseTimeframe(tf);
  return spec.ok ? spec.value.ms : 1000;
}

/** One card, subscribed to its own symbol's series, so a bar of one symbol re-renders one card. */
function SymbolCard({ symbol, tfMs, onSelect }: { readonly symbol: string; readonly tfMs: number; readonly onSelect: (symbol: string) => void }) {
  const series = useDashboard((s) => s.series[symbol]);
  const status = useDashboard((s) => s.status?.symbols.find((x) => x.symbol === symbol));
  const selected = useDashboard((s) => s.selectedSymbol === symbol);
  const tf = useDashboard((s) => s.tf);
  const window = useDashboard((s) => s.overview.window);
  const figures = useSymbolFigures(symbol);
  const model = useMemo(() => withWindowFigures(priceCardModel(symbol, series, status, tfMs, selected), figures, tf, window), [symbol, series, status, tfMs, selected, figures, tf, window]);
  const metrics = useMemo(() => overviewCardModel(figures, tfMs), [figures, tfMs]);
  return <PriceCard model={model} onSelect={onSelect} metrics={metrics} />;
}

function PriceCards() {
  const symbols = useDashboard(useShallow(selectWatchedSymbols));
  const tfMs = useTfMs();
  const onSelect = useCallback((symbol: string) => actions.selectSymbol(dashboardStore, symbol), []);
  return (
    <div className="price-cards" data-testid="price-cards">
      {symbols.map((symbol) => (
        <SymbolCard key={symbol} symbol={symbol} tfMs={tfMs} onSelect={onSelect} />
      ))}
    </div>
  );
}

function ChartPanel() {
  const symbol = useDashboard((s) => s.selectedSymbol);
  const tf = useDashboard((s) => s.tf);
  const series = useDashboard((s) => (s.selectedSymbol === null ? undefined : s.series[s.selectedSymbol]));
  const hoverStart = useDashboard((s) => s.hoverStart);
  const ingesting = useDashboard((s) => s.status?.state === 'live');
  const tfMs = useTfMs();
  const onHover = useCallback((start: number | null) => actions.setHover(dashboardStore, start), []);
  const bars = series?.tf === tf ? series.bars : EMPTY;
  const last = bars[bars.length - 1];
  const legend = legendModel(symbol ?? '', tf, tfMs, bars, hoverStart);
  const window = useDashboard((s) => s.overview.window);
  const range = useDashboard((s) => s.history.range);
  const rangeKey = rangeLabel(range);
  const figures = useSymbolFigures(symbol);
  const first = bars[0]?.start;
  const lastStart = last?.start;
  const onReachStart = useCallback(() => {
    if (symbol !== null && first !== undefined && lastStart !== undefined) actions.widenRange(dashboardStore, [symbol], { first, last: lastStart });
  }, [symbol, first, lastStart]);
  const vwapKey = `${symbol ?? ''}:${tf}:${window}:${series?.generation ?? 0}`;
  const vwapLine = useMemo(() => ({ key: vwapKey, points: rollingVwapPoints(bars, window), colour: VWAP_COLOUR }), [vwapKey, bars, window]);
  const markers = useMemo(() => spikeMarkers(figures?.volumeSpikes ?? EMPTY, bars, SPIKE_COLOUR), [figures, bars]);

  let overlay: string | null = null;
  if (series?.phase === 'error') overlay = `Could not load ${symbol} ${tf}: ${series.error ?? 'unknown error'}`;
  else if (bars.length === 0 && (series === undefined || series.phase === 'loading')) overlay = 'Loading…';
  else if (bars.length === 0) overlay = ingesting ? `Waiting for the first ${tf} bar of ${symbol}…` : 'No bars yet. Pick a source and press Start.';

  return (
    <div className="chart-panel">
      <ChartLegend model={legend} />
      <CandleChart
        seriesKey={`${symbol ?? ''}:${tf}:${rangeKey}`}
        generation={series?.generation ?? 0}
        bars={bars}
        tfMs={tfMs}
        precision={priceDecimals(last?.close ?? 0)}
        onHover={onHover}
        overlay={vwapLine}
        volumeMarkers={markers}
        fit={range.kind !== 'latest'}
        onReachStart={onReachStart}
      />
      <OverviewChartKey window={window} tf={tf} spikes={markers.length} />
      {overlay !== null && (
        <div className="chart-overlay" data-testid="chart-overlay">
          {overlay}
        </div>
      )}
    </div>
  );
}

export function OverviewTab() {
  useOverviewFeed();
  return (
    <div className="overview">
      <OverviewWindowPicker />
      <PriceCards />
      <DataQualityPanel />
      <ChartPanel />
      <Suspense fallback={null}>
        <CorrelationPanel />
      </Suspense>
    </div>
  );
}
