/**
 * Preconditions shared by the analytics functions. Each failure is a `TandemError` whose code
 * is one of `tandem compute`'s error codes and whose message starts with the function's name.
 * @module
 */

import { TandemError } from '../core/tandem-error.js';

/** A numeric series: the analytics take any array-like of numbers and never mutate it. */
export type Series = ArrayLike<number>;

/** Throws `invalid_input` unless `a` and `b` have the same length. */
export function requireSameLength(fn: string, a: Series, b: Series, names = ['x', 'y']): void {
  if (a.length !== b.length) {
    throw new TandemError('invalid_input', `${fn}: ${names[0]} and ${names[1]} must have equal lengths (got ${a.length} and ${b.length})`);
  }
}

/** Throws `insufficient_data` unless `n ≥ min`. */
export function requireLength(fn: string, n: number, min: number, what = 'observations'): void {
  if (n < min) throw new TandemError('insufficient_data', `${fn}: needs at least ${min} ${what} (got ${n})`);
}

/** Throws `degenerate_input` with `message`. */
export function degenerate(fn: string, message: string): never {
  throw new TandemError('degenerate_input', `${fn}: ${message}`);
}

/** Throws `invalid_input` with `message`. */
export function invalid(fn: string, message: string): never {
  throw new TandemError('invalid_input', `${fn}: ${message}`);
}

/** True when every value of `s[start..end)` equals the first. */
export function isConstant(s: Series, start = 0, end = s.length): boolean {
  for (let i = start + 1; i < end; i++) if (s[i] !== s[start]) return false;
  return true;
}

/** Arithmetic mean of `s[start..end)`, refined by one correction pass (two-pass mean). */
export function mean(s: Series, start = 0, end = s.length): number {
  const n = end - start;
  let sum = 0;
  for (let i = start; i < end; i++) sum += s[i]!;
  const m = sum / n;
  let corr = 0;
  for (let i = start; i < end; i++) corr += s[i]! - m;
  return m + corr / n;
}
