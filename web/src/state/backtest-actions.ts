/**
 * Transitions of the Backtest tab's slice (`state.backtest`), and `BacktestController`, which
 * does the tab's I/O: a run (then the pair's spread/z over its range, for the trade markers),
 * a sweep job followed by polling `GET /api/backtest/sweep/:id` until it ends, and Cancel.
 * Like the store's `actions`, everything takes the store, so tests run it on a fresh one.
 * @module
 */

import { parseTimeframe } from '../../../src/model/timeframe';
import type { BacktestBody, BacktestResponse, SweepJobDto } from '../../../src/server/dto/backtest-schemas';
import { ApiError, errorMessage } from '../api/api-error';
import type { BacktestApi } from '../api/backtest-client';
import type { DashboardState, DashboardStore } from './dashboard-store';
import { rangeContextOf, resolveRange } from './history-range';
import { fieldOfServerError, formOfBody, formToBody, type BacktestForm } from './backtest-form';
import { sweepToBody, type SweepForm } from './backtest-sweep-form';
import type { BacktestTabState, HeatMetric, TradeSortKey } from './backtest-tab-state';
import { pointsFromColumns } from './pair-points';

/** The pair analytics API reads at most this many bars a leg. */
const MAX_SIGNAL_BARS = 86_400;
/** How often a running sweep job is read. */
export const SWEEP_POLL_MS = 250;

/**
 * The bounds of the history picker's range for a pair: none for `latest` (a backtest runs on
 * every stored bar), else the range's `from` and, when it ends before now, its `to`.
 */
export function pickedRange(state: Pick<DashboardState, 'status' | 'clockOffsetMs' | 'history'>, y: string, x: string): { from?: number; to?: number } {
  const r = resolveRange(state.history.range, rangeContextOf(state, [y, x]));
  return r === null ? {} : { from: r.from, ...(r.to === undefined ? {} : { to: r.to }) };
}

function patch(store: DashboardStore, f: (b: BacktestTabState) => Partial<BacktestTabState> | null): void {
  store.setState((s) => {
    const change = f(s.backtest);
    return change === null ? {} : { backtest: { ...s.backtest, ...change } };
  });
}

