/**
 * The Backtest tab's metric cards: a grid of figures from `metricCards` (view model), each
 * coloured by its tone.
 * @module
 */

import type { MetricCard } from '../view/backtest-metrics-model';

export function BacktestMetrics({ cards }: { readonly cards: readonly MetricCard[] }) {
  return (
    <div className="bt-cards" data-testid="bt-cards">
      {cards.map((c) => (
        <div key={c.id} className="bt-card" data-testid={`bt-card-${c.id}`}>
          <span className="bt-card-label">{c.label}</span>
          <span className={`bt-card-value tone-${c.tone}`} data-testid={`bt-metric-${c.id}`}>
            {c.value}
          </span>
          {c.sub !== null && <span className="bt-card-sub">{c.sub}</span>}
        </div>
      ))}
    </div>
  );
}
