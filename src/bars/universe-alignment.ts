/**
 * Aligns the bars of many symbols of one timeframe on one time grid, for the universe pair
 * screener. The rule, chosen so that a pair's columns are the pair aligner's (`pair-alignment.ts`)
 * whenever the window has no gaps:
 *
 * - the grid is the last `lookback` bar starts at which any symbol has a bar (empty buckets are
 *   not bars, so a bucket where nothing traded is not a point);
 * - each symbol's close is forward-filled across grid buckets where it has no bar, from its last
 *   bar at or before the bucket;
 * - a symbol is kept only when it has a bar at or before the first grid bucket (every point has
 *   a value) and its own bars fill at least half of the grid (a symbol that stopped trading is
 *   not screened on its filled last price).
 *
 * Each kept symbol also gets its quote volume over the grid: Σ close·volume of its own bars.
 * @module
 */

/** The part of a bar the alignment reads. */
export interface UniverseBar {
  readonly start: number;
  readonly close: number;
  readonly volume: number;
}

export interface AlignedUniverse {
  /** Bar starts of the grid, oldest first. */
  readonly starts: Float64Array;
  readonly symbols: string[];
  /** One column per kept symbol, index-aligned with `starts`. */
  readonly closes: Float64Array[];
  readonly quoteVolume: number[];
  /** Grid buckets where each kept symbol had its own bar. */
  readonly ownBars: number[];
}

/**
 * @param bars per symbol, bars in strictly increasing `start` order (the last bars of the
 *   symbol; reading more than `lookback` lets a symbol with a gap at the grid's first bucket be
 *   filled from before it).
 */
export function alignUniverse(bars: ReadonlyMap<string, readonly UniverseBar[]>, lookback: number): AlignedUniverse {
  const all = new Set<number>();
  for (const list of bars.values()) for (const b of list) all.add(b.start);
  const sorted = [...all].sort((a, b) => a - b);
  const starts = Float64Array.from(sorted.slice(Math.max(0, sorted.length - lookback)));
  const n = starts.length;
  const out: AlignedUniverse = { starts, symbols: [], closes: [], quoteVolume: [], ownBars: [] };
  if (n === 0) return out;
  const first = starts[0]!;
  for (const [symbol, list] of bars) {
    // The last bar at or before the first bucket, then walk the grid.
    let j = 0;
    while (j < list.length && list[j]!.start < first) j++;
    let last = j > 0 ? list[j - 1]!.close : Number.NaN;
    const col = new Float64Array(n);
    let own = 0;
    let quote = 0;
    for (let i = 0; i < n; i++) {
      if (j < list.length && list[j]!.start === starts[i]) {
        const b = list[j++]!;
        last = b.close;
        own++;
        quote += b.close * b.volume;
      }
      col[i] = last;
    }
    if (Number.isNaN(col[0]!) || own * 2 < n) continue;
    out.symbols.push(symbol);
    out.closes.push(col);
    out.quoteVolume.push(quote);
    out.ownBars.push(own);
  }
  return out;
}
