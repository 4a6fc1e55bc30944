/**
 * `PairFunding`: the funding settlements of both legs of a pair, as columns the backtest
 * kernel reads beside the bars (`PairBarColumns.funding`). Each leg has its own times, since
 * two perpetuals need not settle on the same schedule (most Binance USD-M symbols settle at
 * 00:00, 08:00 and 16:00 UTC, some every 4 h or 1 h).
 *
 * The rule (`simulatePair`): a settlement at time τ of a leg held with signed quantity q pays
 * the cash flow −q·mark·rate, so a long leg pays a positive rate and a short leg receives it.
 * A position is held at τ when its entry fill time ≤ τ < its exit fill time (fill times as
 * `TradeRecord` gives them: a bar's start for a fill at its open, its end for one at its
 * close). The cash flow is booked in equity at the close of the bar whose span
 * [start, start + tf) contains τ, or, when τ falls in a gap between bars, at the close of the
 * next bar. A settlement whose mark price is unknown (NaN) is valued at the leg's close of
 * that bar.
 * @module
 */

import { assert } from '../core/assert.js';

/** The settlements of one leg, in time order. */
export interface LegFunding {
  /** Funding times, epoch ms, strictly increasing. */
  readonly time: Float64Array;
  /** Rate of each settlement, a fraction. */
  readonly rate: Float64Array;
  /** Mark price of each settlement; NaN where unknown. */
  readonly mark: Float64Array;
}

export interface PairFunding {
  readonly y: LegFunding;
  readonly x: LegFunding;
}

/** The part of a stored funding rate read here. */
export interface FundingPoint {
  readonly ts: number;
  readonly rate: number;
  readonly markPrice: number;
}

/** Columns of `rows`, which must be in strictly increasing time with finite rates (as the store answers them). */
export function legFunding(rows: readonly FundingPoint[]): LegFunding {
  const n = rows.length;
  const time = new Float64Array(n);
  const rate = new Float64Array(n);
  const mark = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    assert(i === 0 || r.ts > rows[i - 1]!.ts, `legFunding: row ${i} at ${r.ts} is not after row ${i - 1}`);
    assert(Number.isFinite(r.rate), `legFunding: row ${i} has a rate that is not finite (${r.rate})`);
    time[i] = r.ts;
    rate[i] = r.rate;
    mark[i] = r.markPrice;
  }
  return { time, rate, mark };
}

/** No settlements: what a leg without funding (or a backtest with `funding: false`) reads. */
export const NO_FUNDING: LegFunding = { time: new Float64Array(0), rate: new Float64Array(0), mark: new Float64Array(0) };
