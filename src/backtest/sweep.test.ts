import { describe, expect, it } from 'vitest';
import type { BacktestMetrics } from './performance-metrics.js';
import type { Simulation } from './simulate-pair.js';
import { expandGrid } from './sweep-grid.js';
import { bestIndex, heatmap, type SweepRow } from './sweep-metric.js';
import { stitchRuns, walkForwardFolds } from './walk-forward.js';

const metrics = (sharpe: number | null): BacktestMetrics => ({ sharpe }) as BacktestMetrics;

describe('expandGrid', () => {
  it('groups points by (method, window) and skips exit ≥ entry', () => {
    const r = expandGrid({ entry: [1, 2], exit: [0.5, 1.5], window: [20, 40], method: ['ols', 'kalman'] });
    if (!r.ok) throw new Error(r.error.message);
    // (1, 0.5), (2, 0.5), (2, 1.5) are points; (1, 1.5) is skipped, in each of 4 groups.
    expect(r.value.groups.map((g) => `${g.method}:${g.window}`)).toEqual(['ols:20', 'ols:40', 'kalman:20', 'kalman:40']);
    expect(r.value.groups[0]!.rules).toEqual([{ entry: 1, exit: 0.5 }, { entry: 2, exit: 0.5 }, { entry: 2, exit: 1.5 }]);
    expect(r.value.points).toBe(12);
    expect(r.value.skipped).toBe(4);
  });

  it('names the field of a bad grid', () => {
    const msg = (g: Parameters<typeof expandGrid>[0], stop: number | null = null): string => {
      const r = expandGrid(g, stop);
      return r.ok ? '' : r.error.message;
    };
    expect(msg({ entry: [], exit: [0], window: [20], method: ['ols'] })).toMatch(/^grid.entry needs/);
    expect(msg({ entry: [2], exit: [0], window: [1], method: ['ols'] })).toMatch(/^grid.window values/);
    expect(msg({ entry: [2, 2], exit: [0], window: [20], method: ['ols'] })).toMatch(/repeated/);
    expect(msg({ entry: [2, 3], exit: [0], window: [20], method: ['ols'] }, 2.5)).toMatch(/^stop must be > every grid.entry/);
  });
});

describe('bestIndex and heatmap', () => {
  const rows: SweepRow[] = [
    { method: 'ols', window: 20, entry: 1, exit: 0, metrics: metrics(0.5) },
    { method: 'ols', window: 20, entry: 2, exit: 0, metrics: metrics(null) },
    { method: 'ols', window: 40, entry: 1, exit: 0, metrics: metrics(1.5) },
    { method: 'ols', window: 40, entry: 2, exit: 0, metrics: metrics(1.5) },
    { method: 'kalman', window: 40, entry: 2, exit: 0, metrics: metrics(9) },
  ];

  it('ranks by the metric, nulls last, first on ties', () => {
    expect(bestIndex(rows.slice(0, 4), 'sharpe')).toBe(2);
    expect(bestIndex([rows[1]!], 'sharpe')).toBe(-1);
  });

  it('ranks a ruined run below every run that was not, whatever its metric', () => {
    const ruined = (sharpe: number): BacktestMetrics => ({ sharpe, ruined: true }) as BacktestMetrics;
    const kept = (sharpe: number): BacktestMetrics => ({ sharpe, ruined: false }) as BacktestMetrics;
    expect(bestIndex([{ metrics: ruined(9) }, { metrics: kept(-1) }, { metrics: kept(0.2) }], 'sharpe')).toBe(2);
    expect(bestIndex([{ metrics: ruined(9) }, { metrics: ruined(12) }], 'sharpe')).toBe(1);
    expect(bestIndex([{ metrics: kept(0.1) }, { metrics: ruined(12) }], 'sharpe')).toBe(0);
  });

  it('lays the metric over two axes, the others held at the given point', () => {
    const h = heatmap(rows, 'sharpe', 'entry', 'window', rows[2]!);
    expect(h.rows.values).toEqual([1, 2]);
    expect(h.cols.values).toEqual([20, 40]);
    expect(h.fixed).toEqual({ exit: 0, method: 'ols' });
    // kalman's 9 is another slice.
    expect(h.cells).toEqual([[0.5, 1.5], [null, 1.5]]);
  });
});

describe('walk-forward', () => {
  it('cuts k + 1 blocks, in sample before out of sample, the last block taking the remainder', () => {
    expect(walkForwardFolds(10, 2, false)).toEqual([
      { inSample: { from: 0, to: 3 }, outOfSample: { from: 3, to: 6 } },
      { inSample: { from: 3, to: 6 }, outOfSample: { from: 6, to: 10 } },
    ]);
    expect(walkForwardFolds(10, 2, true)[1]!.inSample).toEqual({ from: 0, to: 6 });
  });

  it('stitches out-of-sample equity additively, each fold shifted by the net PnL before it', () => {
    const run = (equity: number[], netPnl: number): Simulation => ({ from: 0, to: equity.length, equity: Float64Array.from(equity), trades: [], grossPnl: netPnl, netPnl, fees: 1, slippage: 0, funding: 0, exposedBars: 1, skippedEntries: 0, ruin: null });
    const s = stitchRuns([run([100, 110], 10), run([95, 105], 5)]);
    expect(Array.from(s.equity)).toEqual([100, 110, 105, 115]);
    expect(s.netPnl).toBe(15);
    expect(s.fees).toBe(2);
    expect(s.exposedBars).toBe(2);
  });
});
