/**
 * `MarketDataSource`: the port every source of ticks implements (simulator, Binance, replay).
 * A source pushes batches of normalised ticks into the sink it is started with and never
 * knows who consumes them.
 * @module
 */

import type { Tick } from '../model/tick.js';

/** Receives ticks in batches, in the order the source produced them. */
export type TickSink = (ticks: readonly Tick[]) => void;

export type SourceState = 'idle' | 'connecting' | 'live' | 'stopped' | 'error';

export interface MarketDataSource {
  /** `simulator`, `binance`, `replay`. */
  readonly kind: string;
  readonly symbols: readonly string[];
  /** Starts producing into `sink`; resolves once the source is live. */
  start(sink: TickSink): Promise<void>;
  /** Stops producing; resolves once no more ticks will reach the sink. */
  stop(): Promise<void>;
  state(): SourceState;
}
