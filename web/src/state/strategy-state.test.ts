import { describe, expect, it } from 'vitest';
import type { BacktestResponse } from '../../../src/server/dto/backtest-schemas';
import type { StrategyDto, StrategyStreamMessage, StrategySummaryDto } from '../../../src/server/dto/strategy-schemas';
import { backtestBodyOf, freshStrategy, initialStrategiesState, sameParameters, strategyBodyOf, strategyList, strategyReducer, withEquityPoint, type StrategiesState, type StrategyEvent } from './strategy-state';

/** A strategy's request as the server fills it in, and the body that asked for it. */
const request = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'ols' as const, prices: 'raw' as const, window: 10, delta: 1e-4, ve: 1e-3, entry: 0.5, exit: 0.1, stop: null, maxHoldBars: null, fill: 'next_open', notional: 10_000, sizing: 'dollar_neutral', feeBps: 5, slippageBps: 1, lotStepY: null, lotStepX: null, capital: 10_000, funding: null };
const body = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'ols', window: 10, entry: 0.5, exit: 0.1, stop: null, maxHoldBars: null, fill: 'next_open', notional: 10_000, sizing: 'dollar_neutral', feeBps: 5, slippageBps: 1 } as const;
const created = (id: string, startedAt: number): StrategySummaryDto => ({ id, request, state: 'running', startedAt, stoppedAt: null, warmupFrom: startedAt - 10_000, lastBarStart: null, backtestRange: null });
const strategy = (id: string, startedAt: number, patch: Partial<StrategyDto> = {}): StrategyDto => ({ ...freshStrategy(created(id, startedAt)), ...patch });
const reduce = (events: readonly StrategyEvent[], from: StrategiesState = initialStrategiesState) => events.reduce(strategyReducer, from);
const push = (id: string, time: number, value: number, side: 'long' | 'short' | null = 'long'): StrategyStreamMessage => ({
  type: 'strategy', channel: `strategy:${id}`, id, position: { side, qy: 1, qx: -0.05, entryTime: time, entryY: 3000, entryX: 60_000, unrealisedPnl: value - 10_000 }, equity: { time, value }, metrics: null, lastBarStart: time, state: 'running',
});
const backtest = {
  request: { ...request, from: 1000, to: 2000, funding: false },
  report: { metrics: {}, trades: [], curves: { time: [1000, 2000], equity: [10_000, 10_010], drawdown: [0, 0] } },
  computeMs: 3,
} as unknown as BacktestResponse;

describe('strategyReducer', () => {
  it('lists newest first and selects the newest when nothing is selected', () => {
    const s = reduce([{ type: 'listed', items: [strategy('a', 1000), strategy('b', 3000), strategy('c', 2000)] }]);
    expect(strategyList(s).map((x) => x.id)).toEqual(['b', 'c', 'a']);
    expect(s.selected).toBe('b');
    expect(s.phase).toBe('ready');
  });

  it('keeps the selection across a new list while the strategy is still there, and drops it when gone', () => {
    let s = reduce([{ type: 'listed', items: [strategy('a', 1000), strategy('b', 3000)] }, { type: 'select', id: 'a' }]);
    s = strategyReducer(s, { type: 'listed', items: [strategy('a', 1000), strategy('b', 3000), strategy('d', 4000)] });
    expect(s.selected).toBe('a');
    s = strategyReducer(s, { type: 'listed', items: [strategy('b', 3000)] });
    expect(s.selected).toBe('b');
  });

  it('keeps what was read of a strategy when a new list updates its summary', () => {
    let s = reduce([{ type: 'listed', items: [created('a', 1000)] }, { type: 'loaded', strategy: strategy('a', 1000, { trades: [{ netPnl: 1 } as StrategyDto['trades'][number]] }) }]);
    expect(s.detailed['a']).toBe(true);
    s = strategyReducer(s, { type: 'listed', items: [{ ...created('a', 1000), state: 'stopped', stoppedAt: 5000 }] });
    expect(s.byId['a']).toMatchObject({ state: 'stopped', stoppedAt: 5000, trades: [{ netPnl: 1 }] });
  });

  it('moves a strategy on with each push: position, and equity appended in time order', () => {
    let s = reduce([{ type: 'listed', items: [strategy('a', 1000)] }]);
    s = reduce([{ type: 'pushed', message: push('a', 5000, 10_010) }, { type: 'pushed', message: push('a', 6000, 10_020) }], s);
    expect(s.byId['a']?.equity).toEqual([{ time: 5000, value: 10_010 }, { time: 6000, value: 10_020 }]);
    expect(s.byId['a']?.position.side).toBe('long');
    expect(s.byId['a']?.lastBarStart).toBe(6000);
  });

  it('ignores a push for a strategy it does not know', () => {
    const s = reduce([{ type: 'listed', items: [strategy('a', 1000)] }]);
    expect(strategyReducer(s, { type: 'pushed', message: push('zz', 5000, 1) })).toBe(s);
  });

  it('puts a started strategy first, flat and selected, and keeps the backtest it came from', () => {
    let s = reduce([{ type: 'listed', items: [strategy('a', 1000)] }, { type: 'starting' }]);
    expect(s.start.phase).toBe('starting');
    s = strategyReducer(s, { type: 'started', created: created('n', 9000), origin: backtest });
    expect(s.order[0]).toBe('n');
    expect(s.selected).toBe('n');
    expect(s.byId['n']?.position.side).toBeNull();
    expect(s.origins['n']).toBe(backtest);
    expect(s.start).toEqual({ phase: 'started', id: 'n', error: null });
  });

  it("keeps the server's message when starting fails, and a failed list keeps the list shown", () => {
    let s = reduce([{ type: 'starting' }, { type: 'start_failed', message: 'window: only 5 bars' }]);
    expect(s.start).toEqual({ phase: 'error', id: null, error: 'window: only 5 bars' });
    s = reduce([{ type: 'listed', items: [strategy('a', 1000)] }, { type: 'list_failed', message: 'cannot reach the Tandem server' }], s);
    expect(s.phase).toBe('ready');
    expect(s.error).toMatch(/cannot reach/);
    expect(strategyList(s)).toHaveLength(1);
  });

  it('bumps the generation when the selected strategy is read whole, not for another one', () => {
    const s = reduce([{ type: 'listed', items: [strategy('a', 2000), strategy('b', 1000)] }]);
    expect(strategyReducer(s, { type: 'loaded', strategy: strategy('a', 2000) }).generation).toBe(s.generation + 1);
    expect(strategyReducer(s, { type: 'loaded', strategy: strategy('b', 1000) }).generation).toBe(s.generation);
  });
});

