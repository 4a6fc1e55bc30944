/**
 * `MarketDataSource`: the port every source of ticks implements (simulator, Binance, replay).
 * A source pushes batches of normalised ticks into the sink it is started with and never
 * knows who consumes them.
 * @module
 */

import type { MarkSink } from '../model/mark-price.js';
import type { Tick } from '../model/tick.js';

/** Receives ticks in batches, in the order the source produced them. */
export type TickSink = (ticks: readonly Tick[]) => void;

export type SourceState = 'idle' | 'connecting' | 'live' | 'stopped' | 'error';

/** Per-symbol feed state of a networked source. */
export type FeedState = 'connecting' | 'live' | 'stalled' | 'refilling' | 'backing-off';

/** Data quality of one symbol's feed, as the status panel shows it. */
export interface SymbolQuality {
  readonly symbol: string;
  readonly state: FeedState;
  /** Frames received per second over the last 5 s. */
  readonly messagesPerSecond: number;
  /** Receive time minus the exchange's event time, over recent frames; null before any. */
  readonly lagP50Ms: number | null;
  readonly lagP99Ms: number | null;
  readonly gapsDetected: number;
  readonly tradesRefilled: number;
  readonly duplicatesDropped: number;
  /** Trades known missing that no refill recovered. */
  readonly tradesUnrecovered: number;
  readonly malformedFrames: number;
  readonly reconnects: number;
  readonly lastReconnectReason: string | null;
}

export interface MarketDataSource {
  /** `simulator`, `binance`, `replay`. */
  readonly kind: string;
  readonly symbols: readonly string[];
  /**
   * Starts producing into `sink`; resolves once the source is live. Sources that know a
   * perpetual's mark price and funding (Binance's markPrice stream, the simulator) push those
   * into `marks`, apart from the ticks.
   */
  start(sink: TickSink, marks?: MarkSink): Promise<void>;
  /** Stops producing; resolves once no more ticks will reach the sink. */
  stop(): Promise<void>;
  state(): SourceState;
  /** Per-symbol data quality, for sources that have a feed to watch. */
  quality?(): readonly SymbolQuality[];
  /** Why the source is not live, in words, or null. */
  reason?(): string | null;
  /**
   * The source's own notion of now, epoch ms, when it is not the wall clock (a replay plays
   * past trades): the bar engine closes bars by it. Null or absent: the wall clock.
   */
  marketTime?(): number | null;
  /** How far a file playback has come, for sources that play a file. */
  playback?(): PlaybackProgress;
  /**
   * Generated past trades to summarise into bars (not to store as ticks): the simulator's
   * `--history`. Handed over once after `start`; null when there are none.
   */
  takeHistory?(): SourceHistory | null;
}

/** Past trades of a source, covering `[from, to)`, for bars only (stored with source `simulated`). */
export interface SourceHistory {
  readonly from: number;
  readonly to: number;
  readonly ticks: readonly Tick[];
  /** Funding settlements of the perpetuals over `[from, to)`, stored as funding rates. */
  readonly funding?: readonly SourceFunding[];
}

/** One funding settlement of a source's past: the shape the funding store takes. */
export interface SourceFunding {
  readonly symbol: string;
  readonly ts: number;
  readonly rate: number;
  readonly markPrice: number;
}

/** Progress of a source that plays a file (replay). */
export interface PlaybackProgress {
  readonly state: 'idle' | 'loading' | 'playing' | 'done' | 'stopped' | 'error';
  readonly path: string;
  readonly speed: string;
  readonly totalBytes: number;
  readonly bytesRead: number;
  readonly rowsRead: number;
  readonly ticksTotal: number;
  readonly ticksPlayed: number;
  /** Trade time of the last tick pushed, epoch ms, or null before the first. */
  readonly lastTickTs: number | null;
  readonly error: string | null;
}
