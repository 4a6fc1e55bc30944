/**
 * Reading and validating the fields of a `tandem compute` request. Every failure is a
 * `TandemError('invalid_input')` whose message names the field (`input.x[3] is not a finite
 * number`), so a person can fix the request without reading the code.
 * @module
 */

import { TandemError } from '../../core/tandem-error.js';

/** A JSON object as parsed. */
export type JsonObject = Readonly<Record<string, unknown>>;

const bad = (message: string): never => {
  throw new TandemError('invalid_input', message);
};

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? `"${v.slice(0, 40)}"` : typeof v === 'object' ? 'an object' : String(v));

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `input[name]` as finite numbers. `nullAs` allows null elements and maps them to NaN. */
export function numberArray(input: JsonObject, name: string, opts: { allowNull?: boolean; positive?: boolean; nonNegative?: boolean } = {}): Float64Array {
  const v = input[name];
  if (v === undefined) bad(`input.${name} is required`);
  if (!Array.isArray(v)) bad(`input.${name} must be an array of numbers (got ${describe(v)})`);
  const arr = v as unknown[];
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const e = arr[i];
    if (e === null && opts.allowNull) {
      out[i] = Number.NaN;
      continue;
    }
    if (typeof e !== 'number' || !Number.isFinite(e)) bad(`input.${name}[${i}] is not a finite number (${describe(e)})`);
    const x = e as number;
    if (opts.positive && !(x > 0)) bad(`input.${name}[${i}] must be > 0 (got ${x})`);
    if (opts.nonNegative && !(x >= 0)) bad(`input.${name}[${i}] must be ≥ 0 (got ${x})`);
    out[i] = x;
  }
  return out;
}

/** Throws unless all arrays have the length of the first. */
export function sameLength(fields: Readonly<Record<string, ArrayLike<number>>>): number {
  const entries = Object.entries(fields);
  const n = entries[0]![1].length;
  for (const [k, a] of entries) {
    if (a.length !== n) bad(`input.${entries[0]![0]} and input.${k} must have the same length (got ${n} and ${a.length})`);
  }
  return n;
}

/** An option that is a number; absent or null → `fallback`. */
export function numberOption(options: JsonObject, name: string, fallback: number, valid: (x: number) => boolean, rule: string): number {
  const v = options[name];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || !valid(v)) bad(`options.${name} must be ${rule} (got ${describe(v)})`);
  return v as number;
}

/** An option that is an integer; absent or null → `fallback` (undefined makes it required). */
export function intOption(options: JsonObject, name: string, fallback: number | undefined, min: number): number {
  const v = options[name];
  if (v === undefined || v === null) {
    if (fallback === undefined) bad(`options.${name} is required (an integer ≥ ${min})`);
    return fallback as number;
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) bad(`options.${name} must be an integer ≥ ${min} (got ${describe(v)})`);
  return v as number;
}

/** An option from a fixed set of strings; absent or null → `fallback`. */
export function enumOption<T extends string>(options: JsonObject, name: string, allowed: readonly T[], fallback: T): T {
  const v = options[name];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) bad(`options.${name} must be one of ${allowed.map((a) => `"${a}"`).join(', ')} (got ${describe(v)})`);
  return v as T;
}

/** `autolag`: absent → "AIC", null → null (no lag search), else "AIC" | "BIC" (any case). */
export function autolagOption(options: JsonObject): 'AIC' | 'BIC' | null {
  if (!('autolag' in options) || options.autolag === undefined) return 'AIC';
  const v = options.autolag;
  if (v === null) return null;
  if (typeof v === 'string' && (v.toUpperCase() === 'AIC' || v.toUpperCase() === 'BIC')) return v.toUpperCase() as 'AIC' | 'BIC';
  return bad(`options.autolag must be "AIC", "BIC" or null (got ${describe(v)})`);
}

/** `maxlag`: absent or null → null (the default formula), else an integer ≥ 0. */
export function maxlagOption(options: JsonObject): number | null {
  const v = options.maxlag;
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) bad(`options.maxlag must be an integer ≥ 0 or null (got ${describe(v)})`);
  return v as number;
}

export function invalidInput(message: string): never {
  return bad(message);
}
