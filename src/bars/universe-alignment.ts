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

/** One symbol's bars as the alignment reads them: columns, in strictly increasing `start`. */
export interface UniverseColumns {
  readonly start: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
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
export function alignUniverse(bars: ReadonlyMap<string, UniverseColumns>, lookback: number): AlignedUniverse {
  const all = new Set<number>();
  for (const c of bars.values()) for (const start of c.start) all.add(start);
  const sorted = [...all].sort((a, b) => a - b);
  const starts = Float64Array.from(sorted.slice(Math.max(0, sorted.length - lookback)));
  const n = starts.length;
  const out: AlignedUniverse = { starts, symbols: [], closes: [], quoteVolume: [], ownBars: [] };
  if (n === 0) return out;
  const first = starts[0]!;
  for (const [symbol, c] of bars) {
    // The last bar at or before the first bucket, then walk the grid.
    const len = c.start.length;
    let j = 0;
    while (j < len && c.start[j]! < first) j++;
    let last = j > 0 ? c.close[j - 1]! : Number.NaN;
    const col = new Float64Array(n);
    let own = 0;
    let quote = 0;
    for (let i = 0; i < n; i++) {
      if (j < len && c.start[j] === starts[i]) {
        last = c.close[j]!;
        own++;
        quote += c.close[j]! * c.volume[j]!;
        j++;
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
