/**
 * The legend over the pair chart: the exact values of the hovered bar (else the latest) in
 * every pane, each beside its line's colour.
 * @module
 */

import type { PairLegendModel } from '../view/pair-legend-model';
import { PAIR_COLORS } from '../view/pair-theme';

export function PairLegend({ model }: { readonly model: PairLegendModel }) {
  return (
    <div className="chart-legend pair-legend" data-testid="pair-legend" data-hovered={model.hovered}>
      <span className="legend-time num">
        {model.time}
      </span>
      <span className="legend-values num">
        {model.items.map((item) => (
          <span key={item.id} className="legend-item" data-testid={`pair-legend-${item.id}`}>
            <span className="pair-swatch" style={{ background: PAIR_COLORS[item.id as keyof typeof PAIR_COLORS] }} aria-hidden="true" />
            <span className="legend-key">{item.label}</span>
            {item.value}
            {item.note !== '' && <span className="pair-note"> {item.note}</span>}
          </span>
        ))}
      </span>
    </div>
  );
}
