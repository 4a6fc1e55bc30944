/**
 * Reads the universe the screener ranks: the last `lookback` bars of every symbol stored at
 * `tf`, aligned on one grid (`bars/universe-alignment.ts`); all of them when fewer are stored,
 * and none (no symbols) when that is fewer than `MIN_SCREENER_LOOKBACK`. Runs wherever its stores are: on
 * a job worker over a read-only SQLite connection, or on the main thread for PostgreSQL.
 * @module
 */

import { alignUniverse, type AlignedUniverse, type UniverseBar } from '../bars/universe-alignment.js';
import { TandemError } from '../core/tandem-error.js';
import type { TimeframeSpec } from '../model/timeframe.js';
import type { BarStore } from '../store/bar-store.js';
import { MIN_SCREENER_LOOKBACK } from './screener-params.js';

export interface UniverseQuery {
  readonly tf: TimeframeSpec;
  readonly lookback: number;
}

/** The aligned universe, plain data (it crosses threads). */
export interface ScreenerUniverse extends AlignedUniverse {
  /** Start of the last grid bucket; null when no symbol has bars. */
  readonly asOf: number | null;
}

/** Throws `invalid_request` naming `tf` when the screener cannot read it from the bar store. */
export function requireStoredTimeframe(tf: TimeframeSpec, stored: readonly TimeframeSpec[]): void {
  if (!stored.some((t) => t.label === tf.label)) {
    throw new TandemError('invalid_request', `tf: the screener reads stored bars; '${tf.label}' is not stored (stored: ${stored.map((t) => t.label).join(', ')})`);
  }
}

export async function loadScreenerUniverse(bars: BarStore, q: UniverseQuery): Promise<ScreenerUniverse> {
  const symbols = (await bars.symbols()).sort();
  const latest = await Promise.all(symbols.map((s) => bars.latestStart(s, q.tf.label)));
  const newest = latest.reduce<number | null>((a, b) => (b === null ? a : a === null ? b : Math.max(a, b)), null);
  if (newest === null) return { ...alignUniverse(new Map(), q.lookback), asOf: null };
  // Twice the lookback back: room to fill a symbol with a gap at the grid's first bucket.
  const from = newest - 2 * q.lookback * q.tf.ms;
  const read = new Map<string, UniverseBar[]>();
  await Promise.all(
    symbols.map(async (symbol, i) => {
      if (latest[i] === null) return;
      const list = await bars.queryBars({ symbol, tf: q.tf.label, from, to: newest + 1, limit: 2 * q.lookback + 1 });
      if (list.length > 0) read.set(symbol, list);
    }),
  );
  const sortedRead = new Map([...read.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  const u = alignUniverse(sortedRead, q.lookback);
  // Fewer aligned bars than the shortest lookback: nothing to screen yet.
  if (u.starts.length < MIN_SCREENER_LOOKBACK) return { ...u, symbols: [], closes: [], quoteVolume: [], ownBars: [], asOf: null };
  return { ...u, asOf: u.starts.length === 0 ? null : u.starts[u.starts.length - 1]! };
}
