/**
 * The crosshair legend over the chart: OHLC, change, volume, VWAP and trades of the hovered
 * bar, else of the latest.
 * @module
 */

import type { LegendModel } from '../view/legend-model';

export function ChartLegend({ model }: { readonly model: LegendModel }) {
  return (
    <div className="chart-legend" data-testid="chart-legend" data-hovered={model.hovered}>
      <span className="legend-title">
        {model.symbol} <span className="legend-tf">{model.tf}</span>
      </span>
      <span className="legend-time num">{model.time}</span>
      <span className={`legend-values num trend-${model.direction}`}>
        <Item k="O" v={model.open} />
        <Item k="H" v={model.high} />
        <Item k="L" v={model.low} />
        <Item k="C" v={model.close} />
        <span className="legend-pct">{model.changePct}</span>
      </span>
      <span className="legend-values num">
        <Item k="Vol" v={model.volume} />
        <Item k="VWAP" v={model.vwap} />
        <Item k="Trades" v={model.trades} />
      </span>
    </div>
  );
}

function Item({ k, v }: { readonly k: string; readonly v: string }) {
  return (
    <span className="legend-item">
      <span className="legend-key">{k}</span>
      {v}
    </span>
  );
}
