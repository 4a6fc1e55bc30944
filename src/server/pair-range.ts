/**
 * Resolves a pair request's query (y, x, tf, method, window, Kalman parameters, from, to) into
 * a checked `PairSpec` and a bar range, the same way for the analytics route and the pair
 * export.
 * @module
 */

import { TandemError } from '../core/tandem-error.js';
import type { LiveEngine } from '../engine/live-engine.js';
import { parsePairSpec, type PairSpec } from '../model/pair-spec.js';
import { bucketStart } from '../model/timeframe.js';
import type { PairAnalyticsQuery } from './dto/pair-schemas.js';

/** Bars a request reads when it names no `from`. */
export const DEFAULT_PAIR_BARS = 1000;
/** Most bars a leg may have in one request: a day of 1 s bars. */
export const MAX_PAIR_BARS = 86_400;

export function resolvePairRange(engine: LiveEngine, q: Omit<PairAnalyticsQuery, 'lookback'>): { spec: PairSpec; from: number; to: number } {
  const parsed = parsePairSpec({
    y: q.y,
    x: q.x,
    tf: q.tf,
    ...(q.method === undefined ? {} : { method: q.method }),
    ...(q.window === undefined ? {} : { window: q.window }),
    ...(q.delta === undefined ? {} : { delta: q.delta }),
    ...(q.ve === undefined ? {} : { ve: q.ve }),
  });
  if (!parsed.ok) throw new TandemError('invalid_request', `querystring/${parsed.error.message}`);
  const spec = parsed.value;
  const to = q.to ?? bucketStart(engine.clock.now(), spec.tf.ms) + spec.tf.ms;
  const from = q.from ?? Math.max(0, to - DEFAULT_PAIR_BARS * spec.tf.ms);
  if (!(from < to)) throw new TandemError('invalid_request', `querystring: from (${from}) must be before to (${to})`);
  return { spec, from, to };
}
