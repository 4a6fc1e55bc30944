/**
 * A lookback: how far back history reaches (`--backfill 7d`, `--history 2d`).
 * @module
 */

import { err, ok, type Result } from '../core/result.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** Longest lookback accepted: 365 days. */
const MAX_MS = 365 * UNIT_MS.d;

/**
 * Parses `0` (none) or `<n><unit>` with unit `m`, `h` or `d` (`90m`, `12h`, `7d`) into ms.
 * @example parseLookback('2d') // ok(172_800_000)
 */
export function parseLookback(input: string, what = 'lookback'): Result<number> {
  const text = input.trim();
  if (text === '0') return ok(0);
  const m = /^([1-9][0-9]{0,5})(m|h|d)$/.exec(text);
  if (!m) return err({ code: 'invalid_request', message: `${what} '${input}' is not 0 or <n><unit> with unit m, h or d (e.g. 90m, 12h, 7d)` });
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (ms > MAX_MS) return err({ code: 'invalid_request', message: `${what} '${input}' is longer than 365d` });
  return ok(ms);
}
