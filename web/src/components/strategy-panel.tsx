/**
 * The Strategies panel of the Backtest tab: every paper strategy with its pair, rule, state,
 * position, unrealised and realised PnL and today's trades; a click selects one, which shows
 * its live equity beside its backtest's (live over `strategy:<id>`), its trades in the
 * backtest's trades table, and Flatten and Stop. State in `state.strategies`; I/O in
 * `strategyFeed`.
 * @module
 */

import { useMemo, useState } from 'react';
import { parseTimeframe } from '../../../src/model/timeframe';
import type { BacktestBody } from '../../../src/server/dto/backtest-schemas';
import type { StrategyDto } from '../../../src/server/dto/strategy-schemas';
import type { TradeSort, TradeSortKey } from '../state/backtest-tab-state';
import { useDashboard } from '../state/dashboard-store';
import { strategyFeed } from '../state/strategy-app-feed';
import { backtestBodyOf, strategyList } from '../state/strategy-state';
import { tradeRows } from '../view/backtest-trades-model';
import { formatBarTime } from '../view/format';
import { backtestEquityLine, backtestOf, liveEquityLine, strategyRow } from '../view/strategy-model';
import { BacktestTradesTable } from './backtest-trades-table';
import { StrategyEquityChart } from './strategy-equity-chart';

const tfMsOf = (tf: string): number => {
  const spec = parseTimeframe(tf);
  return spec.ok ? spec.value.ms : 60_000;
};

export interface StrategyPanelProps {
  /** Runs a backtest (the one that reproduces a strategy's live period) in the report above. */
  readonly onBacktest: (body: BacktestBody) => void;
}

/**
 * The strategy's fills priced at the touch (each leg at the last taker trade of its side before
 * the fill) against the model's price with slippage; `strategyFeed` reads it again after each
 * read of the selected strategy.
 */
function StrategyTouch({ id }: { readonly id: string }) {
  const touch = useDashboard((s) => s.strategies.touch[id] ?? null);
  if (touch === null || touch.fills.length === 0) return null;
  const total = touch.totalExtraCost;
  return (
    <p className="bt-muted" data-testid="st-touch" title="Each leg at the last taker trade of its side before the fill (a buy at the ask, a sell at the bid), within a minute, against the fill price with slippage; the book stays on the model's fills">
      At the touch: {total >= 0 ? '+' : '−'}
      {Math.abs(total).toFixed(2)} in cost against the model, over {touch.priced} of {touch.fills.length} fills priced
    </p>
  );
}

function StrategyDetail({ strategy, generation, onBacktest }: { readonly strategy: StrategyDto; readonly generation: number } & StrategyPanelProps) {
  const origin = useDashboard((s) => s.strategies.origins[strategy.id] ?? null);
  const onScreen = useDashboard((s) => s.backtest.run.response);
  const [sort, setSort] = useState<TradeSort>({ key: 'entryTime', dir: 'asc' });
  const tfMs = tfMsOf(strategy.request.tf);
  const report = backtestOf(strategy, origin, onScreen);
  const backtest = useMemo(() => (report === null ? null : backtestEquityLine(report)), [report]);
  // Keyed on the equity alone: a push that moves only the position keeps the line (and the chart) as is.
  const equity = strategy.equity;
  const live = useMemo(() => liveEquityLine(equity), [equity]);
  const rows = useMemo(() => tradeRows(strategy.trades, sort, tfMs), [strategy.trades, sort, tfMs]);
  const onSort = (key: TradeSortKey) => setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }));
  const row = strategyRow(strategy, Date.now());
  const last = strategy.equity[strategy.equity.length - 1];
  const replay = backtestBodyOf(strategy);
  return (
    <div className="st-detail" data-testid="st-detail" data-strategy={strategy.id}>
      <div className="st-detail-head">
        <span className="bt-summary">
          {row.pair} · {row.rule} · {row.state} · started {formatBarTime(strategy.startedAt, 1000, true)}
          {strategy.lastBarStart !== null && ` · last bar ${formatBarTime(strategy.lastBarStart, tfMs, true)}`}
          {last !== undefined && ` · equity ${last.value.toFixed(2)}`}
        </span>
        <span className="st-actions">
          <button type="button" className="button" data-testid="st-backtest-live" disabled={replay === null} onClick={() => replay !== null && onBacktest(replay)} title="Backtest the bars this strategy has traded, to set its live equity against the backtest's">
            Backtest the live period
          </button>
          <button type="button" className="button" data-testid="st-flatten" disabled={!row.live || strategy.position.side === null} onClick={() => void strategyFeed.flatten(strategy.id)} title="Close the position at the next fill">
            Flatten
          </button>
          <button type="button" className="button button-stop" data-testid="st-stop" disabled={!row.live} onClick={() => void strategyFeed.stopStrategy(strategy.id)} title="Stop trading; the record stays">
            Stop
          </button>
        </span>
      </div>
      <h3 className="bt-subtitle">
        Equity: live (paper){backtest === null ? '' : ' and the backtest with the same parameters'}
      </h3>
      <StrategyEquityChart live={live} backtest={backtest} generation={generation} />
      <StrategyTouch id={strategy.id} />
      <h3 className="bt-subtitle">Trades ({strategy.trades.length})</h3>
      {strategy.trades.length === 0 ? <p className="bt-empty" data-testid="st-trades-empty">No closed trades yet.</p> : <BacktestTradesTable rows={rows} sort={sort} onSort={onSort} />}
    </div>
  );
}

