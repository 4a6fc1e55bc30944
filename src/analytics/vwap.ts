/**
 * Cumulative volume-weighted average price: the `vwap` op of COMPUTE.md, batch and incremental.
 * Sums are compensated (Neumaier) so a day of ticks does not accumulate rounding.
 * @module
 */

import { requireSameLength, type Series } from './preconditions.js';

/** Neumaier's compensated running sum. */
class CompensatedSum {
  private sum = 0;
  private comp = 0;

  add(v: number): void {
    const t = this.sum + v;
    if (Math.abs(this.sum) >= Math.abs(v)) this.comp += this.sum - t + v;
    else this.comp += v - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.comp;
  }

  reset(): void {
    this.sum = 0;
    this.comp = 0;
  }
}

/**
 * vwapᵢ = Σ_{j≤i} pⱼqⱼ / Σ_{j≤i} qⱼ. The caller guarantees qty > 0.
 * @example cumulativeVwap([10, 20], [1, 3]) // [10, 17.5]
 */
export function cumulativeVwap(price: Series, qty: Series): Float64Array {
  requireSameLength('cumulativeVwap', price, qty, ['price', 'qty']);
  const out = new Float64Array(price.length);
  const v = new CumulativeVwap();
  for (let i = 0; i < price.length; i++) out[i] = v.update(price[i]!, qty[i]!);
  return out;
}

/** Incremental cumulative VWAP: `update(price, qty)`; `value` is NaN before the first trade. */
export class CumulativeVwap {
  private readonly pq = new CompensatedSum();
  private readonly q = new CompensatedSum();
  private count = 0;

  get ready(): boolean {
    return this.count > 0;
  }

  get value(): number {
    return this.count > 0 ? this.pq.value / this.q.value : Number.NaN;
  }

  update(price: number, qty: number): number {
    this.pq.add(price * qty);
    this.q.add(qty);
    this.count++;
    return this.value;
  }

  reset(): void {
    this.pq.reset();
    this.q.reset();
    this.count = 0;
  }
}
