import { describe, expect, it } from 'vitest';
import type { BacktestMetricsDto, BacktestReportDto, BacktestTradeDto, SweepResultDto, SweepRowDto } from '../../../src/server/dto/backtest-schemas';
import { equityLines, toLine, tradeMarkers } from './backtest-chart-data';
import { cellPoint, formatMetric, sweepHeatmap, sweepProgress, sweepTable } from './backtest-heatmap-model';
import { metricCards, ruinNotice } from './backtest-metrics-model';
import { sortedTradeIndices, tradeRows } from './backtest-trades-model';

const METRICS: BacktestMetricsDto = {
  bars: 600, startTime: 0, endTime: 599_000, capital: 10_000, finalEquity: 10_123.45, grossPnl: 150, netPnl: 123.45, feesPaid: 20, slippagePaid: 6.55, fundingPnl: 0,
  totalReturn: 0.012345, cagr: null, sharpe: 1.234, sortino: 2.5, maxDrawdown: 0.0321, maxDrawdownBars: 42, maxDrawdownMs: 42_000, calmar: null,
  trades: 3, winRate: 2 / 3, profitFactor: 1.8, expectancy: 41.15, avgHoldingBars: 10, maxHoldingBars: 20, avgHoldingMs: 10_000, maxHoldingMs: 20_000,
  bestTrade: 100, worstTrade: -30, exposure: 0.05, skippedEntries: 0, barsPerYear: 31_536_000, ruined: false, ruinTime: null,
};

const trade = (i: number, side: 'long' | 'short', netPnl: number, zEntry: number | null): BacktestTradeDto => ({
  side, signalIndex: i, entryIndex: i + 1, exitIndex: i + 5, entryTime: (i + 1) * 1000, exitTime: (i + 5) * 1000, entryY: 3000, entryX: 97_000, exitY: 3010, exitX: 97_100,
  qtyY: 1, qtyX: 0.05, beta: 0.03, zEntry, zExit: 0.1, grossPnl: netPnl + 2, fees: 2, slippage: 0.5, funding: 0, netPnl, returnPct: netPnl / 10_000, barsHeld: 4, exitReason: 'exit',
});

describe('metricCards', () => {
  it('shows undefined figures as a dash and the drawdown as a loss', () => {
    const cards = Object.fromEntries(metricCards(METRICS).map((c) => [c.id, c]));
    expect(cards['cagr']?.value).toBe('\u2014');
    expect(cards['calmar']?.value).toBe('\u2014');
    expect(cards['sharpe']?.value).toBe('1.23');
    expect(cards['total-return']).toMatchObject({ value: '+1.23%', tone: 'up' });
    expect(cards['max-drawdown']).toMatchObject({ value: '\u22123.21%', tone: 'down', sub: 'lasted 42 bars · 42s' });
    expect(cards['win-rate']?.value).toBe('66.7%');
    expect(cards['trades']?.value).toBe('3');
  });

  it('has a card for every figure the issue lists', () => {
    expect(metricCards(METRICS).map((c) => c.id)).toEqual([
      'total-return', 'cagr', 'sharpe', 'sortino', 'max-drawdown', 'calmar', 'win-rate', 'profit-factor', 'expectancy', 'trades', 'avg-hold', 'max-hold', 'best', 'worst', 'exposure', 'fees',
    ]);
  });
});

describe('trades table', () => {
  const trades = [trade(0, 'long', 10, 2.5), trade(10, 'short', -5, null), trade(20, 'long', 10, -2.1)];

  it('sorts by a column either way, ties in trade order', () => {
    expect(sortedTradeIndices(trades, { key: 'netPnl', dir: 'asc' })).toEqual([1, 0, 2]);
    expect(sortedTradeIndices(trades, { key: 'netPnl', dir: 'desc' })).toEqual([0, 2, 1]);
    expect(sortedTradeIndices(trades, { key: 'side', dir: 'desc' })).toEqual([1, 0, 2]);
  });

  it('puts undefined values last in both directions', () => {
    expect(sortedTradeIndices(trades, { key: 'zEntry', dir: 'asc' })).toEqual([2, 0, 1]);
    expect(sortedTradeIndices(trades, { key: 'zEntry', dir: 'desc' })).toEqual([0, 2, 1]);
  });

  it('numbers rows by their place in the report, whatever the order', () => {
    const rows = tradeRows(trades, { key: 'netPnl', dir: 'asc' }, 1000);
    expect(rows.map((r) => r.n)).toEqual([2, 1, 3]);
    expect(rows[0]).toMatchObject({ side: 'short', zEntry: '\u2014', netPnl: '\u22125.00', tone: 'down', exitReason: 'exit band' });
  });

  it('shows each trade\'s funding signed, and sorts by it', () => {
    const funded = trades.map((t, i) => ({ ...t, funding: [1.5, -0.25, 0][i]! }));
    const rows = tradeRows(funded, { key: 'funding', dir: 'asc' }, 1000);
    expect(rows.map((r) => [r.n, r.funding])).toEqual([[2, '\u22120.25'], [3, '+0.00'], [1, '+1.50']]);
  });
});

