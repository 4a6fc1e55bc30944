import { describe, expect, it } from 'vitest';
import { SignalRule } from './signal-rule.js';

const N = Number.NaN;

describe('SignalRule', () => {
  it('stops out when z runs past the stop against the position, and re-enters only after z is back inside the entry band', () => {
    const rule = new SignalRule({ entry: 2, exit: 0.5, stop: 3, maxHoldBars: null });
    const steps = [2.5, 3.5, 2.6, 1.0, 2.2].map((z) => [rule.decide(z, 1), rule.reason]);
    // short at 2.5; 3.5 > stop: out (stop); 2.6 is past entry but the rule is disarmed; 1.0 re-arms; 2.2 enters again.
    expect(steps).toEqual([[-1, null], [0, 'stop'], [0, null], [0, null], [-1, null]]);
  });

  it('does not take a favourable move past ±stop for a stop: a long at z = −3.5 has lost, a long at z = +3.5 flips', () => {
    const rule = new SignalRule({ entry: 2, exit: 0.5, stop: 3, maxHoldBars: null });
    expect(rule.decide(-2.5, 1)).toBe(1);
    expect(rule.decide(3.5, 1)).toBe(-1);
    expect(rule.reason).toBe('flip');
  });

  it('closes a trade that will have been held maxHoldBars at the next fill, even when z is missing', () => {
    const rule = new SignalRule({ entry: 2, exit: 0.5, stop: null, maxHoldBars: 2 });
    expect(rule.decide(-2.5, 0)).toBe(1);
    expect(rule.decide(-1, 1)).toBe(1);
    expect(rule.decide(N, 2)).toBe(0);
    expect(rule.reason).toBe('max_hold');
    // Still beyond the band after a forced exit: no immediate re-entry.
    expect(rule.decide(-2.5, 0)).toBe(0);
    expect(rule.decide(-1.5, 0)).toBe(0);
    expect(rule.decide(-2.5, 0)).toBe(1);
  });

  it('holds on a missing z and never enters on one', () => {
    const rule = new SignalRule({ entry: 2, exit: 0.5, stop: 3, maxHoldBars: null });
    expect(rule.decide(N, 0)).toBe(0);
    expect(rule.decide(2.1, 0)).toBe(-1);
    expect(rule.decide(N, 1)).toBe(-1);
    expect(rule.decide(0.4, 2)).toBe(0);
    expect(rule.reason).toBe('exit');
  });
});
