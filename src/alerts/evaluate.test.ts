import { describe, expect, it } from 'vitest';
import { evaluate, INITIAL_MONITOR_STATE, type Monitor, type MonitorState } from './evaluate.js';

/** Runs `values` (one a second) through a monitor and returns what fired at which index. */
function run(m: Monitor, values: readonly (number | string)[], cooldownMs = 0, start: MonitorState = INITIAL_MONITOR_STATE): { fired: [number, string][]; suppressed: number; state: MonitorState } {
  let state = start;
  const fired: [number, string][] = [];
  let suppressed = 0;
  values.forEach((v, i) => {
    const obs = typeof v === 'string' ? { value: Number.NaN, state: v, time: i * 1000 } : { value: v, time: i * 1000 };
    const r = evaluate(m, state, obs, cooldownMs);
    state = r.state;
    if (r.fired !== null) fired.push([i, r.fired]);
    if (r.suppressed) suppressed++;
  });
  return { fired, suppressed, state };
}

const above = (threshold: number, hysteresis: number): Monitor => ({ kind: 'threshold', direction: 'above', threshold, hysteresis });

describe('evaluate: threshold rules', () => {
  it('fires once on a crossing, not on every bar while the value stays beyond', () => {
    expect(run(above(2, 0.5), [0, 1, 2.5, 3, 4, 3.5, 2.2]).fired).toEqual([[2, 'above']]);
  });

  it('a value hovering on the threshold fires once, not a storm', () => {
    const hover = Array.from({ length: 200 }, (_, i) => 2 + (i % 2 === 0 ? 0.01 : -0.01));
    // The first hover value (index 1) is just above: one firing, then 199 bars of nothing.
    expect(run(above(2, 0.5), [0, ...hover]).fired).toEqual([[1, 'above']]);
  });

  it('re-arms only after the value comes back inside by the hysteresis margin', () => {
    // 1.6 is inside but not by 0.5; 1.5 is.
    expect(run(above(2, 0.5), [0, 2.1, 1.6, 2.1, 1.5, 2.1]).fired).toEqual([
      [1, 'above'],
      [5, 'above'],
    ]);
  });

  it('with no margin, fires again on each fresh crossing', () => {
    expect(run(above(2, 0), [0, 3, 2, 3, 1, 3]).fired.map(([i]) => i)).toEqual([1, 3, 5]);
  });

  it('below rules fire on the way down and re-arm above threshold + margin', () => {
    const m: Monitor = { kind: 'threshold', direction: 'below', threshold: 0.5, hysteresis: 0.1 };
    expect(run(m, [0.9, 0.4, 0.55, 0.45, 0.7, 0.3]).fired).toEqual([
      [1, 'below'],
      [5, 'below'],
    ]);
  });

  it('outside fires on either side, and a flip from +t to −t is a new crossing', () => {
    const m: Monitor = { kind: 'threshold', direction: 'outside', threshold: 2, hysteresis: 0.5 };
    // 1.9 is not back inside by the margin, but 2.4 is beyond on the other side: a flip.
    expect(run(m, [0, 2.5, 2.6, -2.5, -2.7, 0, -2.1, 1.9, 2.4]).fired).toEqual([
      [1, 'above'],
      [3, 'below'],
      [6, 'below'],
      [8, 'above'],
    ]);
  });

  it('a rule added while the value is already beyond starts disarmed and waits for a fresh crossing', () => {
    expect(run(above(2, 0.5), [3, 3.2, 2.8, 1.4, 2.6]).fired).toEqual([[4, 'above']]);
  });

  it('restarting from a fresh state on the last value does not fire the last event again', () => {
    const before = run(above(2, 0.5), [0, 2.5, 2.7]);
    expect(before.fired).toEqual([[1, 'above']]);
    // A restart: a new monitor sees the pair's latest values, still beyond.
    expect(run(above(2, 0.5), [2.7, 2.6, 2.9]).fired).toEqual([]);
  });

  it('swallows a crossing within the cooldown and fires the next one after it', () => {
    // Values one second apart; cooldown 5 s.
    const r = run(above(2, 0), [0, 3, 0, 3, 0, 0, 0, 3], 5000);
    expect(r.fired.map(([i]) => i)).toEqual([1, 7]);
    expect(r.suppressed).toBe(1);
  });

  it('skips NaN (a warm-up) without changing state', () => {
    expect(run(above(2, 0), [Number.NaN, Number.NaN, 1, Number.NaN, 3]).fired).toEqual([[4, 'above']]);
    expect(run(above(2, 0), [Number.NaN]).state).toEqual(INITIAL_MONITOR_STATE);
  });
});

describe('evaluate: level crossing (Schmitt trigger)', () => {
  const m: Monitor = { kind: 'crossing', level: 100, hysteresis: 1 };

  it('fires up and down crossings, each once', () => {
    expect(run(m, [95, 99, 102, 103, 98, 97, 102]).fired).toEqual([
      [2, 'cross_up'],
      [4, 'cross_down'],
      [6, 'cross_up'],
    ]);
  });

  it('ignores noise within the margin around the level', () => {
    const noise = Array.from({ length: 100 }, (_, i) => 100 + (i % 2 === 0 ? 0.9 : -0.9));
    expect(run(m, [95, ...noise]).fired).toEqual([]);
  });

  it('with no margin, fires whenever the level is crossed', () => {
    expect(run({ kind: 'crossing', level: 100, hysteresis: 0 }, [99, 101, 99]).fired).toEqual([
      [1, 'cross_up'],
      [2, 'cross_down'],
    ]);
  });
});

describe('evaluate: state changes and counters', () => {
  const health: Monitor = { kind: 'state', fireOn: ['weakening', 'broken'] };

  it('fires when the health changes to a watched state, never on the first state seen', () => {
    expect(run(health, ['broken', 'broken', 'cointegrated', 'weakening', 'weakening', 'broken', 'cointegrated']).fired).toEqual([
      [3, 'weakening'],
      [5, 'broken'],
    ]);
  });

  it('fires only on the states asked for', () => {
    expect(run({ kind: 'state', fireOn: ['broken'] }, ['cointegrated', 'weakening', 'broken']).fired).toEqual([[2, 'broken']]);
  });

  it('a gap counter fires when the count goes up, and re-bases when it resets', () => {
    expect(run({ kind: 'counter' }, [3, 3, 4, 4, 0, 1]).fired).toEqual([
      [2, 'gap'],
      [5, 'gap'],
    ]);
  });
});
