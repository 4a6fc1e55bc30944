/**
 * `RedeliveryFilter`: drops ticks the live path has already seen. The bus delivers at least
 * once (a worker that restarts may publish an overlap, two workers may share a symbol), and a
 * bar must not count a trade twice. Trade ids increase per symbol and source (Binance aggregate
 * ids after the sequencer; the simulator's `ts·1000 + n`), so a tick whose id is at or below
 * the last one seen of its symbol and source is a repeat.
 * @module
 */

import type { Tick } from '../model/tick.js';

export class RedeliveryFilter {
  private readonly last = new Map<string, number>();
  private dropped = 0;

  /** The ticks of `batch` not seen before, in order. */
  accept(batch: readonly Tick[]): Tick[] {
    const out: Tick[] = [];
    for (const t of batch) {
      const k = `${t.symbol}|${t.source}`;
      const seen = this.last.get(k);
      if (seen !== undefined && t.tradeId <= seen) {
        this.dropped++;
        continue;
      }
      this.last.set(k, t.tradeId);
      out.push(t);
    }
    return out;
  }

  /** Ticks dropped as repeats so far. */
  repeats(): number {
    return this.dropped;
  }
}
