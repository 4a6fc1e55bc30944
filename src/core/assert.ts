/**
 * Invariant checks. A broken invariant is a bug: it throws at once with a message that says
 * what was expected. Expected failures at I/O edges use `Result` or `TandemError` instead.
 * @module
 */

/** Thrown when an internal invariant does not hold. */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

/** Throws `AssertionError(message)` unless `condition` holds. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Returns `value` when it is neither null nor undefined, else throws `AssertionError(message)`. */
export function ensure<T>(value: T | null | undefined, message: string): T {
  if (value === null || value === undefined) throw new AssertionError(message);
  return value;
}
