/**
 * The key of the Overview's chart additions, top right of the chart: which VWAP the line is
 * and what the amber markers over the volume mean.
 * @module
 */

import './overview.css';
import { SPIKE_COLOUR, VWAP_COLOUR } from '../view/overview-chart-model';
import { windowLabel } from '../view/overview-card-model';

export function OverviewChartKey({ window, tf, spikes }: { readonly window: number; readonly tf: string; readonly spikes: number }) {
  return (
    <div className="ov-chart-key" data-testid="chart-key">
      <span title="Rolling VWAP at each bar: Σ bar vwap × bar volume / Σ bar volume over the last window bars up to it">
        <span className="ov-key-swatch" style={{ background: VWAP_COLOUR }} /> VWAP rolling {windowLabel(window, tf)}
      </span>
      <span title="Bars whose volume is more than 3 standard deviations above the mean of the last 20 bars">
        <span className="ov-key-arrow" style={{ color: SPIKE_COLOUR }}>
          ▼
        </span>{' '}
        volume spike{spikes === 0 ? '' : ` (${spikes})`}
      </span>
    </div>
  );
}
