/**
 * The sweep: grid inputs (entry list × exit list × window list, over the run form's execution
 * model), the metric to rank by, walk-forward, Run sweep and Cancel, the job's progress bar,
 * then the heatmap (any metric, any window of the grid) and the ranked results table. A click
 * on a cell or a row loads that run. With walk-forward, the stitched out-of-sample equity and
 * each fold's choice.
 * @module
 */

import { lazy, Suspense, useMemo, type FormEvent } from 'react';
import type { BacktestForm } from '../state/backtest-form';
import { sweepToBody, type RankMetric, type SweepForm } from '../state/backtest-sweep-form';
import type { HeatMetric, SweepState } from '../state/backtest-tab-state';
import { equityLines } from '../view/backtest-chart-data';
import { HEAT_METRICS, sweepHeatmap, sweepProgress, sweepTable, type SweepPoint } from '../view/backtest-heatmap-model';
import { formatBarTime, formatPercent } from '../view/format';
import { formatSig } from '../view/pair-format';
import { BacktestEquityChart } from './backtest-equity-chart';

const BacktestHeatmap = lazy(() => import('./backtest-heatmap').then((m) => ({ default: m.BacktestHeatmap })));

const RANK_METRICS: readonly RankMetric[] = ['sharpe', 'sortino', 'totalReturn', 'netPnl', 'calmar', 'profitFactor', 'expectancy', 'winRate'];
const labelOf = (m: HeatMetric): string => HEAT_METRICS.find((x) => x.id === m)?.label ?? m;

export interface BacktestSweepPanelProps {
  readonly sweepForm: SweepForm;
  readonly form: BacktestForm;
  readonly sweep: SweepState;
  readonly heat: { readonly metric: HeatMetric; readonly window: number | null };
  readonly onChange: (change: Partial<SweepForm>) => void;
  readonly onHeat: (change: { metric?: HeatMetric; window?: number | null }) => void;
  readonly onRun: () => void;
  readonly onCancel: () => void;
  readonly onPick: (point: SweepPoint) => void;
}

