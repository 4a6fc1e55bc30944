/**
 * `TickHub`: the fan-out point of the live pipeline. Sources publish batches of ticks; the
 * store writer, the bar engine and the rate meters each receive every batch, in order.
 * A listener that throws is reported and does not stop the others.
 * @module
 */

import { componentLogger } from '../core/logger.js';
import type { Tick } from '../model/tick.js';

const log = componentLogger('engine');

export type TickListener = (ticks: readonly Tick[]) => void;

export class TickHub {
  private readonly listeners = new Set<TickListener>();

  constructor(private readonly onListenerError: (e: unknown) => void = (e) => log.error({ err: e }, 'tick listener failed')) {}

  /** Adds `listener`; returns the function that removes it. */
  subscribe(listener: TickListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(ticks: readonly Tick[]): void {
    if (ticks.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(ticks);
      } catch (e) {
        this.onListenerError(e);
      }
    }
  }
}
