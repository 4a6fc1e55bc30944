/**
 * `TickStore`: the port every tick store implements (SQLite now; PostgreSQL later). Ticks
 * are unique on `(symbol, tradeId)`: appending a tick that is already stored is a no-op that
 * the result counts as a duplicate.
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

export interface TickStore {
  /** Stores `ticks` in one transaction; duplicates of stored ticks are skipped and counted. */
  appendTicks(ticks: readonly Tick[]): Promise<AppendResult>;
  /** Ticks of one symbol in `(ts, tradeId)` order. */
  queryTicks(q: TickRangeQuery): Promise<Tick[]>;
  /**
   * The highest stored trade id of `symbol`, or null when none is stored; with `source`, only
   * among ticks from that source (ids of different sources are not comparable).
   */
  lastTradeId(symbol: string, source?: TickSource): Promise<number | null>;
  /** Every symbol with stored ticks, with counts and time range. */
  symbolSummaries(): Promise<SymbolSummary[]>;
  /** Total stored ticks. */
  tickCount(): Promise<number>;
}
