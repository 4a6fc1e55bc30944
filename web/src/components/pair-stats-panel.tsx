/**
 * The pair's stats panel: hedge ratio with standard error, ADF with p-value and critical
 * values, Engle-Granger p-value, half-life in bars and in time, Hurst, spread mean/std, and
 * the health state, coloured, with its reason.
 * @module
 */

import type { ReactNode } from 'react';
import type { PairStatsModel } from '../view/pair-stats-model';

function Stat({ label, id, children, hint }: { readonly label: string; readonly id: string; readonly children: ReactNode; readonly hint?: string }) {
  return (
    <div className="pair-stat">
      <dt>{label}</dt>
      <dd className="num" data-testid={`pair-stat-${id}`}>
        {children}
        {hint !== undefined && hint !== '' && <span className="pair-stat-hint"> {hint}</span>}
      </dd>
    </div>
  );
}

export function PairStatsPanel({ model: m }: { readonly model: PairStatsModel }) {
  return (
    <section className="panel pair-stats" aria-labelledby="pair-stats-heading" data-testid="pair-stats">
      <h2 id="pair-stats-heading" className="panel-title">
        Cointegration
      </h2>
      <div className={`pair-health pair-health-${m.healthTone}`} data-testid="pair-health" data-state={m.health ?? 'none'}>
        <span className="pair-health-state" data-testid="pair-health-state">
          {m.healthLabel}
        </span>
        <span className="pair-health-reason" data-testid="pair-health-reason">
          {m.healthReason}
        </span>
      </div>
      <dl className="pair-stat-list">
        <Stat label="Hedge ratio β (OLS)" id="beta">
          {m.beta} <span className="pair-stat-hint">± {m.betaSe}</span>
        </Stat>
        <Stat label="α · R²" id="alpha">
          {m.alpha} · {m.r2}
        </Stat>
        <Stat label="ADF statistic (spread)" id="adf" hint={m.adfVerdict === '—' ? '' : m.adfVerdict}>
          {m.adfStat}
        </Stat>
        <Stat label="ADF p-value · lag" id="adf-p">
          {m.adfPValue} · {m.adfLag}
        </Stat>
        <Stat label="ADF critical values" id="adf-crit">
          {m.adfCrit.map((c) => (
            <span key={c.level} className={c.rejected ? 'pair-crit rejected' : 'pair-crit'} title={c.rejected ? 'rejected at this level' : undefined}>
              {c.level} {c.value}
            </span>
          ))}
        </Stat>
        <Stat label="Engle-Granger p-value" id="eg" hint={m.egStat === '—' ? '' : `t ${m.egStat}`}>
          {m.egPValue}
        </Stat>
        <Stat label="Half-life" id="halflife">
          {m.halfLifeBars} bars · {m.halfLifeTime}
        </Stat>
        <Stat label="Hurst" id="hurst" hint={m.hurstReading}>
          {m.hurst}
        </Stat>
        <Stat label="Spread mean · std" id="spread">
          {m.spreadMean} · {m.spreadStd}
        </Stat>
      </dl>
      <p className="field-hint" data-testid="pair-stats-basis">
        {m.basis}
      </p>
      {m.notes.length > 0 && (
        <ul className="pair-notes">
          {m.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
