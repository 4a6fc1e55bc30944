/**
 * Pure evaluation of alert rules: one small state machine per rule, stepped with each new
 * value. No I/O, no clock: time arrives with the observation.
 *
 * Semantics (docs/api.md, "Alerts"):
 * - **Crossings, not levels.** A threshold rule fires when the value goes from inside to beyond
 *   the threshold (`above`: v > t, `below`: v < t, `outside`: |v| > t), not on every bar while it
 *   stays beyond. After firing it is *disarmed*.
 * - **Hysteresis.** A disarmed rule re-arms only once the value is back inside by the margin h
 *   (`above`: v ≤ t − h, `below`: v ≥ t + h, `outside`: |v| ≤ t − h). A value hovering on the
 *   threshold therefore fires once, not a storm. An `outside` rule that jumps from one side to
 *   the other between two bars (+3 → −3) has passed through the inside, so that is a new crossing.
 * - **Level crossing** (price `crossing`): a Schmitt trigger: the value is on a side of the level;
 *   it changes side (and fires `cross_up`/`cross_down`) only when it is more than h beyond the
 *   level on the other side, so noise around the level does not fire.
 * - **Cooldown.** Within `cooldownMs` of the last firing a crossing fires nothing; it still
 *   disarms the rule, which must come back inside and cross again after the cooldown. (The
 *   alternative, firing when the cooldown ends if the value is still beyond, would fire on a
 *   level rather than a crossing.)
 * - **Start: disarmed if already beyond.** A rule's first value only initialises it: beyond the
 *   threshold it starts disarmed, inside it starts armed. So a rule added mid-stream while the
 *   condition already holds does not fire until the value comes back and crosses again, and a
 *   restart (whose monitors start afresh) never fires the last event again.
 * - **State changes** (cointegration health) fire when the state changes *to* one of the watched
 *   states from another; the first state seen only initialises. **Counters** (gaps found) fire
 *   when the count goes up; the first count only initialises.
 * - NaN values (a warm-up) are skipped and change nothing.
 * @module
 */

import type { AlertEventKind } from '../model/alert-event.js';
import type { ThresholdDirection } from '../model/alert-rule.js';

export type Monitor =
  | { readonly kind: 'threshold'; readonly direction: ThresholdDirection; readonly threshold: number; readonly hysteresis: number }
  | { readonly kind: 'crossing'; readonly level: number; readonly hysteresis: number }
  | { readonly kind: 'state'; readonly fireOn: readonly string[] }
  | { readonly kind: 'counter' };

export type MonitorPhase = 'unknown' | 'armed' | 'disarmed';

export interface MonitorState {
  readonly phase: MonitorPhase;
  /** Threshold: the side it went beyond on (for `outside` flips); crossing: the side it is on. */
  readonly side: 'above' | 'below' | null;
  /** State and counter monitors: the last state or count seen. */
  readonly last: string | number | null;
  readonly lastFiredAt: number | null;
}

export interface Observation {
  /** The number watched (for a state monitor, any number reported with the event). */
  readonly value: number;
  /** State monitors: the state now. */
  readonly state?: string;
  /** Time of the observation, epoch ms (cooldowns are measured in it). */
  readonly time: number;
}

export interface StepResult {
  readonly state: MonitorState;
  /** What fired, or null. */
  readonly fired: AlertEventKind | null;
  /** A crossing swallowed by the cooldown. */
  readonly suppressed: boolean;
}

export const INITIAL_MONITOR_STATE: MonitorState = { phase: 'unknown', side: null, last: null, lastFiredAt: null };

const quiet = (state: MonitorState): StepResult => ({ state, fired: null, suppressed: false });

/** The side of the threshold `v` is beyond, or null when it is inside. */
function beyondSide(m: Monitor & { kind: 'threshold' }, v: number): 'above' | 'below' | null {
  const t = m.threshold;
  if (m.direction === 'above') return v > t ? 'above' : null;
  if (m.direction === 'below') return v < t ? 'below' : null;
  return v > t ? 'above' : v < -t ? 'below' : null;
}

function backInside(m: Monitor & { kind: 'threshold' }, v: number): boolean {
  const { threshold: t, hysteresis: h } = m;
  if (m.direction === 'above') return v <= t - h;
  if (m.direction === 'below') return v >= t + h;
  return Math.abs(v) <= t - h;
}

/**
 * Advances `state` by one observation under `cooldownMs`.
 * @example
 *   const m: Monitor = { kind: 'threshold', direction: 'above', threshold: 2, hysteresis: 0.5 };
 *   let s = INITIAL_MONITOR_STATE;
 *   for (const v of [0, 2.1, 1.9, 2.2, 1.4, 2.3]) ({ state: s } = evaluate(m, s, { value: v, time: 0 }, 0));
 *   // fires at 2.1 and at 2.3 only
 */
export function evaluate(m: Monitor, state: MonitorState, obs: Observation, cooldownMs: number): StepResult {
  const v = obs.value;
  const cooling = state.lastFiredAt !== null && obs.time - state.lastFiredAt < cooldownMs;
  const fire = (kind: AlertEventKind, next: Omit<MonitorState, 'lastFiredAt'>): StepResult =>
    cooling ? { state: { ...next, lastFiredAt: state.lastFiredAt }, fired: null, suppressed: true } : { state: { ...next, lastFiredAt: obs.time }, fired: kind, suppressed: false };

  switch (m.kind) {
    case 'threshold': {
      if (Number.isNaN(v)) return quiet(state);
      const side = beyondSide(m, v);
      if (state.phase === 'unknown') return quiet({ ...state, phase: side === null ? 'armed' : 'disarmed', side });
      if (state.phase === 'armed') return side === null ? quiet(state) : fire(side, { phase: 'disarmed', side, last: null });
      // Disarmed: a jump to the other side of an `outside` band is a new crossing.
      if (side !== null && state.side !== null && side !== state.side) return fire(side, { phase: 'disarmed', side, last: null });
      return backInside(m, v) ? quiet({ ...state, phase: 'armed', side: null }) : quiet(state);
    }
    case 'crossing': {
      if (Number.isNaN(v)) return quiet(state);
      if (state.phase === 'unknown') return quiet({ ...state, phase: 'armed', side: v >= m.level ? 'above' : 'below' });
      if (state.side === 'below' && v > m.level + m.hysteresis) return fire('cross_up', { phase: 'armed', side: 'above', last: null });
      if (state.side === 'above' && v < m.level - m.hysteresis) return fire('cross_down', { phase: 'armed', side: 'below', last: null });
      return quiet(state);
    }
    case 'state': {
      const s = obs.state;
      if (s === undefined) return quiet(state);
      if (state.last === null || state.last === s) return quiet({ ...state, phase: 'armed', last: s });
      if (m.fireOn.includes(s)) return fire(s as AlertEventKind, { phase: 'armed', side: null, last: s });
      return quiet({ ...state, last: s });
    }
    case 'counter': {
      if (Number.isNaN(v)) return quiet(state);
      const last = state.last;
      if (typeof last !== 'number' || v < last) return quiet({ ...state, phase: 'armed', last: v });
      return v > last ? fire('gap', { phase: 'armed', side: null, last: v }) : quiet(state);
    }
  }
}
