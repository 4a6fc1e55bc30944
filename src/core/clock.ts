/**
 * The clock as a dependency: live code reads `clock.now()`, tests drive a `ManualClock`.
 * Pure layers (analytics, bars) never read a clock; time reaches them as data.
 * @module
 */

import { epochMs, type EpochMs } from './brand.js';

export interface Clock {
  now(): EpochMs;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => epochMs(Date.now()) };

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
  constructor(private t: number = 0) {}

  now(): EpochMs {
    return epochMs(this.t);
  }

  set(t: number): void {
    this.t = t;
  }

  advance(ms: number): void {
    this.t += ms;
  }
}
