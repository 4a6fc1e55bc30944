/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and
 * Jitter", 2015): the n-th retry waits a uniform time in [0, min(cap, base·2ⁿ)], so many
 * clients that lost the same server do not come back in lock-step.
 * @module
 */

export interface BackoffOptions {
  readonly baseMs: number;
  readonly capMs: number;
  /** Uniform [0, 1); injectable for tests. */
  readonly random?: () => number;
}

export class Backoff {
  private attempt = 0;

  constructor(private readonly opts: BackoffOptions) {}

  /** The wait before the next retry; each call counts one more attempt. */
  next(): number {
    const ceiling = Math.min(this.opts.capMs, this.opts.baseMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.floor((this.opts.random ?? Math.random)() * ceiling);
  }

  attempts(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
  }
}
