/**
 * One symbol's card: last price (coloured by the last tick), change and volume over the
 * loaded window, and a sparkline. Clicking selects the symbol for the chart.
 * @module
 */

import { memo } from 'react';
import type { PriceCardModel } from '../view/price-card-model';

export interface PriceCardProps {
  readonly model: PriceCardModel;
  readonly onSelect: (symbol: string) => void;
}

export const PriceCard = memo(function PriceCard({ model, onSelect }: PriceCardProps) {
  return (
    <button
      type="button"
      className={`price-card${model.selected ? ' selected' : ''}`}
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
      <svg className={`card-spark trend-${model.trend}`} viewBox="0 0 100 24" preserveAspectRatio="none" aria-hidden="true">
        {model.spark !== '' && <polyline points={model.spark} />}
      </svg>
    </button>
  );
});
