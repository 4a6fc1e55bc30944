/**
 * Resampling of bars into bars of a longer timeframe (1m klines into 5m), with the bucketing of
 * `resampleOhlcv`: epoch-aligned, left-closed, left-labelled.
 * @module
 */

import { TandemError } from '../core/tandem-error.js';
import type { Bar } from '../model/bar.js';
import type { EpochMs, Price, Qty } from '../core/brand.js';
import type { Timeframe } from '../model/timeframe.js';

/**
 * Buckets `bars` (one symbol, ascending `start`) into bars of `intervalMs` labelled `tf`: open of
 * the first bar of the bucket, close of the last, high/low the max/min, volume Σvolume, vwap
 * Σ(vwap·volume)/Σvolume (the close when the volume is 0), trades Σtrades. The result equals
 * `resampleOhlcv` of the ticks behind the bars. Empty buckets are omitted.
 *
 * @throws TandemError `invalid_input` when starts decrease or the interval is not a positive integer.
 * @example resampleBars(oneMinuteBars, 300_000, '5m' as Timeframe) // 5m bars
 */
export function resampleBars(bars: readonly Bar[], intervalMs: number, tf: Timeframe): Bar[] {
  if (!Number.isInteger(intervalMs) || intervalMs <= 0) {
    throw new TandemError('invalid_input', `resampleBars: interval must be a positive integer of ms (got ${intervalMs})`);
  }
  const out: Bar[] = [];
  let cur: { symbol: string; start: number; open: number; high: number; low: number; close: number; volume: number; pv: number; trades: number } | null = null;
  const emit = (): void => {
    if (cur === null) return;
    const vwap = cur.volume > 0 ? cur.pv / cur.volume : cur.close;
    out.push({
      symbol: cur.symbol,
      tf,
      start: cur.start as EpochMs,
      open: cur.open as Price,
      high: cur.high as Price,
      low: cur.low as Price,
      close: cur.close as Price,
      volume: cur.volume as Qty,
      vwap: vwap as Price,
      trades: cur.trades,
    });
  };
  let prev = -Infinity;
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i]!;
    if (b.start < prev) throw new TandemError('invalid_input', `resampleBars: start decreases at index ${i} (${prev} then ${b.start})`);
    prev = b.start;
    const s = Math.floor(b.start / intervalMs) * intervalMs;
    if (cur === null || s !== cur.start) {
      emit();
      cur = { symbol: b.symbol, start: s, open: b.open, high: b.high, low: b.low, close: b.close, volume: 0, pv: 0, trades: 0 };
    }
    if (b.high > cur.high) cur.high = b.high;
    if (b.low < cur.low) cur.low = b.low;
    cur.close = b.close;
    cur.volume += b.volume;
    cur.pv += b.vwap * b.volume;
    cur.trades += b.trades;
  }
  emit();
  return out;
}
