/**
 * The Backtest tab's content (loaded lazily by tabs/backtest-tab.tsx): parameters and Run (POST /api/backtest), the metric cards, the equity and
 * drawdown chart, the spread/z chart with every trade marked at its entry and exit, the
 * sortable trades table, and the parameter sweep with its heatmap, where a click on a cell
 * loads that run; "Run live (paper)" on the report and the Strategies panel (strategy-panel.tsx).
 * State lives in `state.backtest`; `BacktestController` does the I/O.
 * @module
 */

import { useCallback, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { parseTimeframe } from '../../../src/model/timeframe';
import { backtestApi } from '../api/backtest-client';
import { BacktestEquityChart } from './backtest-equity-chart';
import { BacktestMetrics } from './backtest-metrics';
import { BacktestParams } from './backtest-params';
import { BacktestSignalChart } from './backtest-signal-chart';
import { BacktestSweepPanel } from './backtest-sweep-panel';
import { BacktestTradesTable } from './backtest-trades-table';
import { RunLiveButton, StrategyPanel } from './strategy-panel';
import { backtestActions, BacktestController } from '../state/backtest-actions';
import type { BacktestBody } from '../../../src/server/dto/backtest-schemas';
import type { BacktestForm } from '../state/backtest-form';
import type { SweepForm } from '../state/backtest-sweep-form';
import type { HeatMetric, TradeSortKey } from '../state/backtest-tab-state';
import { dashboardStore, selectWatchedSymbols, useDashboard } from '../state/dashboard-store';
import { equityLines, signalLines, tradeMarkers } from '../view/backtest-chart-data';
import type { SweepPoint } from '../view/backtest-heatmap-model';
import { metricCards, ruinNotice } from '../view/backtest-metrics-model';
import { tradeRows } from '../view/backtest-trades-model';
import { formatBarTime } from '../view/format';
import '../tabs/backtest.css';

/** One controller for the page: a sweep keeps being followed while another tab is open. */
const controller = new BacktestController(dashboardStore, backtestApi);

const onForm = (change: Partial<BacktestForm>) => backtestActions.setForm(dashboardStore, change);
const onSweepForm = (change: Partial<SweepForm>) => backtestActions.setSweepForm(dashboardStore, change);
const onHeat = (change: { metric?: HeatMetric; window?: number | null }) => backtestActions.setHeat(dashboardStore, change);
const onSort = (key: TradeSortKey) => backtestActions.sortTrades(dashboardStore, key);
const onRun = () => controller.run();
const onSweep = () => void controller.sweep();
const onCancel = () => void controller.cancel();
const onPick = (p: SweepPoint) => controller.runPoint(p);
const onBacktestLive = (body: BacktestBody) => controller.runExact(body);

function tfMsOf(tf: string): number {
  const spec = parseTimeframe(tf);
  return spec.ok ? spec.value.ms : 60_000;
}

function RunReport() {
  const run = useDashboard((s) => s.backtest.run);
  const signal = useDashboard((s) => s.backtest.signal);
  const sort = useDashboard((s) => s.backtest.tradeSort);
  const response = run.response;
  const cards = useMemo(() => (response === null ? [] : metricCards(response.report.metrics)), [response]);
  const equity = useMemo(() => (response === null ? null : equityLines(response.report)), [response]);
  const tfMs = tfMsOf(response?.request.tf ?? '1m');
  const rows = useMemo(() => (response === null ? [] : tradeRows(response.report.trades, sort, tfMs)), [response, sort, tfMs]);
  const signalData = useMemo(() => signalLines(signal.points), [signal.points]);
  const markers = useMemo(() => (response === null ? [] : tradeMarkers(response.report.trades)), [response]);
  const sortBy = useCallback(onSort, []);

  if (response === null || equity === null) {
    return (
      <p className="bt-empty" data-testid="bt-report-empty">
        {run.phase === 'running' ? 'Running…' : 'Choose the parameters and press Run: the report, the equity curve and the trades show here.'}
      </p>
    );
  }
  const r = response.request;
  const m = response.report.metrics;
  return (
    <div className="bt-report" data-testid="bt-report" data-generation={run.generation} aria-busy={run.phase === 'running'}>
      <div className="st-report-head">
        <p className="bt-summary" data-testid="bt-summary">
          {r.y}/{r.x} at {r.tf} · {r.method} window {r.window} · entry {r.entry} exit {r.exit}
          {r.stop !== null ? ` stop ${r.stop}` : ''}
          {r.maxHoldBars !== null ? ` max hold ${r.maxHoldBars}` : ''} · fill {r.fill.replace('_', ' ')} · {r.notional} USDT, {r.feeBps} bps fee, {r.slippageBps} bps slippage · {m.bars} bars {formatBarTime(m.startTime, tfMs, true)} → {formatBarTime(m.endTime, tfMs, true)} · {Math.round(response.computeMs)} ms
        </p>
        <RunLiveButton />
      </div>
      {m.ruined && (
        <p className="bt-ruin" role="alert" data-testid="bt-ruin">
          {ruinNotice(m, tfMs)}
        </p>
      )}
      <BacktestMetrics cards={cards} />
      <section className="panel bt-section">
        <h2 className="panel-title">Equity and drawdown</h2>
        <BacktestEquityChart lines={equity} generation={run.generation} testId="bt-equity-chart" />
      </section>
      <section className="panel bt-section">
        <h2 className="panel-title">Spread and z with trades (▲ long, ▼ short, ● exit)</h2>
        {signal.phase === 'error' ? (
          <p className="field-hint field-error" data-testid="bt-signal-error">
            Could not load the spread and z: {signal.message}
          </p>
        ) : (
          <BacktestSignalChart lines={signalData} markers={markers} entry={r.entry} exit={r.exit} generation={signal.generation} />
        )}
      </section>
      <section className="panel bt-section">
        <h2 className="panel-title">Trades ({m.trades})</h2>
        <BacktestTradesTable rows={rows} sort={sort} onSort={sortBy} />
      </section>
    </div>
  );
}

export function BacktestTabView() {
  const { form, run, sweepForm, sweep, heat } = useDashboard(useShallow((s) => ({ form: s.backtest.form, run: s.backtest.run, sweepForm: s.backtest.sweepForm, sweep: s.backtest.sweep, heat: s.backtest.heat })));
  const symbols = useDashboard(useShallow(selectWatchedSymbols));
  return (
    <div className="bt-tab" data-testid="backtest-tab">
      <section className="panel bt-section">
        <h2 className="panel-title">Backtest: z-score rule, signal on bar t&apos;s close, filled at t+1</h2>
        <BacktestParams form={form} symbols={symbols} run={run} onChange={onForm} onRun={onRun} />
      </section>
      <RunReport />
      <StrategyPanel onBacktest={onBacktestLive} />
      <BacktestSweepPanel sweepForm={sweepForm} form={form} sweep={sweep} heat={heat} onChange={onSweepForm} onHeat={onHeat} onRun={onSweep} onCancel={onCancel} onPick={onPick} />
    </div>
  );
}
