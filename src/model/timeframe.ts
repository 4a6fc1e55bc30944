/**
 * Timeframes: `<n><unit>` with unit `ms|s|m|h|d` (`250ms`, `1s`, `15s`, `1m`, `5m`, `4h`, `1d`).
 * Parsed once into milliseconds; buckets are epoch-aligned, left-closed and labelled by their
 * start, as pandas `resample(label='left', closed='left')`.
 * @module
 */

import type { Brand, DurationMs, EpochMs } from '../core/brand.js';
import { err, ok, type Result } from '../core/result.js';

/** A timeframe label in its canonical spelling, e.g. `1m`. */
export type Timeframe = Brand<string, 'Timeframe'>;

/** A parsed timeframe: its canonical label and its length. */
export interface TimeframeSpec {
  readonly label: Timeframe;
  readonly ms: DurationMs;
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const PATTERN = /^([1-9][0-9]{0,8})(ms|s|m|h|d)$/;
/** Longest accepted timeframe: 30 days. */
const MAX_MS = 30 * UNIT_MS.d;

/** The timeframes the live engine builds and stores by default. */
export const DEFAULT_TIMEFRAMES = ['1s', '1m', '5m'] as const;

/** Parses `input` into a `TimeframeSpec`, or explains why it is not one. */
export function parseTimeframe(input: string): Result<TimeframeSpec> {
  const m = PATTERN.exec(input.trim());
  if (!m) {
    return err({ code: 'invalid_timeframe', message: `timeframe '${input}' is not <n><unit> with unit ms, s, m, h or d (e.g. 1s, 15s, 1m, 250ms)` });
  }
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (ms > MAX_MS) return err({ code: 'invalid_timeframe', message: `timeframe '${input}' is longer than 30d` });
  return ok({ label: `${m[1]}${m[2]}` as Timeframe, ms: ms as DurationMs });
}

/** Start of the bucket of length `ms` that holds time `t`: ⌊t/ms⌋·ms. */
export function bucketStart(t: number, ms: number): EpochMs {
  return (Math.floor(t / ms) * ms) as EpochMs;
}
