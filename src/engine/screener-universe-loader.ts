/**
 * Reads the universe the screener ranks: the last `lookback` bars of every symbol stored at
 * `tf`, aligned on one grid (`bars/universe-alignment.ts`); all of them when fewer are stored,
 * and none (no symbols) when that is fewer than `MIN_SCREENER_LOOKBACK`. A SQLite file is read and
 * aligned on a job worker; PostgreSQL is read here (async queries) and aligned on a worker.
 * @module
 */

import { alignUniverse, type AlignedUniverse, type UniverseColumns } from '../bars/universe-alignment.js';
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

/** One symbol's bars as columns: they cross threads by transfer, not by cloning a bar object each. */
export interface SymbolColumns extends UniverseColumns {
  readonly symbol: string;
}

/**
 * Reads the bars the screen needs: up to twice `lookback` of every symbol (room to fill a symbol
 * with a gap at the grid's first bucket), as columns, by symbol. Each symbol's list becomes
 * columns as its query answers, so no step holds the thread for the whole universe.
 */
export async function readUniverseColumns(bars: BarStore, q: UniverseQuery): Promise<SymbolColumns[]> {
  const symbols = (await bars.symbols()).sort();
  const latest = await Promise.all(symbols.map((s) => bars.latestStart(s, q.tf.label)));
  const newest = latest.reduce<number | null>((a, b) => (b === null ? a : a === null ? b : Math.max(a, b)), null);
  if (newest === null) return [];
  const from = newest - 2 * q.lookback * q.tf.ms;
  const read = await Promise.all(
    symbols.map(async (symbol, i): Promise<SymbolColumns | null> => {
      if (latest[i] === null) return null;
      const list = await bars.queryBars({ symbol, tf: q.tf.label, from, to: newest + 1, limit: 2 * q.lookback + 1 });
      if (list.length === 0) return null;
      return { symbol, start: Float64Array.from(list, (b) => b.start), close: Float64Array.from(list, (b) => b.close), volume: Float64Array.from(list, (b) => b.volume) };
    }),
  );
  return read.filter((c): c is SymbolColumns => c !== null);
}

/** The aligned universe of `columns` (by symbol): synchronous, its cost grows with the universe, so it runs on a job worker. */
export function screenerUniverseOf(columns: readonly SymbolColumns[], lookback: number): ScreenerUniverse {
  const u = alignUniverse(new Map(columns.map((c) => [c.symbol, c])), lookback);
  // Fewer aligned bars than the shortest lookback: nothing to screen yet.
  if (u.starts.length < MIN_SCREENER_LOOKBACK) return { ...u, symbols: [], closes: [], quoteVolume: [], ownBars: [], asOf: null };
  return { ...u, asOf: u.starts[u.starts.length - 1]! };
}

/** Reads and aligns the universe here (a job worker over a read-only SQLite connection). */
export async function loadScreenerUniverse(bars: BarStore, q: UniverseQuery): Promise<ScreenerUniverse> {
  return screenerUniverseOf(await readUniverseColumns(bars, q), q.lookback);
}
