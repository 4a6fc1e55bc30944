/**
 * `PairBarFeed`: what the pair engine needs from the bar pipeline — live bars, stored history
 * and the market clock. The live engine provides it; tests and the benchmark drive a
 * `BarEngine` directly.
 * @module
 */

import type { Bar } from '../model/bar.js';
import type { TimeframeSpec } from '../model/timeframe.js';
import type { BarListener } from './bar-engine.js';

export interface PairBarFeed {
  /** Every forming and final bar of `symbol` at `tf` from now on; returns the unsubscribe. */
  subscribeBars(symbol: string, tf: TimeframeSpec, listener: BarListener): () => void;
  /** Final bars with `from ≤ start < to`, oldest first, at most `limit`. */
  history(symbol: string, tf: TimeframeSpec, from: number, to: number, limit: number): Promise<Bar[]>;
  /** Commits buffered final bars, so `history` sees every bar published before the call. */
  flush(): Promise<void>;
  /** The time bars close by (the source's market time during a replay). */
  now(): number;
}
