/**
 * The one strict reader of ISO-8601 times, shared by the file imports (OHLC and tick rows),
 * the REST API's `from`/`to` and the CLI's `--from`/`--to`. Strict means a calendar check:
 * `2024-02-30` is refused, where `Date.parse` would quietly answer March 1st.
 * @module
 */

import { epochMs, type EpochMs } from '../core/brand.js';
import { err, ok, type Result } from '../core/result.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const EPOCH_MS = /^\d+$/;

/** Why a string is not an ISO-8601 time: not that shape at all, or a date or time that does not exist. */
export type IsoTimeProblem = 'not-iso' | 'no-such-time';

/**
 * Epoch ms of an ISO-8601 date-time (`2026-11-24T03:21:56.123Z`, a space for `T`, an offset
 * such as `+02:00`, or no zone, which is UTC) or, with `allowDate`, of a date alone
 * (`2026-11-24`, its midnight UTC). Digits beyond milliseconds are truncated.
 *
 * @example readIsoTime('2024-02-29T12:00:00Z') // { ok: true, value: 1709208000000 }
 * @example readIsoTime('2024-02-30', { allowDate: true }) // { ok: false, error: 'no-such-time' }
 */
export function readIsoTime(raw: string, opts: { readonly allowDate?: boolean } = {}): Result<number, IsoTimeProblem> {
  const m = ISO.exec(raw.trim());
  if (m === null) return err('not-iso');
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (h === undefined && opts.allowDate !== true) return err('not-iso');
  const [hour, minute, second] = [Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)];
  const ms = Number(((frac ?? '') + '000').slice(0, 3));
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, minute, second, ms);
  const check = new Date(local);
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || hour > 23 || minute > 59 || second > 59) {
    return err('no-such-time');
  }
  if (zone === undefined || zone.toUpperCase() === 'Z') return ok(local);
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return ok(local - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000);
}

/** `readIsoTime` of a date-time, or null for any string that is not one. */
export function parseIsoTime(raw: string): number | null {
  const r = readIsoTime(raw);
  return r.ok ? r.value : null;
}

/**
 * A time bound as people and programs give it (REST `from`/`to`, CLI `--from`/`--to`): epoch
 * ms (an integer, or its digits), an ISO-8601 date-time, or a date (midnight UTC). The error
 * quotes the input and says what is wrong; the caller puts the field's name in front.
 *
 * @example parseTimeBound('2024-02-01') // { ok: true, value: 1706745600000 }
 * @example parseTimeBound('2024-02-30') // { ok: false, error: "'2024-02-30' names a date or time that does not exist" }
 */
export function parseTimeBound(input: string | number): Result<EpochMs, string> {
  if (typeof input === 'number') {
    return Number.isSafeInteger(input) && input >= 0 ? ok(epochMs(input)) : err(`${input} is not epoch milliseconds (an integer >= 0)`);
  }
  const s = input.trim();
  const shown = `'${s.length > 40 ? `${s.slice(0, 40)}...` : s}'`;
  if (EPOCH_MS.test(s)) {
    const v = Number(s);
    return Number.isSafeInteger(v) ? ok(epochMs(v)) : err(`${shown} is out of range for epoch milliseconds`);
  }
  const r = readIsoTime(s, { allowDate: true });
  if (r.ok) return r.value < 0 ? err(`${shown} is before 1970`) : ok(epochMs(r.value));
  if (r.error === 'no-such-time') return err(`${shown} names a date or time that does not exist`);
  return err(`${shown} is neither epoch ms nor an ISO-8601 date or date-time (2024-02-01, 2024-02-01T09:30:00Z)`);
}
