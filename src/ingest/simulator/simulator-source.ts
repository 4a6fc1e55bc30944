/**
 * `SimulatorSource`: the offline market. It runs a `BasketModel` against the clock and pushes
 * the trades that came due every `intervalMs` (50 ms), so ticks arrive in real time.
 * @module
 */

import type { Clock } from '../../core/clock.js';
import type { MarketDataSource, SourceState, TickSink } from '../market-data-source.js';
import { BasketModel } from './basket-model.js';

export interface SimulatorOptions {
  readonly symbols: readonly string[];
  readonly seed: number;
  readonly clock: Clock;
  /** Trades per second across all symbols (default: the model's 300); the soak runs it at thousands. */
  readonly tradesPerSecond?: number;
  readonly intervalMs?: number;
}

/** The highest simulated rate: beyond it trade ids (`ts·1000 + n`) could collide within a millisecond. */
export const MAX_SIMULATOR_RATE = 200_000;

/** Checks a requested simulator rate; the message names the bad value. */
export function checkSimulatorRate(rate: number): void {
  if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_SIMULATOR_RATE) {
    throw new RangeError(`simulator rate ${String(rate)} is not a number of trades per second in (0, ${MAX_SIMULATOR_RATE}]`);
  }
}

export class SimulatorSource implements MarketDataSource {
  readonly kind = 'simulator';
  readonly symbols: readonly string[];
  private timer: NodeJS.Timeout | null = null;
  private current: SourceState = 'idle';

  constructor(private readonly opts: SimulatorOptions) {
    if (opts.tradesPerSecond !== undefined) checkSimulatorRate(opts.tradesPerSecond);
    this.symbols = opts.symbols;
  }

  start(sink: TickSink): Promise<void> {
    if (this.timer !== null) return Promise.resolve();
    const model = new BasketModel({
      symbols: this.opts.symbols,
      seed: this.opts.seed,
      startMs: this.opts.clock.now(),
      ...(this.opts.tradesPerSecond === undefined ? {} : { tradesPerSecond: this.opts.tradesPerSecond }),
    });
    this.timer = setInterval(() => {
      const ticks = model.advanceTo(this.opts.clock.now());
      if (ticks.length > 0) sink(ticks);
    }, this.opts.intervalMs ?? 50);
    this.current = 'live';
    return Promise.resolve();
  }

  stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.current = 'stopped';
    return Promise.resolve();
  }

  state(): SourceState {
    return this.current;
  }
}
