/**
 * `SimulatedMarks`: the simulator's `<symbol>@markPrice@1s`. Once a second per symbol it makes
 * a mark price update as Binance would: the mark is the last simulated trade price, the index
 * 0.02 % or less from it (a deterministic wobble), the estimated settle price the mark, and the
 * funding rate the one the simulator's funding history gives the coming settlement
 * (`simulatedFundingRate`, the same rates `--history` stores), due at the next multiple of 8 h.
 * Symbols without a trade yet get no update.
 * @module
 */

import type { MarkPrice } from '../../model/mark-price.js';
import type { Tick } from '../../model/tick.js';
import { FUNDING_INTERVAL_MS, simulatedFundingRate } from './simulated-funding.js';

const PERIOD_MS = 1000;

/** The next funding settlement strictly after `now`: 00:00, 08:00 or 16:00 UTC. */
export function nextFundingTime(now: number): number {
  return (Math.floor(now / FUNDING_INTERVAL_MS) + 1) * FUNDING_INTERVAL_MS;
}

export class SimulatedMarks {
  private readonly last = new Map<string, number>();
  private nextAt = -Infinity;

  constructor(
    private readonly seed: number,
    private readonly symbols: readonly string[],
  ) {}

  /** Takes note of the trades' prices (time-ordered). */
  observe(ticks: readonly Tick[]): void {
    for (const t of ticks) this.last.set(t.symbol, t.price);
  }

  /** The updates due at `now`: one per traded symbol when a second has passed since the last, else none. */
  due(now: number): MarkPrice[] {
    if (now < this.nextAt) return [];
    this.nextAt = Math.floor(now / PERIOD_MS) * PERIOD_MS + PERIOD_MS;
    const settle = nextFundingTime(now);
    const out: MarkPrice[] = [];
    for (const symbol of this.symbols) {
      const mark = this.last.get(symbol);
      if (mark === undefined) continue;
      const wobble = 0.0002 * Math.sin(now / 7000 + symbol.length);
      out.push({ symbol, ts: now, markPrice: mark, indexPrice: mark * (1 - wobble), estimatedSettlePrice: mark, fundingRate: simulatedFundingRate(this.seed, symbol, settle), nextFundingTime: settle });
    }
    return out;
  }
}
