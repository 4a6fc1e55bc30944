/**
 * `SimulatorSource`: the offline market. It runs a `BasketModel` against the clock and pushes
 * the trades that came due every `intervalMs` (50 ms), so ticks arrive in real time.
 * @module
 */

import type { Clock } from '../../core/clock.js';
import type { MarketDataSource, SourceHistory, SourceState, TickSink } from '../market-data-source.js';
import { BasketModel } from './basket-model.js';
import type { MarkSink } from '../../model/mark-price.js';
import { simulatedFunding } from './simulated-funding.js';
import { SimulatedMarks } from './simulated-marks.js';

export interface SimulatorOptions {
  readonly symbols: readonly string[];
  readonly seed: number;
  readonly clock: Clock;
  /** Trades per second across all symbols (default: the model's 300); the soak runs it at thousands. */
  readonly tradesPerSecond?: number;
  readonly intervalMs?: number;
  /**
   * `--history`: also simulate this much past (ms) before the current 5m bucket, at
   * `HISTORY_TRADES_PER_SECOND`, for bars only (see `takeHistory`); the current bucket's trades
   * come at the full rate at once, so its forming bars are whole. Default 0.
   */
  readonly historyMs?: number;
}

/**
 * Trade rate of the simulated past, across the basket. Two days at the live 300/s would be 52 M
 * trades (a minute to make); at 4/s they are 0.7 M, made in well under a second, and every
 * symbol still has trades in nearly every minute. Prices move by time, not by trade, so the
 * past has the same volatility; its volumes are lower by the ratio of the rates.
 */
export const HISTORY_TRADES_PER_SECOND = 4;
/** The simulated past ends, and live trades begin, at the start of the current bucket of this length. */
const LIVE_BUCKET_MS = 300_000;

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
  private history: SourceHistory | null = null;

  constructor(private readonly opts: SimulatorOptions) {
    if (opts.tradesPerSecond !== undefined) checkSimulatorRate(opts.tradesPerSecond);
    this.symbols = opts.symbols;
  }

  start(sink: TickSink, marks?: MarkSink): Promise<void> {
    if (this.timer !== null) return Promise.resolve();
    const historyMs = this.opts.historyMs ?? 0;
    const now = this.opts.clock.now();
    const liveStart = historyMs > 0 ? Math.floor(now / LIVE_BUCKET_MS) * LIVE_BUCKET_MS : now;
    const from = Math.floor((liveStart - historyMs) / 60_000) * 60_000;
    const model = new BasketModel({
      symbols: this.opts.symbols,
      seed: this.opts.seed,
      startMs: historyMs > 0 ? from : now,
      // With a past to make, the model starts at the history rate and switches at the bucket.
      ...(historyMs > 0 ? { tradesPerSecond: HISTORY_TRADES_PER_SECOND } : this.opts.tradesPerSecond === undefined ? {} : { tradesPerSecond: this.opts.tradesPerSecond }),
    });
    if (historyMs > 0) {
      // One model, one price path: the past at the low rate, then the present at the full one.
      const ticks = model.advanceTo(liveStart);
      this.history = { from, to: liveStart, ticks, funding: simulatedFunding(this.opts.seed, this.opts.symbols, ticks, from, liveStart) };
      model.setTradesPerSecond(this.opts.tradesPerSecond ?? 300, liveStart);
    }
    const markMaker = new SimulatedMarks(this.opts.seed, this.opts.symbols);
    this.timer = setInterval(() => {
      const now = this.opts.clock.now();
      const ticks = model.advanceTo(now);
      markMaker.observe(ticks);
      if (ticks.length > 0) sink(ticks);
      // Once a second, like Binance's <symbol>@markPrice@1s.
      const due = markMaker.due(now);
      if (due.length > 0) marks?.(due);
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

  takeHistory(): SourceHistory | null {
    const h = this.history;
    this.history = null;
    return h;
  }
}
