/**
 * `TradeRecord`: one round trip of a pair backtest, as the trade list reports it. Prices are
 * the fill prices before slippage; quantities are signed (> 0 bought); PnL in quote currency.
 * @module
 */

import type { ExitReason } from './signal-rule.js';

export interface TradeRecord {
  /** `long` the spread (long y, short β·x) or `short` it. */
  readonly side: 'long' | 'short';
  /** Bar whose close decided the entry, and the bar of the entry fill (signal + 1). */
  readonly signalIndex: number;
  readonly entryIndex: number;
  /** Bar of the exit fill (the last bar for `end`). */
  readonly exitIndex: number;
  /** Fill times, epoch ms: the bar's start for an open fill, its end for a close fill. */
  readonly entryTime: number;
  readonly exitTime: number;
  readonly entryY: number;
  readonly entryX: number;
  readonly exitY: number;
  readonly exitX: number;
  readonly qtyY: number;
  readonly qtyX: number;
  /** Hedge ratio known at the entry signal. */
  readonly beta: number;
  /** z at the entry signal and at the exit signal (at the last bar for `end`). */
  readonly zEntry: number;
  readonly zExit: number;
  /** Σ q·(exit − entry) over both legs at fill prices. */
  readonly grossPnl: number;
  /** Fees of both legs, entry and exit. */
  readonly fees: number;
  /** Cost of slippage, both legs, entry and exit. */
  readonly slippage: number;
  /**
   * Funding settled on both legs while the trade was held (> 0 received, < 0 paid): Σ −q·mark·rate
   * over the settlements at τ with entryTime ≤ τ < exitTime (backtest/funding-columns.ts); 0 without funding.
   */
  readonly funding: number;
  /** grossPnl − fees − slippage + funding. */
  readonly netPnl: number;
  /** netPnl / notional. */
  readonly returnPct: number;
  /** Bar closes at which the trade was held (exposure counts these). */
  readonly barsHeld: number;
  readonly exitReason: ExitReason;
}
