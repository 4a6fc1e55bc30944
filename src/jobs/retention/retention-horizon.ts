/**
 * The retention horizon: how old a tick may get before retention deletes it
 * (`--retain-ticks 30d`, `tandem retain --older-than 30d`, `{ "olderThan": "30d" }`). The same
 * `<n><unit>` grammar and 365-day limit as `--backfill` and `--history` (`model/lookback.ts`),
 * but `0` is refused: a horizon of nothing would delete every tick.
 * @module
 */

import { err, type Result } from '../../core/result.js';
import { parseLookback } from '../../model/lookback.js';

/**
 * Parses a horizon into ms (`30d` → 2,592,000,000).
 * @example parseRetentionHorizon('12h', '--older-than') // ok(43_200_000)
 */
export function parseRetentionHorizon(input: string, what = 'retention horizon'): Result<number> {
  const text = input.trim();
  if (/^0+(m|h|d)?$/.test(text)) return err({ code: 'invalid_request', message: `${what} '${input}' must be longer than 0 (it would delete every tick)` });
  if (!/^[1-9][0-9]*(m|h|d)$/.test(text)) return err({ code: 'invalid_request', message: `${what} '${input}' is not <n><unit> with unit m, h or d (e.g. 30d, 12h, 90m)` });
  return parseLookback(text, what);
}
