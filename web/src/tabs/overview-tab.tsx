/**
 * The Overview tab: a price card per watched symbol, the feeds' data quality (Binance only),
 * and the selected symbol's candlestick and volume chart with its legend.
 * @module
 */

import { useCallback, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { parseTimeframe } from '../../../src/model/timeframe';
import { CandleChart } from '../components/candle-chart';
import { ChartLegend } from '../components/chart-legend';
import { DataQualityPanel } from '../components/data-quality-panel';
import { PriceCard } from '../components/price-card';
import { actions, dashboardStore, selectWatchedSymbols, useDashboard } from '../state/dashboard-store';
import { priceDecimals } from '../view/format';
import { legendModel } from '../view/legend-model';
import { priceCardModel } from '../view/price-card-model';

const EMPTY: readonly never[] = [];

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
  const model = useMemo(() => priceCardModel(symbol, series, status, tfMs, selected), [symbol, series, status, tfMs, selected]);
  return <PriceCard model={model} onSelect={onSelect} />;
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

  let overlay: string | null = null;
  if (series?.phase === 'error') overlay = `Could not load ${symbol} ${tf}: ${series.error ?? 'unknown error'}`;
  else if (bars.length === 0 && (series === undefined || series.phase === 'loading')) overlay = 'Loading…';
  else if (bars.length === 0) overlay = ingesting ? `Waiting for the first ${tf} bar of ${symbol}…` : 'No bars yet. Pick a source and press Start.';

  return (
    <div className="chart-panel">
      <ChartLegend model={legend} />
      <CandleChart seriesKey={`${symbol ?? ''}:${tf}`} generation={series?.generation ?? 0} bars={bars} tfMs={tfMs} precision={priceDecimals(last?.close ?? 0)} onHover={onHover} />
      {overlay !== null && (
        <div className="chart-overlay" data-testid="chart-overlay">
          {overlay}
        </div>
      )}
    </div>
  );
}

export function OverviewTab() {
  return (
    <div className="overview">
      <PriceCards />
      <DataQualityPanel />
      <ChartPanel />
    </div>
  );
}
