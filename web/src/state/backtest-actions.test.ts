import { describe, expect, it } from 'vitest';
import type { BacktestResponse, SweepJobDto } from '../../../src/server/dto/backtest-schemas';
import { ApiError } from '../api/api-error';
import type { BacktestApi } from '../api/backtest-client';
import { BacktestController } from './backtest-actions';
import { createDashboardStore } from './dashboard-store';

const job = (state: SweepJobDto['state'], done: number): SweepJobDto => ({ id: 'j1', state, done, total: 4, createdAt: 0, finishedAt: null, error: null, result: null });

function fakeApi(overrides: Partial<BacktestApi>): BacktestApi {
  const never = () => Promise.reject(new Error('not expected'));
  return { run: never, sweep: never, job: never, cancel: never, pair: never, ...overrides };
}

const until = async (f: () => boolean) => {
  for (let i = 0; i < 200 && !f(); i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(f()).toBe(true);
};

describe('BacktestController', () => {
  it("shows the server's 400 message beside the field it names", async () => {
    const store = createDashboardStore();
    const c = new BacktestController(store, fakeApi({ run: () => Promise.reject(new ApiError(400, 'invalid_backtest', 'window: only 60 aligned 1m bars; the window needs at least 502')) }));
    c.run();
    await until(() => store.getState().backtest.run.phase === 'error');
    expect(store.getState().backtest.run).toMatchObject({ errorField: 'window', error: expect.stringContaining('only 60') });
  });

  it('runs a body exactly as given (its range too), the form showing its parameters', async () => {
    const store = createDashboardStore();
    let sent: unknown = null;
    const c = new BacktestController(store, fakeApi({ run: (b) => ((sent = b), new Promise(() => undefined)) }));
    const body = { y: 'SOLUSDT', x: 'BTCUSDT', tf: '1s', from: 5000, to: 9000, method: 'ols', window: 10, entry: 0.5, exit: 0.1, capital: 10_000 } as const;
    c.runExact(body);
    await until(() => sent !== null);
    expect(sent).toEqual(body);
    expect(store.getState().backtest.form).toMatchObject({ y: 'SOLUSDT', tf: '1s', window: '10', entry: '0.5', exit: '0.1' });
  });

  it('loads a run, then the spread/z of its range', async () => {
    const store = createDashboardStore();
    const response = { request: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'ols', window: 20, delta: 1e-4, ve: 1e-3 }, report: { metrics: { bars: 10, startTime: 1000, endTime: 10_000 }, trades: [], curves: { time: [], equity: [], drawdown: [] } }, computeMs: 1 } as unknown as BacktestResponse;
    let asked: unknown = null;
    const series = { ts: [1000], y: [1], x: [2], yFilled: [false], xFilled: [false], beta: [0.5], alpha: [0], spread: [0.1], z: [1.5], corr: [0.9], olsBeta: [0.5] };
    const c = new BacktestController(store, fakeApi({ run: () => Promise.resolve(response), pair: (q) => ((asked = q), Promise.resolve({ series } as never)) }));
    c.run();
    await until(() => store.getState().backtest.signal.phase === 'ready');
    expect(store.getState().backtest.run).toMatchObject({ phase: 'done', generation: 1 });
    expect(asked).toMatchObject({ from: 1000, to: 11_000, tf: '1s' });
    expect(store.getState().backtest.signal.points[0]?.z).toBe(1.5);
  });

  it('polls a sweep job until it is done', async () => {
    const store = createDashboardStore();
    store.setState((s) => ({ backtest: { ...s.backtest, sweepForm: { ...s.backtest.sweepForm, entries: '1, 2', exits: '0, 0.5', windows: '10' } } }));
    const states = [job('running', 1), job('running', 3), job('done', 4)];
    const c = new BacktestController(store, fakeApi({ sweep: () => Promise.resolve(job('queued', 0)), job: () => Promise.resolve(states.shift() ?? job('done', 4)) }));
    await c.sweep();
    expect(store.getState().backtest.sweep.phase).toBe('queued');
    await until(() => store.getState().backtest.sweep.phase === 'done');
    expect(store.getState().backtest.sweep.job?.done).toBe(4);
    c.stop();
  });

  it('cancels a running sweep with DELETE and stops polling', async () => {
    const store = createDashboardStore();
    let polls = 0;
    const cancelled: string[] = [];
    const c = new BacktestController(
      store,
      fakeApi({
        sweep: () => Promise.resolve(job('running', 1)),
        job: () => ((polls += 1), Promise.resolve(job('running', 2))),
        cancel: (id) => (cancelled.push(id), Promise.resolve(job('cancelled', 2))),
      }),
    );
    await c.sweep();
    await c.cancel();
    expect(cancelled).toEqual(['j1']);
    expect(store.getState().backtest.sweep.phase).toBe('cancelled');
    const after = polls;
    await new Promise((r) => setTimeout(r, 600));
    expect(polls).toBe(after);
  });

  it("reruns a clicked point with the sweep's execution model, not the form's later edits", async () => {
    const store = createDashboardStore();
    store.setState((s) => ({ backtest: { ...s.backtest, form: { ...s.backtest.form, tf: '1s', feeBps: '2' } } }));
    const sent: unknown[] = [];
    const c = new BacktestController(store, fakeApi({ sweep: () => Promise.resolve(job('done', 4)), run: (body) => (sent.push(body), new Promise(() => undefined)) }));
    await c.sweep();
    store.setState((s) => ({ backtest: { ...s.backtest, form: { ...s.backtest.form, tf: '5m', feeBps: '9' } } }));
    c.runPoint({ method: 'ols', window: 30, entry: 1.5, exit: 0.5 });
    expect(sent).toEqual([expect.objectContaining({ tf: '1s', feeBps: 2, window: 30, entry: 1.5, exit: 0.5, method: 'ols' })]);
    expect(sent[0]).not.toHaveProperty('grid');
    expect(store.getState().backtest.form).toMatchObject({ tf: '1s', feeBps: '2', window: '30', entry: '1.5', exit: '0.5' });
    c.stop();
  });
});
