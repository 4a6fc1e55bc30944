/**
 * `tandem compute`: one JSON request in, one JSON object out (COMPUTE.md, docs/compute.md).
 * This module is the whole protocol — parsing, validation, dispatch, serialisation — and
 * imports only the analytics and the bar resampler, so the command starts fast.
 * @module
 */

import { isTandemError } from '../../core/tandem-error.js';
import type { ComputeOp } from './compute-op.js';
import { marketOps } from './market-ops.js';
import { regressionOps } from './regression-ops.js';
import { isObject } from './request-fields.js';
import { rollingOps } from './rolling-ops.js';
import { timeSeriesOps } from './time-series-ops.js';

/** Every op by name. */
export const COMPUTE_OPS: Readonly<Record<string, ComputeOp>> = { ...regressionOps, ...timeSeriesOps, ...rollingOps, ...marketOps };

export interface ComputeOutcome {
  /** One JSON object, no trailing newline. */
  readonly output: string;
  readonly exitCode: 0 | 2;
}

/** JSON with typed arrays as plain arrays and every non-finite number as null. */
export function serialiseResult(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : null));
    if (typeof v === 'number' && !Number.isFinite(v)) return null;
    return v;
  });
}

const failure = (error: string, message: string): ComputeOutcome => ({ output: JSON.stringify({ error, message }), exitCode: 2 });

/**
 * Runs one request given as JSON text: `{"op": ..., "input": {...}, "options": {...}}`.
 * Returns the result with exit code 0, or `{"error": code, "message": ...}` with exit code 2.
 *
 * @example runCompute('{"op":"ols","input":{"x":[1,2,3],"y":[2,4,7]}}').exitCode // 0
 */
export function runCompute(requestText: string): ComputeOutcome {
  let request: unknown;
  try {
    request = JSON.parse(requestText);
  } catch (e) {
    return failure('invalid_input', `the request is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(request)) return failure('invalid_input', 'the request must be a JSON object {"op": ..., "input": {...}, "options": {...}}');
  const op = request.op;
  if (typeof op !== 'string') return failure('invalid_input', 'the request needs "op", a string such as "ols" or "adf"');
  const fn = Object.hasOwn(COMPUTE_OPS, op) ? COMPUTE_OPS[op] : undefined;
  if (fn === undefined) return failure('unknown_op', `unknown op "${op}"; known ops: ${Object.keys(COMPUTE_OPS).sort().join(', ')}`);
  const input = request.input;
  if (!isObject(input)) return failure('invalid_input', `"input" must be an object (op "${op}")`);
  const options = request.options ?? {};
  if (!isObject(options)) return failure('invalid_input', `"options" must be an object when present (op "${op}")`);
  try {
    return { output: serialiseResult(fn(input, options)), exitCode: 0 };
  } catch (e) {
    if (isTandemError(e)) return failure(e.code, e.message);
    // Anything else is a bug; report it in the protocol's shape rather than crash mid-stream.
    return failure('internal_error', `${op}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
