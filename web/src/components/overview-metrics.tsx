/**
 * The dense figures under a price card's price: a grid of labelled values (each with its
 * formula as a tooltip), the buy/sell imbalance as a bar from the centre, and the
 * volume-spike flag.
 * @module
 */

import './overview.css';
import { memo } from 'react';
import type { OverviewCardModel } from '../view/overview-card-model';

export const OverviewMetrics = memo(function OverviewMetrics({ model }: { readonly model: OverviewCardModel }) {
  const imb = model.imbalance;
  return (
    <span className="ov-metrics" data-testid="overview-metrics">
      <span className="ov-grid">
        {model.cells.map((c) => (
          <span key={c.key} className="ov-cell" title={c.title} data-testid={`metric-${c.key}`}>
            <span className="ov-label">{c.label}</span>
            <span className="ov-value num">{c.value}</span>
          </span>
        ))}
      </span>
      <span className="ov-imbalance" title={imb.title} data-testid="metric-imbalance">
        <span className="ov-label">Buy/sell</span>
        <span className="ov-imb-track" aria-hidden="true">
          <span className={`ov-imb-fill imb-${imb.tone}`} style={{ left: `${imb.left}%`, width: `${imb.width}%` }} />
        </span>
        <span className={`ov-value num trend-${imb.tone}`} data-testid="metric-imbalance-value">
          {imb.label}
        </span>
        <span className={model.spikeNow ? 'ov-spike active' : 'ov-spike'} title={model.spikeTitle} data-testid="metric-spike">
          {model.spikeNow ? 'VOL SPIKE' : `spikes ${model.spikeCount}`}
        </span>
      </span>
    </span>
  );
});
