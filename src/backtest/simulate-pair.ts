/**
 * `simulatePair`: runs the z-score rule over a pair's bars and books quote-currency PnL of
 * both legs, bar by bar, with no look-ahead.
 *
 * Timing. The rule reads bar t's z at its close and the order is filled at bar t+1: at its
 * open (`next_open`) or at its close (`next_close`), never at t. A decision on the last bar
 * of the run has no next bar and is dropped; a trade still open after the last bar is closed
 * at that bar's close (`end`). The legs are sized at the fill (`sizeLegs`) with the β known at
 * the signal.
 *
 * Costs. A fill of q at price P executes at P·(1 + sign(q)·slip) (buys pay more, sells get
 * less; slip = slippageBps/10⁴) and pays fee·|q|·P_exec (fee = feeBps/10⁴), per leg, at entry
 * and at exit. A trade's gross PnL is Σ q·(P_exit − P_entry) at fill prices; its net PnL is
 * Σ q·(E_exit − E_entry) − fees; slippage = gross − net − fees.
 *
 * Equity. At each bar's close, after that bar's fill: equity = capital + Σ net PnL of closed
 * trades − entry fees of the open trade + Σ q·(close − E_entry) of its legs; the last bar's
 * equity is taken after the `end` liquidation, so the final equity is capital + Σ net PnL.
 *
 * Funding (perpetual futures, when the columns carry `funding`, see `funding-columns.ts`): each
 * settlement at τ of a leg held with signed quantity q (entry fill time ≤ τ < exit fill time)
 * adds −q·mark·rate to the open trade, booked at the close of the bar whose span holds τ. A
 * trade's net PnL = Σ q·(E_exit − E_entry) − fees + funding; the open trade's funding so far
 * counts in equity like its unrealised PnL.
 *
 * Ruin. Equity at or below zero at a bar's close ends the run there: an open trade is closed
 * at that close (`ruin`, with its fees and slippage), and no later bar is simulated, so a gone
 * account neither trades on nor recovers on paper (`Simulation.ruin`).
 * @module
 */

import type { SimulationParams } from './backtest-params.js';
import { NO_FUNDING, type LegFunding } from './funding-columns.js';
import { sizeLegs } from './leg-sizing.js';
import type { PairSignalColumns } from './pair-bar-columns.js';
import { SignalRule, type ExitReason, type Position } from './signal-rule.js';
import type { TradeRecord } from './trade-record.js';

export interface Simulation {
  /** The bars simulated, [from, to) of the columns. */
  readonly from: number;
  readonly to: number;
  /** Equity at each bar's close, `to − from` values. */
  readonly equity: Float64Array;
  readonly trades: TradeRecord[];
  readonly grossPnl: number;
  readonly netPnl: number;
  readonly fees: number;
  readonly slippage: number;
  /** Funding received (> 0) or paid (< 0) by every trade, both legs; included in `netPnl`. */
  readonly funding: number;
  /** Bar closes with an open position. */
  readonly exposedBars: number;
  /** Entries dropped because a leg rounded to zero lots (or β was unusable). */
  readonly skippedEntries: number;
  /** The bar whose close took equity to zero or below, ending the run; null when none did. */
  readonly ruin: { readonly index: number; readonly time: number } | null;
}

interface OpenTrade {
  side: 1 | -1;
  signalIndex: number;
  entryIndex: number;
  entryTime: number;
  py: number;
  px: number;
  ey: number;
  ex: number;
  qy: number;
  qx: number;
  fee: number;
  slipCost: number;
  beta: number;
  z: number;
  /** Funding settled on both legs so far (> 0 received). */
  funding: number;
}

/** Running totals of closed trades. */
interface Book {
  readonly trades: TradeRecord[];
  realised: number;
  gross: number;
  fees: number;
  slippage: number;
  funding: number;
}

