/**
 * A token bucket: at most `ratePerSecond` events a second on average, bursts up to `burst`.
 * Tandem sends Binance at most 10 messages a second per connection (Binance disconnects
 * beyond that); `waitMs` says how long to wait before the next one may go.
 * @module
 */

export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.at = now;
  }

  /** Takes a token if one is free now; returns 0, or the ms to wait before trying again. */
  take(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.ratePerSecond);
    this.at = now;
  }
}
