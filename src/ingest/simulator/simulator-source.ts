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
  readonly tradesPerSecond?: number;
  readonly intervalMs?: number;
}

export class SimulatorSource implements MarketDataSource {
  readonly kind = 'simulator';
  readonly symbols: readonly string[];
  private timer: NodeJS.Timeout | null = null;
  private current: SourceState = 'idle';

  constructor(private readonly opts: SimulatorOptions) {
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
