/**
 * `touchFills`: what a paper strategy's fills would have cost at the touch instead of the
 * model's price (docs/backtest.md, "Honest live fills").
 *
 * The model fills a leg at the bar's open (or close) and adds `slippageBps` against the trade:
 * E = P·(1 + sign(q)·slip). The touch is what crossing the book would have paid. The aggTrade
 * stream carries no quotes, so the last trade's side stands in for it: a trade whose buyer was
 * the taker (`buyerMaker` false) printed at the ask, one whose seller was the taker at the
 * bid. So a buy leg (q > 0) is priced at the last taker buy before the fill time, a sell leg
 * at the last taker sell, each within `lookbackMs` (older is no touch: null).
 *
 * Per fill: extra cost = Σ_legs q·(touch − E), in quote currency; > 0 means the touch costs
 * more than the model assumed. The book itself stays on the model's fills, the backtest's,
 * so a strategy still equals its backtest; this is the difference beside it.
 * @module
 */

import type { FillKind } from './paper-book.js';

/** The fields of a fill the touch reads. */
export interface TouchableFill {
  readonly time: number;
  readonly kind: FillKind;
  readonly priceY: number;
  readonly priceX: number;
  readonly qtyY: number;
  readonly qtyX: number;
}

/** The price of the last trade of `symbol` in `[before − lookback, before)` whose taker was a buyer (`takerBuy`) or a seller, or null. */
export type TouchLookup = (symbol: string, before: number, takerBuy: boolean) => Promise<number | null>;

export interface TouchFill {
  readonly time: number;
  readonly kind: FillKind;
  /** The model's execution price of each leg (fill price with slippage). */
  readonly execY: number;
  readonly execX: number;
  /** The touch each leg would have crossed, or null when no taker trade of that side was found. */
  readonly touchY: number | null;
  readonly touchX: number | null;
  /** Σ q·(touch − exec) over both legs; null unless both legs have a touch. */
  readonly extraCost: number | null;
}

export interface TouchReport {
  readonly fills: readonly TouchFill[];
  /** Fills with a touch on both legs. */
  readonly priced: number;
  /** Σ extraCost over the priced fills. */
  readonly totalExtraCost: number;
}

/** The model's execution price: P·(1 + sign(q)·slippageBps/10⁴). */
export const modelExecution = (price: number, qty: number, slippageBps: number): number => price * (1 + Math.sign(qty) * (slippageBps / 10_000));

/**
 * The touch of each fill (in order), asking `lookup` for both legs. Every `sliceEvery` fills it
 * waits for the event loop's next turn, so a long history is read in bounded slices.
 */
export async function touchFills(fills: readonly TouchableFill[], legs: { readonly y: string; readonly x: string }, slippageBps: number, lookup: TouchLookup, sliceEvery = 50): Promise<TouchReport> {
  const out: TouchFill[] = [];
  let priced = 0;
  let total = 0;
  for (const [k, f] of fills.entries()) {
    if (k > 0 && k % sliceEvery === 0) await new Promise<void>((r) => setImmediate(r));
    const execY = modelExecution(f.priceY, f.qtyY, slippageBps);
    const execX = modelExecution(f.priceX, f.qtyX, slippageBps);
    // A leg that traded nothing costs nothing at any price.
    const touchOf = (symbol: string, qty: number, exec: number): Promise<number | null> => (qty === 0 ? Promise.resolve(exec) : lookup(symbol, f.time, qty > 0));
    const [touchY, touchX] = await Promise.all([touchOf(legs.y, f.qtyY, execY), touchOf(legs.x, f.qtyX, execX)]);
    const extraCost = touchY === null || touchX === null ? null : f.qtyY * (touchY - execY) + f.qtyX * (touchX - execX);
    if (extraCost !== null) {
      priced++;
      total += extraCost;
    }
    out.push({ time: f.time, kind: f.kind, execY, execX, touchY, touchX, extraCost });
  }
  return { fills: out, priced, totalExtraCost: total };
}
