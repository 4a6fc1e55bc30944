/**
 * `paperBook`: a paper strategy's book read off the backtest kernel's run over its bars so far.
 *
 * A paper strategy is the backtest of its request over [warmupFrom, last final bar]: the same
 * `simulatePair` on the same aligned bars, so `POST /api/backtest` over that range returns the
 * same trades by construction. Two things of a finished run are not facts of a live one, and
 * the book reads them back:
 * - the run closes an open trade at the last bar's close (`end`); live, the trade is still
 *   open, so it is the position, marked as the kernel marks an open trade in its equity curve
 *   (Σ q·(close − E_entry) − entry fees + funding so far, before exit costs), and the last
 *   equity point is that mark rather than the liquidation;
 * - a decision at the last bar's close has no fill yet (the run drops it), and neither has the
 *   book: it is filled when the next bar arrives, exactly as in the backtest.
 *
 * Fills are the entries and exits of the trades (an `end` exit is none). Each is keyed by
 * (time, kind): a flip is an exit and an entry at one time.
 * @module
 */

import type { SimulationParams } from '../backtest/backtest-params.js';
import type { PairBarColumns } from '../backtest/pair-bar-columns.js';
import { computeMetrics, type BacktestMetrics } from '../backtest/performance-metrics.js';
import type { ExitReason } from '../backtest/signal-rule.js';
import type { Simulation } from '../backtest/simulate-pair.js';
import type { TradeRecord } from '../backtest/trade-record.js';

export type FillKind = 'entry' | 'exit';

/** One fill of both legs together: a trade's entry or its exit. */
export interface PaperFill {
  /** Fill time: the fill bar's start (next_open) or end (next_close, ruin). */
  readonly time: number;
  readonly kind: FillKind;
  readonly side: 'long' | 'short';
  /** Start of the bar whose close decided the fill. */
  readonly signalTime: number;
  /** Fill prices before slippage. */
  readonly priceY: number;
  readonly priceX: number;
  /** Signed quantities traded at this fill (an exit trades the opposite of the entry). */
  readonly qtyY: number;
  readonly qtyX: number;
  /** Why an exit closed its trade; null for an entry. */
  readonly reason: ExitReason | null;
  /** The closed trade's net PnL (exits only). */
  readonly netPnl: number | null;
}

export interface PaperPosition {
  readonly side: 'long' | 'short' | null;
  readonly qy: number;
  readonly qx: number;
  readonly entryTime: number | null;
  readonly entryY: number | null;
  readonly entryX: number | null;
  readonly unrealisedPnl: number;
}

export interface PaperBook {
  /** Start of the last bar of the run (null without bars). */
  readonly lastBarStart: number | null;
  /** Trades closed by the rule (or by ruin or a flatten): the strategy's trades. */
  readonly trades: readonly TradeRecord[];
  /** The trade still open, as the run's `end` trade recorded it, or null. */
  readonly open: TradeRecord | null;
  readonly position: PaperPosition;
  readonly fills: readonly PaperFill[];
  /** Equity at each bar's close; the last one marks the open trade instead of liquidating it. */
  readonly equity: Float64Array;
  /** Start of each bar of `equity`. */
  readonly starts: Float64Array;
  readonly metrics: BacktestMetrics;
  readonly ruined: boolean;
}

export const FLAT: PaperPosition = { side: null, qy: 0, qx: 0, entryTime: null, entryY: null, entryX: null, unrealisedPnl: 0 };

/** The key a fill is stored and compared under. */
export const fillKey = (f: { readonly time: number; readonly kind: FillKind }): string => `${f.time}|${f.kind}`;

/** The entry and (unless `end`) the exit fill of each trade, in time order. */
export function tradeFills(trades: readonly TradeRecord[], start: ArrayLike<number>): PaperFill[] {
  const out: PaperFill[] = [];
  for (const t of trades) {
    out.push({ time: t.entryTime, kind: 'entry', side: t.side, signalTime: start[t.signalIndex]!, priceY: t.entryY, priceX: t.entryX, qtyY: t.qtyY, qtyX: t.qtyX, reason: null, netPnl: null });
    if (t.exitReason === 'end') continue;
    // A ruin is decided and filled at one bar's close; every other exit at the bar before its fill.
    const signal = t.exitReason === 'ruin' ? t.exitIndex : t.exitIndex - 1;
    out.push({ time: t.exitTime, kind: 'exit', side: t.side, signalTime: start[signal]!, priceY: t.exitY, priceX: t.exitX, qtyY: -t.qtyY, qtyX: -t.qtyX, reason: t.exitReason, netPnl: t.netPnl });
  }
  // An exit and the next entry can share a time (a flip); exits first, as the kernel fills them.
  return out.sort((a, b) => a.time - b.time || (a.kind === b.kind ? 0 : a.kind === 'exit' ? -1 : 1));
}

/** The book of `sim`, a run of `simulatePair` over all rows of `bars` with `params`. */
export function paperBook(sim: Simulation, bars: PairBarColumns, params: SimulationParams, tfMs: number): PaperBook {
  const n = sim.equity.length;
  const last = sim.trades[sim.trades.length - 1];
  const open = last !== undefined && last.exitReason === 'end' ? last : null;
  const trades = open === null ? sim.trades : sim.trades.slice(0, -1);
  const equity = Float64Array.from(sim.equity);
  // The closed trades' totals, summed in the kernel's order (so equal to its running book).
  let realised = 0;
  let gross = 0;
  let fees = 0;
  let slippage = 0;
  let funding = 0;
  for (const t of trades) {
    realised += t.netPnl;
    gross += t.grossPnl;
    fees += t.fees;
    slippage += t.slippage;
    funding += t.funding;
  }
  let position = FLAT;
  if (open !== null && n > 0) {
    const slip = params.slippageBps / 1e4;
    const fee = params.feeBps / 1e4;
    const ey = open.entryY * (1 + Math.sign(open.qtyY) * slip);
    const ex = open.entryX * (1 + Math.sign(open.qtyX) * slip);
    const entryFee = fee * (Math.abs(open.qtyY) * ey + Math.abs(open.qtyX) * ex);
    const i = sim.from + n - 1;
    const mark = open.qtyY * (bars.closeY[i]! - ey) + open.qtyX * (bars.closeX[i]! - ex) - entryFee + open.funding;
    // As the kernel marks an open trade at a bar's close (simulate-pair.ts), before `end` replaced it.
    equity[n - 1] = params.capital + realised + open.qtyY * (bars.closeY[i]! - ey) + open.qtyX * (bars.closeX[i]! - ex) - entryFee + open.funding;
    position = { side: open.side, qy: open.qtyY, qx: open.qtyX, entryTime: open.entryTime, entryY: open.entryY, entryX: open.entryX, unrealisedPnl: mark };
  }
  const first = n > 0 ? bars.start[sim.from]! : 0;
  const lastBarStart = n > 0 ? bars.start[sim.from + n - 1]! : null;
  const metrics = computeMetrics(
    { equity, trades, grossPnl: gross, netPnl: realised, fees, slippage, funding, exposedBars: sim.exposedBars, skippedEntries: sim.skippedEntries, ruin: sim.ruin },
    params.capital,
    tfMs,
    first,
    lastBarStart ?? undefined,
  );
  const starts = bars.start.subarray(sim.from, sim.from + n);
  return { lastBarStart, trades, open, position, fills: tradeFills(sim.trades, bars.start), equity, starts, metrics, ruined: sim.ruin !== null };
}