/** Closes `o` at fill prices (fy, fx) and books it (a module function: the bar loop keeps its state in locals). */
function closeTrade(book: Book, o: OpenTrade, t: number, fy: number, fx: number, time: number, reason: ExitReason, zExit: number, barsHeld: number, fee: number, slip: number, notional: number): void {
  const ey = fy * (1 - Math.sign(o.qy) * slip);
  const ex = fx * (1 - Math.sign(o.qx) * slip);
  const g = o.qy * (fy - o.py) + o.qx * (fx - o.px);
  const exitFee = fee * (Math.abs(o.qy) * ey + Math.abs(o.qx) * ex);
  const net = o.qy * (ey - o.ey) + o.qx * (ex - o.ex) - o.fee - exitFee + o.funding;
  const f = o.fee + exitFee;
  const s = o.slipCost + slip * (Math.abs(o.qy) * fy + Math.abs(o.qx) * fx);
  book.realised += net;
  book.gross += g;
  book.fees += f;
  book.slippage += s;
  book.funding += o.funding;
  book.trades.push({
    side: o.side === 1 ? 'long' : 'short',
    signalIndex: o.signalIndex,
    entryIndex: o.entryIndex,
    exitIndex: t,
    entryTime: o.entryTime,
    exitTime: time,
    entryY: o.py,
    entryX: o.px,
    exitY: fy,
    exitX: fx,
    qtyY: o.qy,
    qtyX: o.qx,
    beta: o.beta,
    zEntry: o.z,
    zExit,
    grossPnl: g,
    fees: f,
    slippage: s,
    funding: o.funding,
    netPnl: net,
    returnPct: net / notional,
    barsHeld,
    exitReason: reason,
  });
}

/**
 * Where a simulation runs: rows [from, to), and the rows at whose close a flatten was asked
 * (ascending; a paper strategy's `POST /api/strategies/:id/flatten`): there the rule's decision
 * is replaced by going flat (`flatten`), filled at the next bar like any exit.
 */
export interface SimulationRange {
  readonly from: number;
  readonly to: number;
  readonly flattenAt?: readonly number[];
}

/** Simulates rows [from, to) of `c` (all rows by default) at timeframe `tfMs`. */
export function simulatePair(c: PairSignalColumns, params: SimulationParams, tfMs: number, range: SimulationRange = { from: 0, to: c.start.length }): Simulation {
  const { from, to } = range;
  const flattens = range.flattenAt ?? [];
  let nextFlatten = 0;
  while (nextFlatten < flattens.length && flattens[nextFlatten]! < from) nextFlatten++;
  const fee = params.feeBps / 1e4;
  const slip = params.slippageBps / 1e4;
  const nextOpen = params.fill === 'next_open';
  const capital = params.capital;
  const notional = params.notional;
  const rule = new SignalRule(params);
  const equity = new Float64Array(Math.max(0, to - from));
  const { start, openY, openX, closeY, closeX, beta, z } = c;
  const book: Book = { trades: [], realised: 0, gross: 0, fees: 0, slippage: 0, funding: 0 };
  // The next settlement of each leg not yet booked; those before the first bar find no position.
  const fund = fundingCursor(c.funding?.y ?? NO_FUNDING, c.funding?.x ?? NO_FUNDING, from < to ? start[from]! : Infinity);


  let open: OpenTrade | null = null;
  let exposed = 0;
  let skipped = 0;
  // The order decided at the previous bar's close, if any.
  let pending = false;
  let pendingReason: ExitReason | null = null;
  let pendingSignal = -1;
  let ruin: Simulation['ruin'] = null;
  let end = to;

  for (let t = from; t < to; t++) {
    if (pending) {
      pending = false;
      const fy = nextOpen ? openY[t]! : closeY[t]!;
      const fx = nextOpen ? openX[t]! : closeX[t]!;
      const time = nextOpen ? start[t]! : start[t]! + tfMs;
      // Settlements before the fill belong to the position held until it.
      if (fund.next < time) settle(fund, open, time, closeY[t]!, closeX[t]!);
      const held: Position = open === null ? 0 : open.side;
      if (open !== null) {
        closeTrade(book, open, t, fy, fx, time, pendingReason ?? 'exit', z[pendingSignal]!, t - open.entryIndex, fee, slip, notional);
        open = null;
      }
      const side = rule.position;
      if (side !== 0 && side !== held) {
        const b = beta[pendingSignal]!;
        const legs = sizeLegs(side, b, fy, fx, params);
        if (legs === null) {
          skipped++;
          rule.forceFlat();
        } else {
          const ey = fy * (1 + Math.sign(legs.qy) * slip);
          const ex = fx * (1 + Math.sign(legs.qx) * slip);
          open = {
            side,
            signalIndex: pendingSignal,
            entryIndex: t,
            entryTime: time,
            py: fy,
            px: fx,
            ey,
            ex,
            qy: legs.qy,
            qx: legs.qx,
            fee: fee * (Math.abs(legs.qy) * ey + Math.abs(legs.qx) * ex),
            slipCost: slip * (Math.abs(legs.qy) * fy + Math.abs(legs.qx) * fx),
            beta: b,
            z: z[pendingSignal]!,
            funding: 0,
          };
        }
      }
    }
    if (fund.next < start[t]! + tfMs) settle(fund, open, start[t]! + tfMs, closeY[t]!, closeX[t]!);
    if (open === null) {
      equity[t - from] = capital + book.realised;
    } else {
      exposed++;
      equity[t - from] = capital + book.realised + open.qy * (closeY[t]! - open.ey) + open.qx * (closeX[t]! - open.ex) - open.fee + open.funding;
    }
    if (equity[t - from]! <= 0) {
      if (open !== null) {
        closeTrade(book, open, t, closeY[t]!, closeX[t]!, start[t]! + tfMs, 'ruin', z[t]!, t + 1 - open.entryIndex, fee, slip, notional);
        open = null;
        equity[t - from] = capital + book.realised;
      }
      ruin = { index: t, time: start[t]! + tfMs };
      end = t + 1;
      break;
    }
    if (t < to - 1) {
      const before: Position = open === null ? 0 : open.side;
      let wanted: Position;
      if (nextFlatten < flattens.length && flattens[nextFlatten] === t) {
        nextFlatten++;
        wanted = rule.flatten();
      } else {
        wanted = rule.decide(z[t]!, open === null ? 0 : t + 1 - open.entryIndex);
      }
      if (wanted !== before) {
        pending = true;
        pendingReason = rule.reason;
        pendingSignal = t;
      }
    } else if (open !== null) {
      closeTrade(book, open, t, closeY[t]!, closeX[t]!, start[t]! + tfMs, 'end', z[t]!, t + 1 - open.entryIndex, fee, slip, notional);
      open = null;
      equity[t - from] = capital + book.realised;
    }
  }
  return {
    from,
    to: end,
    equity: end === to ? equity : equity.subarray(0, end - from),
    trades: book.trades,
    grossPnl: book.gross,
    netPnl: book.realised,
    fees: book.fees,
    slippage: book.slippage,
    funding: book.funding,
    exposedBars: exposed,
    skippedEntries: skipped,
    ruin,
  };
}

