/**
 * One symbol's card: last price (coloured by the last tick), change and volume over the
 * loaded window (or the Overview's chosen window once its figures are in), a sparkline, a
 * perpetual's funding (rate per 8 h, mark price, countdown to the settlement) when the source
 * streams it, and the Overview's figures beneath when given. Clicking selects the symbol for the chart.
 * @module
 */

import { memo } from 'react';
import type { OverviewCardModel } from '../view/overview-card-model';
import type { PriceCardModel } from '../view/price-card-model';
import { OverviewMetrics } from './overview-metrics';

export interface PriceCardProps {
  readonly model: PriceCardModel;
  readonly onSelect: (symbol: string) => void;
  /** The server's figures over the chosen window (overview-metrics.tsx), when the Overview has them. */
  readonly metrics?: OverviewCardModel | undefined;
}

export const PriceCard = memo(function PriceCard({ model, onSelect, metrics }: PriceCardProps) {
  return (
    <button
      type="button"
      className={`price-card${model.selected ? ' selected' : ''}${metrics === undefined ? '' : ' has-metrics'}${model.funding === null ? '' : ' has-funding'}`}
      data-testid={`price-card-${model.symbol}`}
      aria-pressed={model.selected}
      onClick={() => onSelect(model.symbol)}
    >
      <span className="card-head">
        <span className="card-symbol">{model.symbol}</span>
        <span className="card-rate num">{model.rate}</span>
      </span>
      <span className={`card-last num tick-${model.tick}`} data-testid="price-last">
        {model.last}
      </span>
      <span className={`card-change num trend-${model.trend}`} data-testid="price-change">
        {model.change} <span className="card-pct">{model.changePct}</span>
      </span>
      <span className="card-foot">
        <span className="card-volume num" data-testid="price-volume">
          Vol {model.volume}
        </span>
        <span className="card-window">{model.note ?? model.window}</span>
      </span>
      {model.funding !== null && (
        <span className="card-funding num" data-testid="price-funding" title={model.funding.title}>
          <span>
            Funding{' '}
            <span className={`trend-${model.funding.tone}`} data-testid="funding-rate">
              {model.funding.rate}
            </span>
          </span>
          <span data-testid="funding-mark">mark {model.funding.mark}</span>
          <span data-testid="funding-countdown">{model.funding.countdown}</span>
        </span>
      )}
      <svg className={`card-spark trend-${model.trend}`} viewBox="0 0 100 24" preserveAspectRatio="none" aria-hidden="true">
        {model.spark !== '' && <polyline points={model.spark} />}
      </svg>
      {metrics !== undefined && <OverviewMetrics model={metrics} />}
    </button>
  );
});
