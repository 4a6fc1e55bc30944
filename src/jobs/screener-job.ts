/**
 * The universe pair screener on the job lane (DESIGN.md, "Two lanes"): one job reads and aligns
 * the universe from the SQLite file on a worker's read-only connection (PostgreSQL and
 * `:memory:` stores are read on the main thread, as the other jobs do), then the pairs are split
 * into contiguous shards screened on the pool's workers in parallel (`screenShard`), and the
 * shards' rankings are merged. Without a pool (the CLI's `--threads 0`) everything runs in place.
 * @module
 */

import { eligibleSymbols, mergeShards, pairsOf, prepareUniverse, screenShard, type ScreenOptions, type ShardResult, type ScreenUniverse } from '../analytics/screen-pairs.js';
import { SCREENER_SPARKLINE_POINTS } from '../model/screener-ranking.js';
import { loadScreenerUniverse, readUniverseColumns, requireStoredTimeframe, type ScreenerUniverse } from '../engine/screener-universe-loader.js';
import type { ScreenerParams, ScreenerRanking } from '../model/screener-ranking.js';
import type { TimeframeSpec } from '../model/timeframe.js';
import type { MarketStores } from '../store/market-stores.js';
import type { JobPool } from './job-pool.js';
import type { ScreenerShardJob } from './job-protocol.js';
import { sqliteFileOf } from './tick-csv-job.js';

/** Shards per worker: a little more than one evens out shards whose pairs the prefilter thins unequally. */
const SHARDS_PER_WORKER = 2;

export function screenOptionsOf(p: ScreenerParams): ScreenOptions {
  return { prices: p.prices, minCorr: p.minCorr, minQuoteVolume: p.minQuoteVolume, limit: p.limit, sparklinePoints: SCREENER_SPARKLINE_POINTS };
}

/** Screens an aligned universe, its pairs split over the pool's workers (in place without a pool). */
export async function screenAligned(pool: JobPool | null, universe: ScreenUniverse, options: ScreenOptions): Promise<ShardResult> {
  const total = pairsOf(eligibleSymbols(universe, options.minQuoteVolume).length);
  if (pool === null || total === 0) return screenShard(universe, prepareUniverse(universe, options), options, 0, total);
  const shards = Math.max(1, Math.min(total, pool.workers * SHARDS_PER_WORKER));
  const plain: ScreenUniverse = { symbols: universe.symbols, closes: universe.closes, quoteVolume: universe.quoteVolume };
  const runs: Promise<ShardResult>[] = [];
  for (let s = 0; s < shards; s++) {
    const from = Math.floor((s * total) / shards);
    const to = Math.floor(((s + 1) * total) / shards);
    runs.push(pool.run<ShardResult>({ kind: 'screener-shard', universe: plain, options, from, to }));
  }
  return mergeShards(await Promise.all(runs), options.limit);
}

/** The worker's side of a shard. */
export function runScreenerShard(job: ScreenerShardJob): ShardResult {
  return screenShard(job.universe, prepareUniverse(job.universe, job.options), job.options, job.from, job.to);
}

/**
 * Reads the universe: a SQLite file is read and aligned on a worker; another store (PostgreSQL,
 * async queries) is read here and aligned on a worker, its columns transferred, since aligning
 * 300 symbols takes 30-50 ms, more than the event loop may give.
 */
export async function readUniverse(pool: JobPool | null, stores: MarketStores, tf: TimeframeSpec, lookback: number): Promise<ScreenerUniverse> {
  if (pool === null) return loadScreenerUniverse(stores.bars, { tf, lookback });
  const dbPath = sqliteFileOf(stores);
  if (dbPath !== null) return pool.run<ScreenerUniverse>({ kind: 'screener-universe', dbPath, query: { tf, lookback } });
  const columns = await readUniverseColumns(stores.bars, { tf, lookback });
  const transferList = columns.flatMap((c) => [c.start.buffer, c.close.buffer, c.volume.buffer] as ArrayBuffer[]);
  return pool.run<ScreenerUniverse>({ kind: 'screener-align', columns, lookback }, { transferList });
}

/** The ranking of an aligned universe. */
export function rankingOf(universe: ScreenerUniverse, params: ScreenerParams, result: ShardResult): ScreenerRanking {
  return { asOf: universe.asOf, tf: params.tf, lookback: params.lookback, prices: params.prices, symbols: universe.symbols, pairsTested: result.pairsTested, items: result.items };
}

/**
 * The whole screen on stored bars: read, align, screen. Throws `invalid_request` naming `tf`
 * when the timeframe is not stored.
 */
export async function runScreener(pool: JobPool | null, stores: MarketStores, storedTimeframes: readonly TimeframeSpec[], tf: TimeframeSpec, params: ScreenerParams): Promise<ScreenerRanking> {
  requireStoredTimeframe(tf, storedTimeframes);
  const universe = await readUniverse(pool, stores, tf, params.lookback);
  const result = universe.symbols.length < 2 ? { pairsTested: 0, items: [] } : await screenAligned(pool, universe, screenOptionsOf(params));
  return rankingOf(universe, params, result);
}
