/**
 * Reads the `from`/`to` of a query or body (declared with `dto/time-bound.ts`) into epoch ms
 * with the strict parser the CLI and the imports use, and answers 400 naming the field
 * (`querystring/from: '2024-02-30' names a date or time that does not exist`) otherwise.
 * @module
 */

import type { EpochMs } from '../core/brand.js';
import { TandemError } from '../core/tandem-error.js';
import { parseTimeBound } from '../model/iso-time.js';

type TimeInput = number | string;

/** Epoch ms of one bound, undefined when it was not given; `field` is `querystring/from` and the like. */
export function timeParam(value: TimeInput | undefined, field: string): EpochMs | undefined {
  if (value === undefined) return undefined;
  const r = parseTimeBound(value);
  if (!r.ok) throw new TandemError('invalid_request', `${field}: ${r.error}`);
  return r.value;
}

/** `input` with its `from` and `to` read into epoch ms (absent ones stay absent). */
export function withTimeBounds<T extends { readonly from?: TimeInput; readonly to?: TimeInput }>(input: T, part: 'querystring' | 'body'): Omit<T, 'from' | 'to'> & { from?: EpochMs; to?: EpochMs } {
  const { from, to, ...rest } = input;
  const f = timeParam(from, `${part}/from`);
  const t = timeParam(to, `${part}/to`);
  return { ...rest, ...(f === undefined ? {} : { from: f }), ...(t === undefined ? {} : { to: t }) };
}