export const backtestActions = {
  setForm(store: DashboardStore, change: Partial<BacktestForm>): void {
    patch(store, (b) => ({ form: { ...b.form, ...change }, run: b.run.error === null ? b.run : { ...b.run, error: null, errorField: null } }));
  },

  setSweepForm(store: DashboardStore, change: Partial<SweepForm>): void {
    patch(store, (b) => ({ sweepForm: { ...b.sweepForm, ...change } }));
  },

  /** A click on a column header: that column ascending, or the other way round if it already sorts. */
  sortTrades(store: DashboardStore, key: TradeSortKey): void {
    patch(store, (b) => ({ tradeSort: b.tradeSort.key === key ? { key, dir: b.tradeSort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' } }));
  },

  setHeat(store: DashboardStore, change: { metric?: HeatMetric; window?: number | null }): void {
    patch(store, (b) => ({ heat: { ...b.heat, ...change } }));
  },

  runStarted(store: DashboardStore): void {
    patch(store, (b) => ({ run: { ...b.run, phase: 'running', error: null, errorField: null } }));
  },

  runDone(store: DashboardStore, response: BacktestResponse): void {
    patch(store, (b) => ({
      run: { phase: 'done', response, error: null, errorField: null, generation: b.run.generation + 1 },
      signal: { phase: 'loading', points: [], message: null, generation: b.run.generation + 1 },
    }));
  },

  runFailed(store: DashboardStore, message: string): void {
    patch(store, (b) => ({ run: { ...b.run, phase: 'error', error: message, errorField: fieldOfServerError(message) } }));
  },

  sweepChanged(store: DashboardStore, job: SweepJobDto): void {
    patch(store, (b) => (b.sweep.job !== null && b.sweep.job.id !== job.id && b.sweep.phase !== 'submitting' ? null : { sweep: { ...b.sweep, phase: job.state, job, error: job.error?.message ?? null } }));
  },

  sweepFailed(store: DashboardStore, message: string): void {
    patch(store, (b) => ({ sweep: { ...b.sweep, phase: 'error', error: message } }));
  },
};

export class BacktestController {
  private runSeq = 0;
  private runAbort: AbortController | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly store: DashboardStore,
    private readonly api: BacktestApi,
  ) {}

  /** Runs the form's parameters; invalid fields stop it before any request (the form shows why). */
  run(): void {
    const state = this.store.getState();
    const parsed = formToBody(state.backtest.form);
    if (parsed.ok) void this.runBody({ ...parsed.body, ...pickedRange(state, parsed.body.y, parsed.body.x) });
  }

  /**
   * Runs a sweep point with the sweep's execution model (pair, timeframe, costs, as sent), so
   * that it reproduces the cell even if the form changed since; the form takes its parameters.
   */
  runPoint(point: { entry: number; exit: number; window: number; method: BacktestBody['method'] }): void {
    const { form, sweep } = this.store.getState().backtest;
    let common: Omit<BacktestBody, 'entry' | 'exit' | 'window' | 'method'>;
    if (sweep.request !== null) {
      const { grid: _grid, metric: _metric, heatmap: _heatmap, walkForward: _wf, ...rest } = sweep.request;
      common = rest;
    } else {
      const parsed = formToBody(form);
      if (!parsed.ok) return;
      common = { ...parsed.body, ...pickedRange(this.store.getState(), parsed.body.y, parsed.body.x) };
    }
    const body: BacktestBody = { ...common, entry: point.entry, exit: point.exit, window: point.window, method: point.method };
    backtestActions.setForm(this.store, formOfBody(body, form));
    void this.runBody(body);
  }

  /** Runs `body` as it is (its range too), with the form showing its parameters. */
  runExact(body: BacktestBody): void {
    backtestActions.setForm(this.store, formOfBody(body, this.store.getState().backtest.form));
    void this.runBody(body);
  }

  private async runBody(body: BacktestBody): Promise<void> {
    const seq = ++this.runSeq;
    this.runAbort?.abort();
    const abort = new AbortController();
    this.runAbort = abort;
    backtestActions.runStarted(this.store);
    let response: BacktestResponse;
    try {
      response = await this.api.run(body, abort.signal);
    } catch (e) {
      if (seq === this.runSeq && !abort.signal.aborted) backtestActions.runFailed(this.store, errorMessage(e));
      return;
    }
    if (seq !== this.runSeq) return;
    backtestActions.runDone(this.store, response);
    await this.loadSignal(seq, response, abort.signal);
  }

  private async loadSignal(seq: number, response: BacktestResponse, signal: AbortSignal): Promise<void> {
    const { request: r, report } = response;
    const spec = parseTimeframe(r.tf);
    const tfMs = spec.ok ? spec.value.ms : 60_000;
    const generation = this.store.getState().backtest.run.generation;
    const to = report.metrics.endTime + tfMs;
    const from = Math.max(report.metrics.startTime, to - MAX_SIGNAL_BARS * tfMs);
    const set = (change: Partial<BacktestTabState['signal']>) =>
      patch(this.store, (b) => (b.signal.generation !== generation ? null : { signal: { ...b.signal, ...change } }));
    if (report.metrics.bars === 0) {
      set({ phase: 'ready', points: [] });
      return;
    }
    try {
      const pair = await this.api.pair({ y: r.y, x: r.x, tf: r.tf, method: r.method, window: r.window, from, to, delta: r.delta, ve: r.ve }, signal);
      if (seq === this.runSeq) set({ phase: 'ready', points: pointsFromColumns(pair.series), message: null });
    } catch (e) {
      if (seq === this.runSeq && !signal.aborted) set({ phase: 'error', message: errorMessage(e) });
    }
  }

  /** Queues the grid; progress then comes from polling the job until it ends. */
  async sweep(): Promise<void> {
    const state = this.store.getState();
    const { sweepForm, form } = state.backtest;
    const checked = sweepToBody(sweepForm, form);
    if (!checked.ok) return;
    const parsed = { ...checked, body: { ...checked.body, ...pickedRange(state, checked.body.y, checked.body.x) } };
    this.stopPolling();
    patch(this.store, (b) => ({ sweep: { phase: 'submitting', job: null, error: null, request: parsed.body }, heat: { ...b.heat, window: null } }));
    try {
      const job = await this.api.sweep(parsed.body);
      backtestActions.sweepChanged(this.store, job);
      this.poll(job.id);
    } catch (e) {
      backtestActions.sweepFailed(this.store, errorMessage(e));
    }
  }

  async cancel(): Promise<void> {
    const job = this.store.getState().backtest.sweep.job;
    if (job === null) return;
    try {
      backtestActions.sweepChanged(this.store, await this.api.cancel(job.id));
      this.stopPolling();
    } catch (e) {
      // A job that finished meanwhile cannot be cancelled; the next poll shows how it ended.
      if (!(e instanceof ApiError && e.status === 404)) backtestActions.sweepFailed(this.store, errorMessage(e));
    }
  }

  private poll(id: string): void {
    this.stopPolling();
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.api.job(id).then(
        (job) => {
          if (this.store.getState().backtest.sweep.job?.id !== id) return;
          backtestActions.sweepChanged(this.store, job);
          if (job.state === 'queued' || job.state === 'running') this.poll(id);
        },
        (e: unknown) => backtestActions.sweepFailed(this.store, errorMessage(e)),
      );
    }, SWEEP_POLL_MS);
  }

  private stopPolling(): void {
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  /** Stops polling and drops a run in flight (the tab was closed). */
  stop(): void {
    this.stopPolling();
    this.runAbort?.abort();
  }
}
