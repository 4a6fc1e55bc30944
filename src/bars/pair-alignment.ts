/**
 * Aligns two bar series of one timeframe on bar start, for pair analytics. Each bucket in
 * which either side has a bar becomes one aligned point with both closes; a side without a bar
 * in that bucket is forward-filled from its last close and marked as filled, so a fresh bar is
 * never paired with a stale one silently. Buckets before both sides have had a bar are skipped
 * (there is nothing to fill from), and buckets where neither side traded are not points, as
 * empty buckets are not bars.
 *
 * Two forms with one rule: `alignCloseColumns` (and `alignBars`, its form on objects) for
 * stored ranges and `PairAligner`, fed final bars of either side as they close; tests hold
 * them equal on any interleaving.
 * @module
 */

import { assert } from '../core/assert.js';
import { epochMs, type EpochMs } from '../core/brand.js';
import { closeColumnsOf, type CloseColumns } from '../model/bar.js';

/** The part of a bar the alignment reads. */
export interface CloseBar {
  readonly start: number;
  readonly close: number;
}

export type PairSide = 'y' | 'x';

export interface AlignedPoint {
  /** Bucket start, epoch ms. */
  readonly start: EpochMs;
  readonly y: number;
  readonly x: number;
  /** True when y had no bar in this bucket and `y` is its last close. */
  readonly yFilled: boolean;
  readonly xFilled: boolean;
}

/** Carries the last close of each side and turns one bucket's bars into a point. */
class FillState {
  private lastY = Number.NaN;
  private lastX = Number.NaN;

  /** The point of bucket `start` given the bars found there (undefined = none); null before both sides have traded. */
  step(start: number, y: number | undefined, x: number | undefined): AlignedPoint | null {
    if (y !== undefined) this.lastY = y;
    if (x !== undefined) this.lastX = x;
    if (Number.isNaN(this.lastY) || Number.isNaN(this.lastX)) return null;
    return { start: epochMs(start), y: this.lastY, x: this.lastX, yFilled: y === undefined, xFilled: x === undefined };
  }

  last(side: PairSide): number {
    return side === 'y' ? this.lastY : this.lastX;
  }
}

function requireAscending(fn: string, side: PairSide, start: Float64Array): void {
  for (let i = 1; i < start.length; i++) {
    // The message only on failure: built on every bar, it cost more than the alignment.
    if (!(start[i]! > start[i - 1]!)) assert(false, `${fn}: ${side} bars must have strictly increasing starts (index ${i}: ${start[i]} after ${start[i - 1]})`);
  }
}

/** Aligned points column by column: the batch form's answer. */
export interface AlignedColumns {
  readonly start: Float64Array;
  readonly y: Float64Array;
  readonly x: Float64Array;
  /** 1 where that side had no bar in the bucket and carries its last close. */
  readonly yFilled: Uint8Array;
  readonly xFilled: Uint8Array;
}

/**
 * Batch alignment of two complete series (each in strictly increasing `start` order), column
 * by column: a week of 1 s bars is 604,800 points, which as objects took most of a pair
 * request's time.
 */
export function alignCloseColumns(yBars: CloseColumns, xBars: CloseColumns, fn = 'alignCloseColumns'): AlignedColumns {
  requireAscending(fn, 'y', yBars.start);
  requireAscending(fn, 'x', xBars.start);
  const ny = yBars.start.length;
  const nx = xBars.start.length;
  const cap = ny + nx;
  const start = new Float64Array(cap);
  const y = new Float64Array(cap);
  const x = new Float64Array(cap);
  const yFilled = new Uint8Array(cap);
  const xFilled = new Uint8Array(cap);
  let lastY = Number.NaN;
  let lastX = Number.NaN;
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < ny || j < nx) {
    const sy = i < ny ? yBars.start[i]! : Infinity;
    const sx = j < nx ? xBars.start[j]! : Infinity;
    const s = sy < sx ? sy : sx;
    const hasY = sy === s;
    const hasX = sx === s;
    if (hasY) lastY = yBars.close[i++]!;
    if (hasX) lastX = xBars.close[j++]!;
    // Buckets before both sides have traded have nothing to fill from (FillState's rule).
    if (Number.isNaN(lastY) || Number.isNaN(lastX)) continue;
    start[n] = s;
    y[n] = lastY;
    x[n] = lastX;
    yFilled[n] = hasY ? 0 : 1;
    xFilled[n] = hasX ? 0 : 1;
    n++;
  }
  return { start: start.slice(0, n), y: y.slice(0, n), x: x.slice(0, n), yFilled: yFilled.slice(0, n), xFilled: xFilled.slice(0, n) };
}

