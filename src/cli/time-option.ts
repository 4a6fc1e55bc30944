/**
 * `--from`/`--to` of the CLI, read by the same strict parser as the REST API's `from`/`to`
 * (`model/iso-time.ts`): epoch ms, an ISO-8601 date-time (no zone = UTC) or a date. It
 * replaces `Date.parse`, which read `--from 2024-02-30` as March 1st without a word.
 * @module
 */

import { TandemError } from '../core/tandem-error.js';
import { parseTimeBound } from '../model/iso-time.js';

/** Epoch ms of option `--<name>`; a `TandemError` with `code` naming the option otherwise. */
export function parseTimeOption(name: string, input: string, code = 'invalid_request'): number {
  const r = parseTimeBound(input);
  if (!r.ok) throw new TandemError(code, `--${name}: ${r.error}`);
  return r.value;
}
