import { describe, expect, it } from 'vitest';
import { CounterDeltas } from './counter-deltas.js';

describe('CounterDeltas', () => {
  it('adds what a total rose by since the last reading, per key', () => {
    const d = new CounterDeltas();
    expect(d.delta('a', 3)).toBe(3);
    expect(d.delta('b', 1)).toBe(1);
    expect(d.delta('a', 5)).toBe(2);
    expect(d.delta('a', 5)).toBe(0);
  });

  it('takes a total that fell as a restart from zero and adds all of it', () => {
    const d = new CounterDeltas();
    d.delta('a', 10);
    expect(d.delta('a', 4)).toBe(4);
    expect(d.delta('a', 6)).toBe(2);
  });

  it('refuses a total that is not a non-negative number, naming the key', () => {
    const d = new CounterDeltas();
    expect(() => d.delta('gaps:BTCUSDT', Number.NaN)).toThrow(/gaps:BTCUSDT/);
    expect(() => d.delta('x', -1)).toThrow(/non-negative/);
  });
});