/**
 * Batch alignment of bars given as objects: `alignCloseColumns`, answered as points.
 * @example alignBars([{start: 0, close: 10}, {start: 2, close: 11}], [{start: 0, close: 5}, {start: 1, close: 6}])
 *   // [{start: 0, y: 10, x: 5}, {start: 1, y: 10, x: 6, yFilled: true}, {start: 2, y: 11, x: 6, xFilled: true}]
 */
export function alignBars(yBars: readonly CloseBar[], xBars: readonly CloseBar[]): AlignedPoint[] {
  const c = alignCloseColumns(closeColumnsOf(yBars), closeColumnsOf(xBars), 'alignBars');
  return Array.from(c.start, (start, k) => ({ start: epochMs(start), y: c.y[k]!, x: c.x[k]!, yFilled: c.yFilled[k] === 1, xFilled: c.xFilled[k] === 1 }));
}

/**
 * Incremental alignment. A bucket is emitted once both sides are settled through it: a side is
 * settled below a bound when it has a final bar at or after the bucket, a forming bar in a
 * later bucket (bars of one side close in order), or the caller declared the time past with
 * `closeBefore`. Bars of a bucket already emitted are late: they are counted and dropped.
 */
export class PairAligner {
  private readonly queue: { y: CloseBar[]; x: CloseBar[] } = { y: [], x: [] };
  /** Exclusive bound per side: every bucket starting before it gets no more bars of that side. */
  private readonly settled = { y: -Infinity, x: -Infinity };
  private emittedThrough = -Infinity;
  private readonly fill = new FillState();
  private late = 0;

  /** A final bar of one side; returns the points it completes, oldest first. */
  pushFinal(side: PairSide, bar: CloseBar): AlignedPoint[] {
    // Before the side's settled bound: its bucket was declared complete (or already emitted).
    if (bar.start < this.settled[side]) {
      this.late++;
      return [];
    }
    this.queue[side].push({ start: bar.start, close: bar.close });
    this.settled[side] = Math.max(this.settled[side], bar.start + 1);
    return this.drain();
  }

  /** One side has a forming bar starting at `start`, so its earlier buckets are all final. */
  markForming(side: PairSide, start: number): AlignedPoint[] {
    if (start <= this.settled[side]) return [];
    this.settled[side] = start;
    return this.drain();
  }

  /** No bar of either side will come for buckets starting before `t` (the clock passed them). */
  closeBefore(t: number): AlignedPoint[] {
    let moved = false;
    for (const side of ['y', 'x'] as const) {
      if (t > this.settled[side]) {
        this.settled[side] = t;
        moved = true;
      }
    }
    return moved ? this.drain() : [];
  }

  /** The last close seen of a side (in an emitted point), NaN before any. */
  lastClose(side: PairSide): number {
    return this.fill.last(side);
  }

  /** Start of the last bucket emitted (or passed over before both sides traded). */
  lastEmittedStart(): number {
    return this.emittedThrough;
  }

  /** Bars that arrived for buckets already emitted. */
  lateBars(): number {
    return this.late;
  }

  private drain(): AlignedPoint[] {
    const out: AlignedPoint[] = [];
    const bound = Math.min(this.settled.y, this.settled.x);
    const qy = this.queue.y;
    const qx = this.queue.x;
    let i = 0;
    let j = 0;
    for (;;) {
      const s = Math.min(qy[i]?.start ?? Infinity, qx[j]?.start ?? Infinity);
      if (!(s < bound)) break;
      const y = qy[i]?.start === s ? qy[i++]!.close : undefined;
      const x = qx[j]?.start === s ? qx[j++]!.close : undefined;
      this.emittedThrough = s;
      const p = this.fill.step(s, y, x);
      if (p !== null) out.push(p);
    }
    if (i > 0) qy.splice(0, i);
    if (j > 0) qx.splice(0, j);
    return out;
  }
}
