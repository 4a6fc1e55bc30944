/**
 * The figures of a backtest report, from a simulation's equity curve and trades (formulas in
 * docs/backtest.md).
 *
 * Returns are per bar: r_0 = E_0 / capital − 1, r_t = E_t / E_{t−1} − 1, flat bars included.
 * Total return = E_end / capital − 1. Sharpe, Sortino and CAGR as `annualisation.ts`; maximum
 * drawdown and its duration as `drawdown.ts`; Calmar = CAGR / max drawdown. Trade figures use
 * net PnL: win rate = #(net > 0) / #trades; profit factor = Σ net of winners / |Σ net of
 * losers|; expectancy = mean net PnL per trade; holding time in bars held (bar closes with the
 * position) and that × tf in ms; exposure = bars with a position / bars. A figure that is not
 * defined (no trades; no losing trade for the profit factor; sd = 0) is null.
 * @module
 */

import { barsPerYear, cagr, equityRatios } from './annualisation.js';
import { drawdown } from './drawdown.js';
import type { TradeRecord } from './trade-record.js';

export interface BacktestMetrics {
  readonly bars: number;
  /** Start of the first bar and end of the last, epoch ms. */
  readonly startTime: number;
  readonly endTime: number;
  readonly capital: number;
  readonly finalEquity: number;
  readonly grossPnl: number;
  readonly netPnl: number;
  readonly feesPaid: number;
  readonly slippagePaid: number;
  /** Funding received (> 0) or paid (< 0) over the run, both legs; part of `netPnl`. */
  readonly fundingPnl: number;
  readonly totalReturn: number;
  readonly cagr: number | null;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  /** −min drawdown, a fraction ≥ 0. */
  readonly maxDrawdown: number;
  readonly maxDrawdownBars: number;
  readonly maxDrawdownMs: number;
  readonly calmar: number | null;
  readonly trades: number;
  readonly winRate: number | null;
  readonly profitFactor: number | null;
  readonly expectancy: number | null;
  readonly avgHoldingBars: number | null;
  readonly maxHoldingBars: number | null;
  readonly avgHoldingMs: number | null;
  readonly maxHoldingMs: number | null;
  readonly bestTrade: number | null;
  readonly worstTrade: number | null;
  readonly exposure: number;
  readonly skippedEntries: number;
  /** Bars a year used to annualise: 365 × 86,400,000 / tf_ms. */
  readonly barsPerYear: number;
  /** True when equity reached zero or below, which ended the run (`ruinTime`: that bar's end). */
  readonly ruined: boolean;
  readonly ruinTime: number | null;
}

/** What the metrics read: a `Simulation`, or walk-forward's stitched one. */
export interface EquityRun {
  readonly equity: Float64Array;
  readonly trades: readonly TradeRecord[];
  readonly grossPnl: number;
  readonly netPnl: number;
  readonly fees: number;
  readonly slippage: number;
  /** Funding of every trade, in `netPnl`; absent (0) for runs without funding. */
  readonly funding?: number;
  readonly exposedBars: number;
  readonly skippedEntries: number;
  /** Where equity reached zero and the run ended; walk-forward's stitched run carries its first. */
  readonly ruin?: { readonly index: number; readonly time: number } | null;
}

/**
 * Metrics of `run`, whose first bar starts at `startTime` and last at `lastStart` (default: no
 * gaps, `startTime + (n − 1)·tf`). `endTime` is the end of the last bar, so a range with gaps
 * in its data still ends where its bars do.
 */
export function computeMetrics(run: EquityRun, capital: number, tfMs: number, startTime: number, lastStart?: number): BacktestMetrics {
  const eq = run.equity;
  const n = eq.length;
  const endTime = n === 0 ? startTime : (lastStart ?? startTime + (n - 1) * tfMs) + tfMs;
  const perYear = barsPerYear(tfMs);
  const ratios = equityRatios(eq, capital, perYear);
  const final = n > 0 ? eq[n - 1]! : capital;
  const dd = drawdown(eq, capital, false);
  const growth = cagr(capital, final, n * tfMs);
  let wins = 0;
  let winSum = 0;
  let lossSum = 0;
  let held = 0;
  let maxHeld = 0;
  let best = -Infinity;
  let worst = Infinity;
  for (const tr of run.trades) {
    if (tr.netPnl > 0) {
      wins++;
      winSum += tr.netPnl;
    } else if (tr.netPnl < 0) {
      lossSum -= tr.netPnl;
    }
    held += tr.barsHeld;
    if (tr.barsHeld > maxHeld) maxHeld = tr.barsHeld;
    if (tr.netPnl > best) best = tr.netPnl;
    if (tr.netPnl < worst) worst = tr.netPnl;
  }
  const k = run.trades.length;
  const any = k > 0;
  return {
    bars: n,
    startTime,
    endTime,
    capital,
    finalEquity: final,
    grossPnl: run.grossPnl,
    netPnl: run.netPnl,
    feesPaid: run.fees,
    slippagePaid: run.slippage,
    fundingPnl: run.funding ?? 0,
    totalReturn: final / capital - 1,
    cagr: growth,
    sharpe: ratios.sharpe,
    sortino: ratios.sortino,
    maxDrawdown: dd.max,
    maxDrawdownBars: dd.longestBars,
    maxDrawdownMs: dd.longestBars * tfMs,
    calmar: growth !== null && dd.max > 0 ? growth / dd.max : null,
    trades: k,
    winRate: any ? wins / k : null,
    profitFactor: lossSum > 0 ? winSum / lossSum : null,
    expectancy: any ? run.netPnl / k : null,
    avgHoldingBars: any ? held / k : null,
    maxHoldingBars: any ? maxHeld : null,
    avgHoldingMs: any ? (held / k) * tfMs : null,
    maxHoldingMs: any ? maxHeld * tfMs : null,
    bestTrade: any ? best : null,
    worstTrade: any ? worst : null,
    exposure: n > 0 ? run.exposedBars / n : 0,
    skippedEntries: run.skippedEntries,
    barsPerYear: perYear,
    ruined: run.ruin != null,
    ruinTime: run.ruin?.time ?? null,
  };
}