describe('chart data', () => {
  it('keeps lines strictly ascending and drops undefined values', () => {
    expect(toLine([1000, 2000, 2000, 1500, 3000], [1, null, 3, 4, Number.NaN])).toEqual([
      { time: 1, value: 1 },
      { time: 2, value: 3 },
    ]);
  });

  it('draws the drawdown in percent', () => {
    const report: BacktestReportDto = { metrics: METRICS, trades: [], curves: { time: [0, 1000], equity: [10_000, 9_900], drawdown: [0, -0.01] } };
    expect(equityLines(report).drawdown).toEqual([
      { time: 0, value: 0 },
      { time: 1, value: -1 },
    ]);
  });

  it('marks each trade at its entry and exit, in time order', () => {
    const m = tradeMarkers([trade(0, 'long', 1, 2), trade(4, 'short', 1, 2)]);
    expect(m.map((x) => [x.time, x.shape, x.text])).toEqual([
      [1, 'arrowUp', '1'],
      [5, 'circle', undefined],
      [5, 'arrowDown', '2'],
      [9, 'circle', undefined],
    ]);
  });
});

describe('sweep heatmap', () => {
  const row = (window: number, entry: number, exit: number, sharpe: number | null): SweepRowDto => ({ method: 'ols', window, entry, exit, metrics: { ...METRICS, sharpe, trades: entry * 10 } });
  const rows = [row(20, 1, 0, 0.5), row(20, 1, 0.5, 0.7), row(20, 2, 0, 1.5), row(20, 2, 0.5, null), row(30, 1, 0, -1), row(30, 1, 0.5, 2), row(30, 2, 0, 3), row(30, 2, 0.5, 0)];
  const result: SweepResultDto = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', bars: 600, from: 0, to: 600_000, points: 8, skipped: 0, metric: 'sharpe' as never, rows, best: rows[6] ?? null, heatmap: null, walkForward: null, elapsedMs: 12 };

  it("shows the best point's window unless one is chosen", () => {
    expect(sweepHeatmap(result, 'sharpe', null)).toMatchObject({ window: 30, windows: [20, 30], entries: [1, 2], exits: [0, 0.5], cells: [[-1, 2], [3, 0]], min: -1, max: 3 });
    expect(sweepHeatmap(result, 'sharpe', 20)?.cells).toEqual([[0.5, 0.7], [1.5, null]]);
  });

  it('keeps a run with an undefined metric apart from a point the server never ran', () => {
    const map = sweepHeatmap({ ...result, rows: rows.filter((r) => !(r.window === 20 && r.entry === 1 && r.exit === 0.5)) }, 'sharpe', 20);
    expect(map?.cells).toEqual([[0.5, null], [1.5, null]]);
    expect(map?.ran).toEqual([[true, false], [true, true]]);
  });

  it('shows any metric without rerunning', () => {
    expect(sweepHeatmap(result, 'trades', 20)?.cells).toEqual([[10, 10], [20, 20]]);
  });

  it('turns a cell into its grid point, and a skipped corner into none', () => {
    const map = sweepHeatmap(result, 'sharpe', 20);
    if (map === null) throw new Error('no heatmap');
    expect(cellPoint(map, 1, 1)).toEqual({ method: 'ols', window: 20, entry: 2, exit: 0.5 });
    expect(cellPoint({ ...map, exits: [0, 1] }, 0, 1)).toBeNull();
  });

  it('ranks the table best first with undefined last, and flags the best point', () => {
    const t = sweepTable(result, 'sharpe');
    expect(t.map((r) => r.value)).toEqual(['3.00', '2.00', '1.50', '0.70', '0.50', '0.00', '-1.00', '\u2014']);
    expect(t[0]?.best).toBe(true);
  });

  it('ranks ruined runs after every other, whatever their metric, and marks them', () => {
    const ruinedTop = { ...result, rows: result.rows.map((r, i) => (i === 0 ? { ...r, metrics: { ...r.metrics, sharpe: 99, ruined: true, ruinTime: 1 } } : r)) };
    const t = sweepTable(ruinedTop, 'sharpe');
    expect(t.at(-1)).toMatchObject({ value: '99.00', ruined: true });
    expect(t.slice(0, -1).every((r) => !r.ruined)).toBe(true);
  });

  it('formats metrics by kind and reports progress', () => {
    expect(formatMetric('maxDrawdown', 0.05)).toBe('5.00%');
    expect(formatMetric('winRate', 0.5)).toBe('50.0%');
    expect(formatMetric('netPnl', -3)).toBe('\u22123.00');
    expect(sweepProgress(3, 4)).toEqual({ fraction: 0.75, label: '3 / 4 runs' });
    expect(sweepProgress(0, 0).fraction).toBe(0);
  });
});

describe('ruinNotice', () => {
  it('says nothing for a run that kept its account, and when and how deep a ruined one ended', () => {
    expect(ruinNotice(METRICS, 60_000)).toBeNull();
    const ruined = { ...METRICS, ruined: true, ruinTime: Date.UTC(2023, 2, 11, 14, 5), finalEquity: -312.5, totalReturn: -1.03125 };
    expect(ruinNotice(ruined, 60_000)).toMatch(/^Ruined: equity reached −312\.50 \(−103\.1\d?%.*10,000\) at 2023-03-11 14:05\. The open trade was closed there and the run stopped/);
  });
});
