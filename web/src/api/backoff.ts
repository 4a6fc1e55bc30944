/**
 * Reconnect delays: exponential from `initialMs`, capped at `maxMs`, with ±`jitter` spread so
 * that many browsers do not reconnect in lock-step after a server restart.
 * @module
 */

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Fraction of the delay to spread either way, 0..1. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 8000, jitter: 0.2 };

/**
 * Delay before reconnect attempt `attempt` (0-based): `min(maxMs, initialMs·2^attempt)·(1 ± jitter)`.
 * @example backoffDelay(3, { initialMs: 250, maxMs: 8000, jitter: 0 }) // 2000
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 + options.jitter * (2 * random() - 1)));
}
