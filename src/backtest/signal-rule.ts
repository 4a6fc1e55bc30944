/**
 * `SignalRule`: the z-score rule that turns bar t's z (known at its close) into the position
 * wanted from the next fill on. Position +1 is long the spread (long y, short x), −1 short.
 *
 * Rules, first match wins (comparisons strict, as `backtest_zscore` in COMPUTE.md):
 * - in a position: `max_hold` when the trade would have been held `maxHoldBars` bars by the next
 *   fill (applies even when z is missing); else with z missing, hold; `stop` when z is beyond
 *   ±stop on the losing side (z < −stop long, z > stop short); `exit` when |z| < exit; `flip`
 *   when z crosses the opposite entry band (close and reverse at one fill); else hold;
 * - flat: with z missing, stay flat; enter short when z > entry, long when z < −entry.
 *
 * After a `stop` or `max_hold` exit the rule is disarmed: it enters again only after z has been
 * back inside the entry band (|z| ≤ entry), so a trade stopped out at z = 4 is not re-entered
 * on the very next bar. Without stop and maximum holding time the positions are exactly those
 * of `backtest_zscore` (a test holds them equal).
 * @module
 */

import type { StrategyRules } from './backtest-params.js';

export type Position = -1 | 0 | 1;

/**
 * Why a trade closed: `end` is the liquidation at the last bar of the run, `ruin` the one when
 * equity reached zero (simulate-pair.ts), `flatten` a paper strategy's flatten asked by hand.
 */
export type ExitReason = 'exit' | 'stop' | 'max_hold' | 'flip' | 'end' | 'ruin' | 'flatten';

export class SignalRule {
  /** The position wanted after the next fill. */
  position: Position = 0;
  /** Why the last `decide` closed a position, or null when it closed none. */
  reason: ExitReason | null = null;
  private armed = true;
  private readonly stop: number;
  private readonly maxHold: number;

  constructor(private readonly rules: StrategyRules) {
    this.stop = rules.stop ?? Infinity;
    this.maxHold = rules.maxHoldBars ?? Infinity;
  }

  /**
   * Decides on bar t's close. `heldAtNextFill` is the number of bars the open trade will have
   * been held at the next fill (t + 1 − entry bar); ignored when flat.
   */
  decide(z: number, heldAtNextFill: number): Position {
    this.reason = null;
    const p = this.position;
    const { entry, exit } = this.rules;
    const known = !Number.isNaN(z);
    if (known && !this.armed && Math.abs(z) <= entry) this.armed = true;
    if (p !== 0) {
      if (known && p * z < -this.stop) return this.close('stop', false);
      if (known && Math.abs(z) < exit) return this.close('exit', true);
      if (heldAtNextFill >= this.maxHold) return this.close('max_hold', known && Math.abs(z) <= entry);
      if (known && p === -1 && z < -entry) return this.flip(1);
      if (known && p === 1 && z > entry) return this.flip(-1);
      return p;
    }
    if (!known || !this.armed) return 0;
    if (z > entry) return (this.position = -1);
    if (z < -entry) return (this.position = 1);
    return 0;
  }

  /**
   * Goes flat whatever z says (a flatten asked by hand), and disarms like a stop: the rule
   * enters again only after z has been back inside the entry band.
   */
  flatten(): Position {
    if (this.position === 0) return 0;
    return this.close('flatten', false);
  }

  /** Forgets the wanted position (an entry that could not be sized is dropped). */
  forceFlat(): void {
    this.position = 0;
  }

  private close(reason: ExitReason, stayArmed: boolean): Position {
    this.reason = reason;
    this.armed = stayArmed;
    return (this.position = 0);
  }

  private flip(to: Position): Position {
    this.reason = 'flip';
    return (this.position = to);
  }
}
