/**
 * Funding of the simulator's generated past (`--history`): a settlement every 8 hours (the epoch
 * multiples of 8 h: 00:00, 08:00, 16:00 UTC, as on Binance USD-M) for each symbol, with a rate
 * that depends only on seed, symbol and time, 0.0001 + 0.00025·sin(0.9·k + h) (k = the
 * settlement's number since the epoch, h a hash of seed and symbol; between −0.015 % and
 * +0.035 %, rounded to Binance's 8 decimals), valued at the mark price of the symbol's last
 * simulated trade at or before the settlement (its first trade's price when none was earlier).
 * @module
 */

import type { Tick } from '../../model/tick.js';
import type { SourceFunding } from '../market-data-source.js';

export const FUNDING_INTERVAL_MS = 8 * 3_600_000;

/** The rate of `symbol`'s settlement at `ts` (a multiple of 8 h) in the simulation of `seed`. */
export function simulatedFundingRate(seed: number, symbol: string, ts: number): number {
  let h = seed % 997;
  for (let i = 0; i < symbol.length; i++) h = (h * 31 + symbol.charCodeAt(i)) % 997;
  const k = ts / FUNDING_INTERVAL_MS;
  return Number((0.0001 + 0.00025 * Math.sin(0.9 * k + h)).toFixed(8));
}

/** The settlements in `[from, to)` of every symbol of `ticks` (time-ordered), marks from those ticks. */
export function simulatedFunding(seed: number, symbols: readonly string[], ticks: readonly Tick[], from: number, to: number): SourceFunding[] {
  const out: SourceFunding[] = [];
  for (const symbol of symbols) {
    let i = 0;
    let last = Number.NaN;
    const own = ticks.filter((t) => t.symbol === symbol);
    if (own.length === 0) continue;
    for (let ts = Math.ceil(from / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS; ts < to; ts += FUNDING_INTERVAL_MS) {
      while (i < own.length && own[i]!.ts <= ts) last = own[i++]!.price;
      out.push({ symbol, ts, rate: simulatedFundingRate(seed, symbol, ts), markPrice: Number.isNaN(last) ? own[0]!.price : last });
    }
  }
  return out;
}
