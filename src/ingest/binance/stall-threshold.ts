/**
 * How long a symbol may stay silent before its connection counts as stalled. It adapts to the
 * symbol's own trade rate: `factor` × the exponentially weighted mean gap between its trades,
 * clamped to [minMs, maxMs]; until enough trades are seen it is `maxMs`. A busy BTCUSDT that
 * is silent for 3 s is stalled; a quiet altcoin may sit for a minute.
 * @module
 */

export interface StallThresholdOptions {
  readonly minMs: number;
  readonly maxMs: number;
  /** Multiple of the mean gap between trades (default 30). */
  readonly factor?: number;
}

export class StallThreshold {
  private meanGap: number | null = null;
  private last: number | null = null;
  private seen = 0;

  constructor(private readonly opts: StallThresholdOptions) {}

  /** Records a trade (or frame) of the symbol received at `at`. */
  observe(at: number): void {
    if (this.last !== null) {
      const gap = Math.max(0, at - this.last);
      // α = 0.05: about the last 20 gaps matter.
      this.meanGap = this.meanGap === null ? gap : this.meanGap + 0.05 * (gap - this.meanGap);
    }
    this.last = at;
    this.seen++;
  }

  thresholdMs(): number {
    if (this.meanGap === null || this.seen < 10) return this.opts.maxMs;
    return Math.min(this.opts.maxMs, Math.max(this.opts.minMs, (this.opts.factor ?? 30) * this.meanGap));
  }
}
