/**
 * Replay speeds: `1x`, `10x`, `100x` (the file's time gaps divided by 1, 10, 100) or `max`
 * (as fast as the pipeline takes it, yielding between batches).
 * @module
 */

import { err, ok, type Result } from '../../core/result.js';

export type ReplaySpeed = '1x' | '10x' | '100x' | 'max';

export const REPLAY_SPEEDS: readonly ReplaySpeed[] = ['1x', '10x', '100x', 'max'];

export function parseReplaySpeed(input: string): Result<ReplaySpeed> {
  const s = input.trim().toLowerCase();
  const found = REPLAY_SPEEDS.find((v) => v === s || v === `${s}x`);
  if (found === undefined) return err({ code: 'invalid_speed', message: `replay speed '${input}' is not one of ${REPLAY_SPEEDS.join(', ')}` });
  return ok(found);
}

/** The factor market time runs at against the wall clock, or null for `max`. */
export function speedFactor(speed: ReplaySpeed): number | null {
  return speed === 'max' ? null : Number(speed.slice(0, -1));
}
