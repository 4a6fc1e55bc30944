/**
 * Resolves a pair request's query (y, x, tf, method, window, Kalman parameters, from, to) into
 * a checked `PairSpec` and a bar range, the same way for the analytics route and the pair
 * export. Without `to` the range ends now, or, when the pair has no live bars (imported
 * history, a feed that stopped), at the end of the latest bar both legs have stored, so a
 * request opens on the data that exists instead of the empty minutes before the wall clock.
 * @module
 */

import { TandemError } from '../core/tandem-error.js';
import type { LiveEngine } from '../engine/live-engine.js';
import { parsePairSpec, type PairSpec } from '../model/pair-spec.js';
import { bucketStart } from '../model/timeframe.js';
import type { PairAnalyticsQuery } from './dto/pair-schemas.js';
import { timeParam } from './time-params.js';

/** Bars a request reads when it names no `from`. */
export const DEFAULT_PAIR_BARS = 1000;
/** Most bars a leg may have in one request: a day of 1 s bars. */
export const MAX_PAIR_BARS = 86_400;
export { MAX_THINNED_PAIR_BARS } from './dto/pair-schemas.js';

/** Stored bars within this much of now (plus two bars) count as live: the range then ends now. */
const LIVE_SLACK_MS = 5_000;

/** End of the latest bar both legs have stored at `tf`, or null when a leg has none. */
async function latestCommonEnd(engine: LiveEngine, spec: PairSpec): Promise<number | null> {
  const stored = engine.timeframes.some((t) => t.label === spec.tf.label);
  const lastOf = async (symbol: string): Promise<number | null> => {
    if (stored) {
      const s = await engine.store.bars.latestStart(symbol, spec.tf.label);
      return s === null ? null : s + spec.tf.ms;
    }
    const summary = (await engine.store.ticks.symbolSummaries()).find((x) => x.symbol === symbol);
    return summary === undefined || summary.lastTs === null ? null : bucketStart(summary.lastTs, spec.tf.ms) + spec.tf.ms;
  };
  const [y, x] = await Promise.all([lastOf(spec.y), lastOf(spec.x)]);
  return y === null || x === null ? null : Math.min(y, x);
}

export async function resolvePairRange(engine: LiveEngine, q: Omit<PairAnalyticsQuery, 'lookback'>): Promise<{ spec: PairSpec; from: number; to: number }> {
  const parsed = parsePairSpec({
    y: q.y,
    x: q.x,
    tf: q.tf,
    ...(q.method === undefined ? {} : { method: q.method }),
    ...(q.prices === undefined ? {} : { prices: q.prices }),
    ...(q.window === undefined ? {} : { window: q.window }),
    ...(q.delta === undefined ? {} : { delta: q.delta }),
    ...(q.ve === undefined ? {} : { ve: q.ve }),
  });
  if (!parsed.ok) throw new TandemError('invalid_request', `querystring/${parsed.error.message}`);
  const spec = parsed.value;
  const nowEnd = bucketStart(engine.clock.now(), spec.tf.ms) + spec.tf.ms;
  let to: number | undefined = timeParam(q.to, 'querystring/to');
  if (to === undefined) {
    const latest = await latestCommonEnd(engine, spec);
    to = latest !== null && latest < nowEnd - 2 * spec.tf.ms - LIVE_SLACK_MS ? latest : nowEnd;
  }
  const from = timeParam(q.from, 'querystring/from') ?? Math.max(0, to - DEFAULT_PAIR_BARS * spec.tf.ms);
  if (!(from < to)) throw new TandemError('invalid_request', `querystring: from (${from}) must be before to (${to})`);
  return { spec, from, to };
}
