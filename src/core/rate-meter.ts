/**
 * `RateMeter`: events per second over a sliding window of whole seconds (5 s by default),
 * counted in one-second buckets so the cost is O(1) per event.
 * @module
 */

export class RateMeter {
  private readonly counts: Float64Array;
  private readonly seconds: Float64Array;

  constructor(private readonly windowSeconds = 5) {
    this.counts = new Float64Array(windowSeconds + 1);
    this.seconds = new Float64Array(windowSeconds + 1).fill(-1);
  }

  add(n: number, nowMs: number): void {
    const sec = Math.floor(nowMs / 1000);
    const i = sec % this.counts.length;
    if (this.seconds[i] !== sec) {
      this.seconds[i] = sec;
      this.counts[i] = 0;
    }
    this.counts[i]! += n;
  }

  /** Mean rate over the last `windowSeconds` complete seconds before `nowMs`. */
  perSecond(nowMs: number): number {
    const sec = Math.floor(nowMs / 1000);
    let total = 0;
    for (let i = 0; i < this.counts.length; i++) {
      const s = this.seconds[i]!;
      if (s >= sec - this.windowSeconds && s < sec) total += this.counts[i]!;
    }
    return total / this.windowSeconds;
  }
}
