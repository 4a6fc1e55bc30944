/**
 * Percentiles of the most recent lags (receive time − Binance event time `E`), over a ring of
 * the last `capacity` samples so the figure follows the present, not the whole session.
 * @module
 */

export class LagPercentiles {
  private readonly ring: Float64Array;
  private n = 0;
  private next = 0;

  constructor(capacity = 2048) {
    this.ring = new Float64Array(capacity);
  }

  add(lagMs: number): void {
    this.ring[this.next] = lagMs;
    this.next = (this.next + 1) % this.ring.length;
    if (this.n < this.ring.length) this.n++;
  }

  /** The p-th percentile (0 ≤ p ≤ 100, nearest rank) of the kept samples, or null when none. */
  percentile(p: number): number | null {
    if (this.n === 0) return null;
    const sorted = this.ring.slice(0, this.n).sort();
    const rank = Math.min(this.n - 1, Math.max(0, Math.ceil((p / 100) * this.n) - 1));
    return sorted[rank]!;
  }
}
