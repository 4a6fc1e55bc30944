/**
 * The Overview's correlation panel: the heatmap of every watched symbol at the chosen
 * timeframe and window, and beside it the lagged cross-correlation of the selected pair.
 * Clicking a cell selects that pair here and opens it in Pair Analytics (`#/pair?y&x&tf`).
 * @module
 */

import './overview.css';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { dashboardStore, selectWatchedSymbols, useDashboard } from '../state/dashboard-store';
import { overviewActions, type PairChoice } from '../state/overview-state';
import { heatmapModel, laggedMaxLag, laggedModel, pairHash, resolvePair } from '../view/correlation-model';
import { windowLabel } from '../view/overview-card-model';
import { CorrelationHeatmap } from './correlation-heatmap';
import { CorrelationLagged } from './correlation-lagged';

function openPair(pair: PairChoice, tf: string): void {
  overviewActions.selectPair(dashboardStore, pair);
  window.location.hash = pairHash(pair.y, pair.x, tf);
}

function PairSelect({ label, value, symbols, onChange, testId }: { label: string; value: string; symbols: readonly string[]; onChange: (v: string) => void; testId: string }) {
  return (
    <label className="corr-pair-field">
      <span className="corr-pair-label">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {symbols.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CorrelationPanel() {
  const tf = useDashboard((s) => s.tf);
  const window = useDashboard((s) => s.overview.window);
  const symbols = useDashboard(useShallow(selectWatchedSymbols));
  const corr = useDashboard((s) => s.overview.correlation);
  const lagged = useDashboard((s) => s.overview.lagged);
  const chosen = useDashboard((s) => s.overview.pair);
  const pair = useMemo(() => resolvePair(chosen, symbols), [chosen, symbols]);
  const heatmap = useMemo(() => heatmapModel(corr.value), [corr.value]);
  const lag = useMemo(() => laggedModel(lagged.value, pair), [lagged.value, pair]);
  const maxLag = laggedMaxLag(window);

  if (symbols.length < 2) return null;
  const setLeg = (leg: 'y' | 'x', v: string) => {
    if (pair === null) return;
    const next = { ...pair, [leg]: v };
    if (next.y !== next.x) overviewActions.selectPair(dashboardStore, next);
  };

  return (
    <section className="corr-panel" aria-labelledby="corr-heading" data-testid="corr-panel">
      <div className="corr-block corr-block-heatmap">
        <h2 id="corr-heading" className="panel-title corr-title">
          Correlation <span className="corr-sub">log returns · {windowLabel(window, tf)} · {heatmap.caption}</span>
        </h2>
        {corr.error !== null && (
          <p className="corr-error" role="alert">
            {corr.error}
          </p>
        )}
        {heatmap.symbols.length > 0 ? <CorrelationHeatmap model={heatmap} selected={pair} onPick={(p) => openPair(p, tf)} /> : <div className="corr-empty">{heatmap.caption}</div>}
      </div>
      <div className="corr-block corr-block-lagged">
        <h2 className="panel-title corr-title">
          Lead–lag <span className="corr-sub">ρ(x at t, y at t + k), k = −{maxLag}…{maxLag}</span>
        </h2>
        {pair !== null && (
          <div className="corr-pair">
            <PairSelect label="y" value={pair.y} symbols={symbols} onChange={(v) => setLeg('y', v)} testId="corr-pair-y" />
            <PairSelect label="x" value={pair.x} symbols={symbols} onChange={(v) => setLeg('x', v)} testId="corr-pair-x" />
            <a className="corr-open" href={pairHash(pair.y, pair.x, tf)} data-testid="corr-open-pair">
              Pair Analytics →
            </a>
          </div>
        )}
        <p className="corr-verdict" data-testid="corr-verdict" title="A bar right of 0 at lag k: x's return at t goes with y's k bars later, so x leads y.">
          {lagged.error ?? lag?.verdict ?? 'waiting for enough bars where both traded…'}
        </p>
        {lag !== null && <CorrelationLagged model={lag} />}
      </div>
    </section>
  );
}
