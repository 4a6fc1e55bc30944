import { describe, expect, it } from 'vitest';
import { COMPUTE_OPS, runCompute } from './run-compute.js';

const run = (req: unknown): { exitCode: number; body: Record<string, unknown>; output: string } => {
  const { output, exitCode } = runCompute(typeof req === 'string' ? req : JSON.stringify(req));
  return { exitCode, body: JSON.parse(output) as Record<string, unknown>, output };
};

describe('runCompute protocol', () => {
  it('knows every op of COMPUTE.md and docs/compute.md', () => {
    expect(Object.keys(COMPUTE_OPS).sort()).toEqual(
      [
        'adf', 'backtest_zscore', 'coint', 'corr_matrix', 'halflife', 'huber', 'hurst', 'kalman_hedge', 'ols', 'resample_ohlcv',
        'rolling_corr', 'rolling_ols', 'rolling_zscore', 'theilsen', 'volume_spikes', 'vwap',
      ].sort(),
    );
  });
  it('answers a result with exit 0, integers as integers and non-finite values as null', () => {
    const { exitCode, output } = run({ op: 'rolling_zscore', input: { series: [1, 2, 3, 3, 3] }, options: { window: 3 } });
    expect(exitCode).toBe(0);
    expect(output).toBe('{"mean":[null,null,2,2.6666666666666665,3],"std":[null,null,1,0.5773502691896258,0],"z":[null,null,1,0.5773502691896257,null]}');
    expect(run({ op: 'ols', input: { x: [1, 2, 3, 4], y: [2, 4, 6, 8.5] } }).output).toContain('"nobs":4');
  });
  it.each([
    ['invalid_input', 'not json {', /not valid JSON/],
    ['invalid_input', [1, 2], /must be a JSON object/],
    ['invalid_input', { input: {} }, /needs "op"/],
    ['unknown_op', { op: 'frobnicate', input: {} }, /unknown op "frobnicate"/],
    ['invalid_input', { op: 'ols' }, /"input" must be an object/],
    ['invalid_input', { op: 'ols', input: { x: [1, 2, 3] } }, /input\.y is required/],
    ['invalid_input', { op: 'ols', input: { x: [1, 'a', 3], y: [1, 2, 3] } }, /input\.x\[1\] is not a finite number/],
    ['invalid_input', { op: 'ols', input: { x: [1, 2, 3], y: [1, 2] } }, /same length/],
    ['invalid_input', { op: 'huber', input: { x: [1, 2, 3], y: [1, 2, 3] }, options: { t: -1 } }, /options\.t must be a number > 0/],
    ['invalid_input', { op: 'adf', input: { series: [1, 2, 3] }, options: { autolag: 'HQIC' } }, /options\.autolag/],
    ['invalid_input', { op: 'rolling_corr', input: { x: [1, 2], y: [1, 2] } }, /options\.window is required/],
    ['insufficient_data', { op: 'ols', input: { x: [1, 2], y: [1, 2] } }, /at least 3/],
    ['degenerate_input', { op: 'ols', input: { x: [1, 1, 1], y: [1, 2, 3] } }, /all x values are equal/],
    ['degenerate_input', { op: 'adf', input: { series: [4, 4, 4, 4, 4] } }, /constant/],
  ])('answers %s with exit 2 and a message naming the problem', (code, req, message) => {
    const { exitCode, body } = run(req);
    expect(exitCode).toBe(2);
    expect(body.error).toBe(code);
    expect(body.message).toMatch(message);
  });
  it('treats autolag null (no lag search) differently from an absent autolag (AIC)', () => {
    const series = Array.from({ length: 120 }, (_, i) => Math.sin(i / 3) * 5 + (i % 7) - i * 0.01);
    const absent = run({ op: 'adf', input: { series } }).body;
    const none = run({ op: 'adf', input: { series }, options: { autolag: null } }).body;
    expect(absent.icbest).not.toBeNull();
    expect(none.icbest).toBeNull();
    expect(none.used_lag).toBe(13); // min(⌊120/2⌋ − 2, ⌈12·1.2^¼⌉)
  });
  it('accepts null z values in backtest_zscore and holds the position there', () => {
    const { body } = run({ op: 'backtest_zscore', input: { spread: [0, 1, 2, 1], z: [null, 2.5, null, 0.1] } });
    expect(body.position).toEqual([0, -1, -1, 0]);
    expect(body.trades).toEqual([{ entry_index: 1, exit_index: 3, side: -1, pnl: 0 }]);
  });
});