describe('withEquityPoint', () => {
  it('appends a later point, replaces one at the same time and drops an earlier one', () => {
    const e = [{ time: 1, value: 10 }, { time: 2, value: 11 }];
    expect(withEquityPoint(e, { time: 3, value: 12 })).toEqual([...e, { time: 3, value: 12 }]);
    expect(withEquityPoint(e, { time: 2, value: 9 })).toEqual([{ time: 1, value: 10 }, { time: 2, value: 9 }]);
    expect(withEquityPoint(e, { time: 1, value: 0 })).toBe(e);
  });
});

describe('strategyBodyOf', () => {
  it('is the backtest request as run, without its range', () => {
    const sent = strategyBodyOf(backtest.request);
    expect(strategyBodyOf(backtest.request)).toEqual({ ...body, capital: 10_000, funding: false });
    expect(Object.keys(sent)).not.toContain('from');
  });

  it("sends Kalman's delta and ve only with kalman, and lot steps only when set", () => {
    expect(strategyBodyOf({ ...backtest.request, method: 'kalman' })).toMatchObject({ method: 'kalman', delta: 1e-4, ve: 1e-3 });
    expect(strategyBodyOf({ ...backtest.request, lotStepY: 0.01, lotStepX: 0.01 }).lotStep).toBe(0.01);
    expect(strategyBodyOf({ ...backtest.request, lotStepY: 0.01, lotStepX: 0.001 }).lotStep).toEqual({ y: 0.01, x: 0.001 });
  });

  it('carries log prices to the strategy and back to its backtest', () => {
    expect(strategyBodyOf({ ...backtest.request, prices: 'log' }).prices).toBe('log');
    expect(backtestBodyOf(strategy('a', 1000, { backtestRange: { from: 0, to: 1 }, request: { ...request, prices: 'log' } }))?.prices).toBe('log');
    expect(sameParameters(backtest.request, { ...request, prices: 'log' })).toBe(false);
  });

  it('tells the same parameters from different ones', () => {
    expect(sameParameters(backtest.request, request)).toBe(true);
    expect(sameParameters(backtest.request, { ...request, entry: 1 })).toBe(false);
  });
});

describe('backtestBodyOf', () => {
  it('is the strategy request over its backtest range, or null before its first bar', () => {
    expect(backtestBodyOf(strategy('a', 1000))).toBeNull();
    const b = backtestBodyOf(strategy('a', 1000, { backtestRange: { from: 500, to: 9000 } }));
    expect(b).toEqual({ ...body, from: 500, to: 9000, capital: 10_000 });
  });

  it('keeps lot steps, Kalman noise and funding as the strategy runs them', () => {
    const s = strategy('a', 1000, { backtestRange: { from: 0, to: 1 }, request: { ...request, method: 'kalman', lotStepY: 0.001, lotStepX: 0.01, funding: true } });
    expect(backtestBodyOf(s)).toMatchObject({ method: 'kalman', delta: 1e-4, ve: 1e-3, lotStep: { y: 0.001, x: 0.01 }, funding: true });
  });
});