export function StrategyPanel({ onBacktest }: StrategyPanelProps) {
  const strategies = useDashboard((s) => s.strategies);
  const offset = useDashboard((s) => s.clockOffsetMs);
  const list = useMemo(() => strategyList(strategies), [strategies]);
  const now = Date.now() + offset;
  const rows = list.map((s) => strategyRow(s, now));
  const selected = strategies.selected === null ? undefined : strategies.byId[strategies.selected];
  return (
    <section className="panel bt-section" data-testid="st-panel">
      <h2 className="panel-title">Strategies (paper trading on live bars)</h2>
      {strategies.error !== null && (
        <p className="field-hint field-error" role="alert" data-testid="st-error">
          {strategies.error}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="bt-empty" data-testid="st-empty">
          {strategies.phase === 'loading' || strategies.phase === 'idle' ? 'Loading…' : 'No paper strategies: run a backtest and press "Run live (paper)" on its report.'}
        </p>
      ) : (
        <div className="bt-table-wrap st-table-wrap">
          <table className="bt-table" data-testid="st-table">
            <thead>
              <tr>
                <th scope="col">Pair</th>
                <th scope="col">Rule</th>
                <th scope="col">State</th>
                <th scope="col">Position</th>
                <th scope="col" className="num">Unrealised</th>
                <th scope="col" className="num">Realised</th>
                <th scope="col" className="num">Today</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="st-row" data-strategy={r.id} aria-selected={r.id === strategies.selected} className={r.id === strategies.selected ? 'st-selected' : undefined} onClick={() => strategyFeed.select(r.id)} title="Show its equity and trades">
                  <td>{r.pair}</td>
                  <td>{r.rule}</td>
                  <td className={r.live ? 'st-live' : 'st-stopped'} data-testid="st-state">
                    {r.state}
                  </td>
                  <td className={r.side === null ? undefined : `side-${r.side}`} data-testid="st-position">
                    {r.position}
                  </td>
                  <td className={`num tone-${r.unrealised.tone}`} data-testid="st-unrealised">
                    {r.unrealised.text}
                  </td>
                  <td className={`num tone-${r.realised.tone}`} data-testid="st-realised">
                    {r.realised.text}
                  </td>
                  <td className="num" data-testid="st-today" title={`${r.trades} trades in all`}>
                    {r.today}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected !== undefined && <StrategyDetail strategy={selected} generation={strategies.generation} onBacktest={onBacktest} />}
    </section>
  );
}

/** "Run live (paper)" on a report: starts a strategy with the report's parameters. */
export function RunLiveButton() {
  const response = useDashboard((s) => s.backtest.run.response);
  const start = useDashboard((s) => s.strategies.start);
  if (response === null) return null;
  return (
    <span className="st-run-live">
      <button type="button" className="button button-start" data-testid="bt-run-live" disabled={start.phase === 'starting'} onClick={() => void strategyFeed.startFrom(response)} title="Start a paper strategy with these parameters on live bars">
        {start.phase === 'starting' ? 'Starting…' : 'Run live (paper)'}
      </button>
      {start.phase === 'started' && start.id !== null && (
        <span className="bt-muted" data-testid="bt-run-live-started">
          Started paper strategy {start.id}: see Strategies below.
        </span>
      )}
      {start.phase === 'error' && (
        <span className="field-hint field-error" role="alert" data-testid="bt-run-live-error">
          {start.error}
        </span>
      )}
    </span>
  );
}

