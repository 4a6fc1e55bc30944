/**
 * The shape of one `tandem compute` op: validated input and options in, a plain result out.
 * @module
 */

import type { JsonObject } from './request-fields.js';

/** Runs one op on a request's `input` and `options` (both JSON objects); throws `TandemError`. */
export type ComputeOp = (input: JsonObject, options: JsonObject) => unknown;
