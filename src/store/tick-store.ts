/**
 * `TickStore`: the port every tick store implements (SQLite, PostgreSQL). Ticks are unique on
 * `(symbol, tradeId)`: appending a tick that is already stored is a no-op that the result
 * counts as a duplicate. (PostgreSQL's partitioned table enforces this with a unique key of
 * `(symbol, trade_id, ts)`, because a partitioned table's unique keys must hold the partition
 * key; a re-delivered trade has the same trade time, so the guarantee is the same for every
 * trade a source delivers twice. The shared contract suite tests exactly that.)
 *
 * A batch with a bad row (empty symbol, NaN or non-positive price, negative qty, a trade id
 * that is not a non-negative safe integer, a ts that is not whole epoch ms of 1970-9999) is refused whole
 * with a `TandemError('invalid_tick')` naming the row and field; nothing of it is stored.
 * @module
 */

import type { EpochMs } from '../core/brand.js';
import type { Tick, TickSource } from '../model/tick.js';

/** A position in `(ts, tradeId)` order, after which the next page starts. */
export interface TickCursor {
  readonly ts: number;
  readonly tradeId: number;
}

export interface TickRangeQuery {
  readonly symbol: string;
  /** Inclusive lower bound on `ts`. */
  readonly from?: number;
  /** Exclusive upper bound on `ts`. */
  readonly to?: number;
  readonly limit: number;
  /** Continue strictly after this position. */
  readonly after?: TickCursor;
}

/** A range to stream: `from` inclusive, `to` exclusive, both optional. */
export interface TickStreamQuery {
  readonly symbol: string;
  readonly from?: number;
  readonly to?: number;
}

export interface AppendResult {
  readonly inserted: number;
  readonly duplicates: number;
}

export interface SymbolSummary {
  readonly symbol: string;
  readonly ticks: number;
  readonly firstTs: EpochMs | null;
  readonly lastTs: EpochMs | null;
}

export interface TakerTickQuery {
  readonly symbol: string;
  /** Exclusive upper bound on `ts`. */
  readonly before: number;
  /** Inclusive lower bound on `ts`. */
  readonly since: number;
  readonly buyerMaker: boolean;
}

export interface TickStore {
  /** Stores `ticks` in one transaction; duplicates of stored ticks are skipped and counted. */
  appendTicks(ticks: readonly Tick[]): Promise<AppendResult>;
  /** Ticks of one symbol in `(ts, tradeId)` order. */
  queryTicks(q: TickRangeQuery): Promise<Tick[]>;
  /**
   * Every tick of a range in `(ts, tradeId)` order, in batches of at most `batchSize` (default
   * 10,000), read lazily: memory stays flat however long the range. Stop early by breaking out
   * of the loop; the read is then released.
   */
  streamTicks(q: TickStreamQuery, batchSize?: number): AsyncIterable<readonly Tick[]>;
  /**
   * The highest stored trade id of `symbol`, or null when none is stored; with `source`, only
   * among ticks from that source (ids of different sources are not comparable).
   */
  lastTradeId(symbol: string, source?: TickSource): Promise<number | null>;
  /**
   * The last trade of `symbol` in `[since, before)` whose taker was on the given side
   * (`buyerMaker` true: the seller took the bid; false: the buyer took the ask), or null. The
   * price of the last taker buy stands in for the ask, of the last taker sell for the bid.
   */
  lastTakerTick(q: TakerTickQuery): Promise<Tick | null>;
  /** Every symbol with stored ticks, with counts and time range. */
  symbolSummaries(): Promise<SymbolSummary[]>;
  /** Total stored ticks. */
  tickCount(): Promise<number>;
}
