/**
 * `BarAggregator`: the incremental twin of `resampleOhlcv` for one symbol and one timeframe.
 * It keeps the forming bar and hands back each bar as it becomes final, either because a tick
 * of a later bucket arrived or because time (passed in as data) moved past the bucket's end.
 * @module
 */

import { epochMs, price, qty } from '../core/brand.js';
import type { Bar } from '../model/bar.js';
import type { Tick } from '../model/tick.js';
import { bucketStart, type TimeframeSpec } from '../model/timeframe.js';

/** What adding one tick did. */
export type AddOutcome =
  /** The tick went into the forming bar; `finalized` is the bar it closed, if any. */
  | { readonly kind: 'added'; readonly finalized: Bar | null }
  /** The tick belongs to a bucket that is already final; the caller decides how to revise. */
  | { readonly kind: 'late' };

interface FormingBar {
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  pv: number;
  trades: number;
}

export class BarAggregator {
  private forming: FormingBar | null = null;
  /** Start of the last bucket handed out as final; ticks before its end are late. */
  private finalEnd = -Infinity;

  constructor(
    readonly symbol: string,
    readonly tf: TimeframeSpec,
  ) {}

  /** Adds a tick of this aggregator's symbol. Accumulates in the order ticks arrive. */
  add(tick: Pick<Tick, 'ts' | 'price' | 'qty'>): AddOutcome {
    const start = bucketStart(tick.ts, this.tf.ms);
    if (start < this.finalEnd) return { kind: 'late' };
    let finalized: Bar | null = null;
    const f = this.forming;
    if (f !== null && start < f.start) return { kind: 'late' };
    if (f !== null && start > f.start) finalized = this.finalize();
    const p = tick.price;
    const q = tick.qty;
    const g = this.forming;
    if (g === null) {
      this.forming = { start, open: p, high: p, low: p, close: p, volume: q, pv: p * q, trades: 1 };
    } else {
      if (p > g.high) g.high = p;
      if (p < g.low) g.low = p;
      g.close = p;
      g.volume += q;
      g.pv += p * q;
      g.trades += 1;
    }
    return { kind: 'added', finalized };
  }

  /** Finalizes and returns the forming bar when its bucket ends at or before `t`. */
  closeBefore(t: number): Bar | null {
    const f = this.forming;
    if (f === null || f.start + this.tf.ms > t) return null;
    return this.finalize();
  }

  /** The forming bar as a `Bar`, or null when no tick arrived since the last final bar. */
  current(): Bar | null {
    return this.forming === null ? null : this.toBar(this.forming);
  }

  private finalize(): Bar {
    const f = this.forming!;
    this.forming = null;
    this.finalEnd = f.start + this.tf.ms;
    return this.toBar(f);
  }

  private toBar(f: FormingBar): Bar {
    return {
      symbol: this.symbol,
      tf: this.tf.label,
      start: epochMs(f.start),
      open: price(f.open),
      high: price(f.high),
      low: price(f.low),
      close: price(f.close),
      volume: qty(f.volume),
      vwap: price(f.pv / f.volume),
      trades: f.trades,
    };
  }
}
