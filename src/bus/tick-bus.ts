/**
 * `TickBus`: the port between ingest workers and servers when they run as separate processes
 * (docs/scaling.md). Workers publish normalised ticks per symbol; servers read them twice:
 * once in a consumer group shared by every server, whose members commit each tick to the
 * store exactly once between them and acknowledge only after the commit, and once each as a
 * live reader of every tick, for their own bar and pair engines. Delivery is at-least-once;
 * the store's `(symbol, tradeId)` key and `RedeliveryFilter` on the live path make repeats
 * harmless.
 * @module
 */

import type { SymbolQuality } from '../ingest/market-data-source.js';
import type { MarkSink } from '../model/mark-price.js';
import type { Tick, TickSource } from '../model/tick.js';

/** Publishes ticks to the bus, one stream per symbol. */
export interface TickPublisher {
  /** Appends `ticks` (any symbols) to their streams; resolves once Redis has them. */
  publish(ticks: readonly Tick[]): Promise<void>;
  /** The highest trade id of `symbol` from `source` ever published, or null: where a restarted worker resumes. */
  lastPublishedTradeId(symbol: string, source: TickSource): Promise<number | null>;
  close(): Promise<void>;
}

/** Commits one batch (e.g. to the store); the bus acknowledges the batch only once it resolves. */
export type CommitHandler = (ticks: readonly Tick[]) => Promise<void>;

/** Counters of a group consumer since it started. */
export interface GroupConsumerStats {
  readonly consumer: string;
  readonly entriesCommitted: number;
  readonly ticksCommitted: number;
  /** Entries taken over from consumers idle longer than the claim time (dead servers). */
  readonly entriesClaimed: number;
  /** Members of dead servers this member removed from the group (idle past the claim time, nothing pending). */
  readonly consumersRemoved: number;
  /** Malformed entries moved to the dead-letter stream. */
  readonly entriesDeadLettered: number;
  /** Commits that failed and were retried. */
  readonly commitFailures: number;
  readonly lastError: string | null;
}

/** One of the consumer group: reads entries no other member has, commits them, then acknowledges. */
export interface TickGroupConsumer {
  start(commit: CommitHandler): void;
  /** Stops reading, waits for the batch in hand to be committed and acknowledged. */
  stop(): Promise<void>;
  stats(): GroupConsumerStats;
}

/** A live tick with where it came from on the bus. */
export interface LiveTicks {
  readonly symbol: string;
  /** The stream entry id of the last entry these ticks came from. */
  readonly entryId: string;
  readonly ticks: readonly Tick[];
}

/** Reads every tick published from its start on (not only this server's share). */
export interface TickLiveReader {
  /** Starts reading; resolves with the stream id it reads from (entries added at or after it). */
  start(sink: (batch: LiveTicks) => void): Promise<string>;
  stop(): Promise<void>;
  /** Ticks dropped as repeats (ids at or below the last seen of their symbol and source). */
  repeatsDropped(): number;
}

/** A worker's heartbeat, as published to the bus. */
export interface WorkerStatus {
  readonly id: string;
  readonly source: string;
  readonly symbols: readonly string[];
  readonly pid: number;
  readonly host: string;
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly ticksPublished: number;
  readonly quality: readonly SymbolQuality[];
}

export interface StreamStatus {
  readonly symbol: string;
  /** Entries in the stream now (after trimming). */
  readonly length: number;
  /** Entries not yet delivered to the store group, or null when the group does not read it yet. */
  readonly lag: number | null;
  /** Entries delivered to a group member and not yet acknowledged. */
  readonly pending: number;
}

export interface ConsumerInfo {
  readonly name: string;
  readonly pending: number;
  readonly idleMs: number;
}

export interface BusStatus {
  readonly kind: 'redis';
  readonly prefix: string;
  readonly group: string;
  readonly streams: readonly StreamStatus[];
  readonly consumers: readonly ConsumerInfo[];
  /** Workers whose heartbeat is recent; stale ones are listed with their age. */
  readonly workers: readonly (WorkerStatus & { readonly ageMs: number })[];
}

/** Receives the mark prices workers publish (Pub/Sub: from subscribing on, none kept). */
export interface MarkReader {
  start(sink: MarkSink): Promise<void>;
  stop(): Promise<void>;
  /** Rows dropped because they were not marks. */
  dropped(): number;
}

/** The bus as a server sees it. */
export interface ServerBus {
  groupConsumer(): TickGroupConsumer;
  liveReader(): TickLiveReader;
  markReader(): MarkReader;
  /**
   * True once the store group has committed `symbol`'s stream through `entryId`: every entry
   * at or before it is delivered and acknowledged (so its ticks are in the store).
   */
  committed(symbol: string, entryId: string): Promise<boolean>;
  status(): Promise<BusStatus>;
  /** Resolves when the bus answers a trivial command (Redis: PING); for readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