/** The first index of the increasing `times` at or after `t` (its length when none is). */
function firstAtOrAfter(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Where the bar loop is in both legs' settlements: the next unbooked one of each, and the earlier
 * of the two (Infinity when none is left), so a bar without a settlement costs one comparison.
 */
interface FundingCursor {
  readonly y: LegFunding;
  readonly x: LegFunding;
  iy: number;
  ix: number;
  next: number;
}

function fundingCursor(y: LegFunding, x: LegFunding, from: number): FundingCursor {
  const cur = { y, x, iy: firstAtOrAfter(y.time, from), ix: firstAtOrAfter(x.time, from), next: Infinity };
  cur.next = nextOf(cur);
  return cur;
}

const nextOf = (cur: FundingCursor): number => Math.min(cur.iy < cur.y.time.length ? cur.y.time[cur.iy]! : Infinity, cur.ix < cur.x.time.length ? cur.x.time[cur.ix]! : Infinity);

/**
 * Books every settlement before `until` on `open` (none when flat): −q·mark·rate per leg, a
 * missing mark valued at the bar's close (closeY, closeX). A module function, so the bar loop's
 * `open` stays a plain local.
 */
function settle(cur: FundingCursor, open: OpenTrade | null, until: number, closeY: number, closeX: number): void {
  const { y, x } = cur;
  for (; cur.iy < y.time.length && y.time[cur.iy]! < until; cur.iy++) if (open !== null) open.funding -= open.qy * markOr(y.mark[cur.iy]!, closeY) * y.rate[cur.iy]!;
  for (; cur.ix < x.time.length && x.time[cur.ix]! < until; cur.ix++) if (open !== null) open.funding -= open.qx * markOr(x.mark[cur.ix]!, closeX) * x.rate[cur.ix]!;
  cur.next = nextOf(cur);
}

/** A settlement's mark price, or the bar's close when the source gave none. */
const markOr = (mark: number, close: number): number => (Number.isNaN(mark) ? close : mark);
