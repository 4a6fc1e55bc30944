/**
 * The Overview's window: how many bars of the selected timeframe the cards' figures, the
 * VWAP line and the correlations are computed over.
 * @module
 */

import './overview.css';
import { dashboardStore, useDashboard } from '../state/dashboard-store';
import { OVERVIEW_WINDOWS, overviewActions } from '../state/overview-state';

export function OverviewWindowPicker() {
  const window = useDashboard((s) => s.overview.window);
  const tf = useDashboard((s) => s.tf);
  const error = useDashboard((s) => s.overview.figures.error);
  return (
    <div className="overview-toolbar">
      <span className="overview-toolbar-label" id="window-label" title="Bars of the selected timeframe the card figures, the VWAP line and the correlations use">
        Window
      </span>
      <div className="segmented overview-windows" role="radiogroup" aria-labelledby="window-label">
        {OVERVIEW_WINDOWS.map((w) => (
          <button
            key={w}
            type="button"
            role="radio"
            aria-checked={window === w}
            className={window === w ? 'segment active' : 'segment'}
            data-testid={`window-${w}`}
            onClick={() => overviewActions.setWindow(dashboardStore, w)}
          >
            {w}
          </button>
        ))}
      </div>
      <span className="overview-toolbar-hint">bars of {tf}</span>
      {error !== null && (
        <span className="overview-toolbar-error" role="alert" data-testid="overview-error">
          {error}
        </span>
      )}
    </div>
  );
}
