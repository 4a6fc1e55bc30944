import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKTEST_FORM, fieldOfServerError, formOfBody, formToBody } from './backtest-form';
import { DEFAULT_SWEEP_FORM, parseNumberList, sweepToBody } from './backtest-sweep-form';

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