export function BacktestSweepPanel({ sweepForm, form, sweep, heat, onChange, onHeat, onRun, onCancel, onPick }: BacktestSweepPanelProps) {
  const parsed = sweepToBody(sweepForm, form);
  const errors = parsed.ok ? {} : parsed.errors;
  const formBlocked = !parsed.ok && Object.keys(parsed.errors).length === 0 ? 'fix the run parameters above first' : null;
  const busy = sweep.phase === 'submitting' || sweep.phase === 'queued' || sweep.phase === 'running';
  const job = sweep.job;
  const progress = job === null ? null : sweepProgress(job.done, job.total);
  const result = job?.result ?? null;
  const heatmap = useMemo(() => (result === null ? null : sweepHeatmap(result, heat.metric, heat.window)), [result, heat.metric, heat.window]);
  const table = useMemo(() => (result === null ? [] : sweepTable(result, heat.metric)), [result, heat.metric]);
  const wf = result?.walkForward ?? null;
  const wfLines = useMemo(() => (wf === null ? null : equityLines(wf.report)), [wf]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (parsed.ok && !busy) onRun();
  };
  const list = (id: 'entries' | 'exits' | 'windows', label: string) => (
    <div className="bt-field bt-field-wide">
      <label className="field-label" htmlFor={`bt-sweep-${id}`}>
        {label}
      </label>
      <input id={`bt-sweep-${id}`} data-testid={`bt-sweep-${id}`} className="bt-list" type="text" value={sweepForm[id]} aria-invalid={errors[id] !== undefined} onChange={(e) => onChange({ [id]: e.target.value })} />
      {errors[id] !== undefined && (
        <span className="field-hint field-error" role="alert" data-testid={`bt-sweep-error-${id}`}>
          {errors[id]}
        </span>
      )}
    </div>
  );

  return (
    <section className="panel bt-section" data-testid="bt-sweep">
      <h2 className="panel-title">Parameter sweep</h2>
      <form className="bt-params" onSubmit={submit} noValidate>
        {list('entries', 'Entry values')}
        {list('exits', 'Exit values')}
        {list('windows', 'Window values')}
        <div className="bt-field">
          <label className="field-label" htmlFor="bt-sweep-metric">
            Rank by
          </label>
          <select id="bt-sweep-metric" data-testid="bt-sweep-metric" value={sweepForm.metric} onChange={(e) => onChange({ metric: e.target.value as RankMetric })}>
            {RANK_METRICS.map((m) => (
              <option key={m} value={m}>
                {labelOf(m)}
              </option>
            ))}
          </select>
        </div>
        <div className="bt-field">
          <span className="field-label">Walk-forward</span>
          <span className="bt-inline">
            <input type="checkbox" data-testid="bt-sweep-wf" aria-label="Walk-forward" checked={sweepForm.walkForward} onChange={(e) => onChange({ walkForward: e.target.checked })} />
            <input data-testid="bt-sweep-folds" className="bt-number" type="text" inputMode="numeric" aria-label="Folds" disabled={!sweepForm.walkForward} value={sweepForm.folds} aria-invalid={errors.folds !== undefined} onChange={(e) => onChange({ folds: e.target.value })} />
            <span className="bt-muted">folds</span>
          </span>
          {errors.folds !== undefined && <span className="field-hint field-error">{errors.folds}</span>}
        </div>
        <div className="bt-run">
          <button type="submit" className="button button-start" data-testid="bt-sweep-run" disabled={!parsed.ok || busy}>
            Run sweep{parsed.ok ? ` (${parsed.points})` : ''}
          </button>
          <button type="button" className="button" data-testid="bt-sweep-cancel" disabled={!busy || job === null} onClick={onCancel}>
            Cancel
          </button>
          {formBlocked !== null && <span className="field-hint field-error">{formBlocked}</span>}
        </div>
      </form>
      {(progress !== null || sweep.phase === 'submitting') && (
        <div className="bt-progress" data-testid="bt-sweep-progress" data-state={sweep.phase}>
          <div className="bt-progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={job?.total ?? 0} aria-valuenow={job?.done ?? 0}>
            <div className={`bt-progress-fill state-${sweep.phase}`} style={{ width: `${((progress?.fraction ?? 0) * 100).toFixed(1)}%` }} />
          </div>
          <span className="bt-progress-label" data-testid="bt-sweep-state">
            {sweep.phase} · {progress?.label ?? 'queuing'}
            {result !== null ? ` · ${result.points} points, ${result.skipped} skipped, ${Math.round(result.elapsedMs)} ms` : ''}
          </span>
        </div>
      )}
      {sweep.error !== null && (
        <p className="field-hint field-error" role="alert" data-testid="bt-sweep-error">
          {sweep.error}
        </p>
      )}
      {result !== null && heatmap !== null && (
        <div className="bt-sweep-result">
          <div className="bt-heat-controls">
            <label className="bt-inline">
              <span className="field-label">Heatmap of</span>
              <select data-testid="bt-heat-metric" value={heat.metric} onChange={(e) => onHeat({ metric: e.target.value as HeatMetric })}>
                {HEAT_METRICS.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="bt-inline">
              <span className="field-label">window</span>
              <select data-testid="bt-heat-window" value={heatmap.window} onChange={(e) => onHeat({ window: Number(e.target.value) })}>
                {heatmap.windows.map((w) => (
                  <option key={w} value={w}>
                    {w}
                  </option>
                ))}
              </select>
            </label>
            <span className="bt-muted">{heatmap.method} · click a cell to load that run</span>
          </div>
          <div className="bt-sweep-grid">
            <Suspense fallback={<div className="bt-heatmap" />}>
              <BacktestHeatmap model={heatmap} onPick={onPick} />
            </Suspense>
            <div className="bt-table-wrap bt-sweep-table-wrap">
              <table className="bt-table" data-testid="bt-sweep-table">
                <thead>
                  <tr>
                    <th scope="col" className="num">window</th>
                    <th scope="col" className="num">entry</th>
                    <th scope="col" className="num">exit</th>
                    <th scope="col" className="num">{labelOf(heat.metric)}</th>
                    {heat.metric !== 'sharpe' && (
                      <th scope="col" className="num">
                        Sharpe
                      </th>
                    )}
                    <th scope="col" className="num">Return</th>
                    <th scope="col" className="num">Max DD</th>
                    <th scope="col" className="num">Trades</th>
                    <th scope="col" className="num">Win</th>
                  </tr>
                </thead>
                <tbody>
                  {table.map((r) => (
                    <tr key={r.key} className={[r.best ? 'bt-best' : '', r.ruined ? 'bt-ruined' : ''].join(' ').trim() || undefined} data-testid="bt-sweep-row" data-ruined={r.ruined} onClick={() => onPick(r.point)} title={r.ruined ? 'This run lost the account (ruin); load it' : 'Load this run'}>
                      <td className="num">{r.point.window}</td>
                      <td className="num">{r.point.entry}</td>
                      <td className="num">{r.point.exit}</td>
                      <td className="num">{r.value}</td>
                      {heat.metric !== 'sharpe' && <td className="num">{r.sharpe}</td>}
                      <td className="num">
                        {r.totalReturn}
                        {r.ruined && <span className="bt-ruin-tag"> ruin</span>}
                      </td>
                      <td className="num">{r.maxDrawdown}</td>
                      <td className="num">{r.trades}</td>
                      <td className="num">{r.winRate}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          {wf !== null && wfLines !== null && (
            <div className="bt-wf" data-testid="bt-wf">
              <h3 className="bt-subtitle">
                Walk-forward: stitched out-of-sample equity ({wf.folds.length} folds{wf.anchored ? ', anchored' : ''}, chosen by {labelOf(wf.metric)}) · return {formatPercent(wf.report.metrics.totalReturn)} · Sharpe {formatSig(wf.report.metrics.sharpe, 3)}
              </h3>
              <BacktestEquityChart lines={wfLines} generation={0} testId="bt-wf-equity-chart" />
              <table className="bt-table">
                <thead>
                  <tr>
                    <th scope="col">Out of sample</th>
                    <th scope="col">Chosen (window / entry / exit)</th>
                    <th scope="col" className="num">In-sample {labelOf(wf.metric)}</th>
                    <th scope="col" className="num">OOS return</th>
                    <th scope="col" className="num">OOS trades</th>
                  </tr>
                </thead>
                <tbody>
                  {wf.folds.map((f) => (
                    <tr key={f.outOfSample.from}>
                      <td>
                        {formatBarTime(f.outOfSample.from, 1000, true)} · {f.outOfSample.bars} bars
                      </td>
                      <td>{f.chosen === null ? 'none (flat)' : `${f.chosen.window} / ${f.chosen.entry} / ${f.chosen.exit}`}</td>
                      <td className="num">{formatSig(f.inSampleMetric, 3)}</td>
                      <td className="num">{f.outOfSampleMetrics === null ? '\u2014' : formatPercent(f.outOfSampleMetrics.totalReturn)}</td>
                      <td className="num">{f.outOfSampleMetrics?.trades ?? '\u2014'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
