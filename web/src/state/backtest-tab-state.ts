/**
 * The Backtest tab's slice of the dashboard store: the forms, the last run (its report and the
 * pair's spread/z over the run's range, for the trade markers), the trades table's order, and
 * the sweep job with the heatmap's choices. Transitions are in backtest-actions.ts.
 * @module
 */

import type { BacktestResponse, SweepJobDto } from '../../../src/server/dto/backtest-schemas';
import type { PairPointDto } from '../../../src/server/dto/pair-schemas';
import { DEFAULT_BACKTEST_FORM, type BacktestField, type BacktestForm } from './backtest-form';
import { DEFAULT_SWEEP_FORM, type SweepForm, type SweepRequest } from './backtest-sweep-form';

export type HeatMetric = 'sharpe' | 'sortino' | 'totalReturn' | 'netPnl' | 'calmar' | 'profitFactor' | 'expectancy' | 'winRate' | 'maxDrawdown' | 'trades';

export type TradeSortKey = 'entryTime' | 'exitTime' | 'side' | 'zEntry' | 'zExit' | 'barsHeld' | 'netPnl' | 'returnPct' | 'fees' | 'funding' | 'exitReason';

export interface TradeSort {
  readonly key: TradeSortKey;
  readonly dir: 'asc' | 'desc';
}

export interface RunState {
  /** `running` while a request is out; the previous report stays on screen meanwhile. */
  readonly phase: 'idle' | 'running' | 'done' | 'error';
  readonly response: BacktestResponse | null;
  /** The server's (or the network's) message of the last failed run, and the field it names. */
  readonly error: string | null;
  readonly errorField: BacktestField | null;
  /** Bumped with every new report, so charts redraw with setData. */
  readonly generation: number;
}

/** The pair's spread and z over the run's range (GET /api/pairs/analytics), for the trade markers. */
export interface SignalState {
  readonly phase: 'idle' | 'loading' | 'ready' | 'error';
  readonly points: readonly PairPointDto[];
  readonly message: string | null;
  /** The run generation these points belong to. */
  readonly generation: number;
}

export interface SweepState {
  /** `submitting` until the server answers with a job; then the job's own state. */
  readonly phase: 'idle' | 'submitting' | 'queued' | 'running' | 'done' | 'cancelled' | 'error';
  readonly job: SweepJobDto | null;
  readonly error: string | null;
  /** The sweep as sent: a clicked cell reruns its point with this execution model, not the form's current one. */
  readonly request: SweepRequest | null;
}

export interface BacktestTabState {
  readonly form: BacktestForm;
  readonly run: RunState;
  readonly signal: SignalState;
  readonly tradeSort: TradeSort;
  readonly sweepForm: SweepForm;
  readonly sweep: SweepState;
  /** The heatmap's metric and the window (grid value) it shows; null: the best point's. */
  readonly heat: { readonly metric: HeatMetric; readonly window: number | null };
}

export const initialBacktestTabState: BacktestTabState = {
  form: DEFAULT_BACKTEST_FORM,
  run: { phase: 'idle', response: null, error: null, errorField: null, generation: 0 },
  signal: { phase: 'idle', points: [], message: null, generation: 0 },
  tradeSort: { key: 'entryTime', dir: 'asc' },
  sweepForm: DEFAULT_SWEEP_FORM,
  sweep: { phase: 'idle', job: null, error: null, request: null },
  heat: { metric: 'sharpe', window: null },
};
