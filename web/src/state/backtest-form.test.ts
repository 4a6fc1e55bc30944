import { describe, expect, it } from 'vitest';
import type { BacktestResponse, SweepJobDto } from '../../../src/server/dto/backtest-schemas';
import type { BacktestApi } from '../api/backtest-client';
import { ApiError } from '../api/api-error';
import { BacktestController } from './backtest-actions';
import { DEFAULT_BACKTEST_FORM, fieldOfServerError, formOfBody, formToBody } from './backtest-form';
import { DEFAULT_SWEEP_FORM, parseNumberList, sweepToBody } from './backtest-sweep-form';
import { createDashboardStore } from './dashboard-store';

describe('formToBody', () => {
  it('turns the defaults into the API defaults, leaving out the absent stop and max hold', () => {
    const r = formToBody(DEFAULT_BACKTEST_FORM);
    expect(r).toEqual({
      ok: true,
      body: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1m', method: 'ols', window: 20, entry: 2, exit: 0.5, fill: 'next_open', notional: 10_000, feeBps: 5, slippageBps: 1 },
    });
  });

  it('names each wrong field', () => {
    const r = formToBody({ ...DEFAULT_BACKTEST_FORM, window: '1.5', exit: '2', stop: '1', maxHold: '0', notional: 'abc', x: 'ETHUSDT' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['exit', 'maxHold', 'notional', 'stop', 'window', 'x']);
    expect(r.errors.exit).toBe('exit must be < entry (2)');
  });

  it('round-trips through a request body', () => {
    const r = formToBody({ ...DEFAULT_BACKTEST_FORM, stop: '4', maxHold: '30', fill: 'next_close' });
    if (!r.ok) throw new Error('invalid');
    expect(formOfBody(r.body, DEFAULT_BACKTEST_FORM)).toEqual({ ...DEFAULT_BACKTEST_FORM, stop: '4', maxHold: '30', fill: 'next_close' });
  });
});

describe('fieldOfServerError', () => {
  it("finds the field a server message starts with, the API's names mapped to the form's", () => {
    expect(fieldOfServerError('exit must be < entry (got exit 2, entry 2)')).toBe('exit');
    expect(fieldOfServerError('y: no stored 1m bars of DOGEUSDT')).toBe('y');
    expect(fieldOfServerError('maxHoldBars must be ≥ 1')).toBe('maxHold');
    expect(fieldOfServerError('body/window must be integer')).toBe('window');
    expect(fieldOfServerError('grid has no point with exit < entry')).toBeNull();
  });
});

describe('sweep grid', () => {
  it('reads lists with commas or spaces, deduplicated and ascending', () => {
    expect(parseNumberList('2, 1.5 2;1', 'entry')).toEqual({ ok: true, values: [1, 1.5, 2] });
    expect(parseNumberList('', 'entry')).toEqual({ ok: false, error: 'entry: at least one value' });
    expect(parseNumberList('10, 2.5', 'window', true)).toEqual({ ok: false, error: "window: '2.5' is not a whole number" });
  });

  it("builds the sweep over the run form's execution model", () => {
    const r = sweepToBody({ ...DEFAULT_SWEEP_FORM, entries: '1, 2', exits: '0 0.5', windows: '10', walkForward: true, folds: '2' }, { ...DEFAULT_BACKTEST_FORM, tf: '1s', method: 'kalman', entry: 'bad' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.points).toBe(4);
    expect(r.body).toMatchObject({ tf: '1s', grid: { entry: [1, 2], exit: [0, 0.5], window: [10], method: ['kalman'] }, metric: 'sharpe', walkForward: { folds: 2 } });
    expect('entry' in r.body).toBe(false);
  });

  it('refuses a grid where no exit is below an entry', () => {
    const r = sweepToBody({ ...DEFAULT_SWEEP_FORM, entries: '1', exits: '1, 2' }, DEFAULT_BACKTEST_FORM);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.exits).toBe('no grid point has exit < entry');
  });
});

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
});
