/**
 * `tandem bench` figures for the alert engine: 1,000 active rules over 20 symbols (400 price
 * rules, 20 a symbol, above/below/crossing levels near the price; 200 volume-spike rules, 10 a
 * symbol with windows 20 and 50; 400 pair rules on 10 pairs: 200 z-score, 100 spread, 100
 * correlation-break), driven by synthetic random-walk bars through the engine's real dispatch
 * and state machines (feeds and store are in-memory fakes, so the figure is evaluation alone).
 * - `alerts.per_final_bar_1000_rules`: ms added per final bar (one step = 20 final bars and 10
 *   pair points, divided by 20). Target < 1 ms.
 * - `alerts.step_20_symbols_1000_rules`: ms per whole step.
 * @module
 */

import { ManualClock } from '../../core/clock.js';
import { AlertEngine, type AlertFeeds } from '../../engine/alert-engine.js';
import type { BarListener } from '../../engine/bar-engine.js';
import type { PairListener } from '../../engine/live-pair.js';
import type { PairPoint } from '../../engine/pair-point.js';
import type { AlertRule } from '../../model/alert-rule.js';
import type { Bar } from '../../model/bar.js';
import type { AlertStore } from '../../store/alert-store.js';
import { measureMedianMs, type BenchResult } from './bench-result.js';

const SYMBOLS = Array.from({ length: 20 }, (_, i) => `SYM${String(i).padStart(2, '0')}USDT`);
const PAIRS = Array.from({ length: 10 }, (_, i) => [SYMBOLS[2 * i]!, SYMBOLS[2 * i + 1]!] as const);
const STEPS = 200;

/** A deterministic pseudo-random generator (mulberry32), so every run sees the same series. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rules(): AlertRule[] {
  const out: AlertRule[] = [];
  const envelope = (id: number) => ({ id: `r${id}`, name: `rule ${id}`, severity: 'warning' as const, enabled: true, cooldownMs: 30_000, hysteresis: 0.2, evaluateOn: 'final' as const, webhookUrl: null, createdAt: 0, updatedAt: 0 });
  let id = 0;
  for (const symbol of SYMBOLS) {
    for (let k = 0; k < 20; k++) {
      const direction = (['above', 'below', 'crossing'] as const)[k % 3]!;
      out.push({ ...envelope(id++), type: 'price', params: { symbol, tf: '1s', level: 100 + (k - 10) * 0.5, direction } });
    }
    for (let k = 0; k < 10; k++) out.push({ ...envelope(id++), type: 'volume_spike', params: { symbol, tf: '1s', window: k % 2 === 0 ? 20 : 50, threshold: 2 + (k % 5) * 0.5 } });
  }
  for (const [y, x] of PAIRS) {
    const pair = { y, x, tf: '1s', method: 'ols' as const, window: 20 };
    for (let k = 0; k < 20; k++) out.push({ ...envelope(id++), type: 'zscore', params: { ...pair, threshold: 1 + k * 0.1, direction: (['above', 'below', 'outside'] as const)[k % 3]! } });
    for (let k = 0; k < 10; k++) out.push({ ...envelope(id++), type: 'spread', params: { ...pair, level: (k - 5) * 0.2, direction: 'above' } });
    for (let k = 0; k < 10; k++) out.push({ ...envelope(id++), type: 'correlation_break', params: { ...pair, level: 0.2 + k * 0.05 } });
  }
  return out;
}

export function runAlertsBench(): BenchResult[] {
  const barListeners = new Map<string, Set<BarListener>>();
  const pairListeners = new Map<string, PairListener>();
  const feeds: AlertFeeds = {
    subscribeBars: (symbol, tf, listener) => {
      const key = `${symbol}|${tf.label}`;
      const set = barListeners.get(key) ?? new Set<BarListener>();
      set.add(listener);
      barListeners.set(key, set);
      return () => set.delete(listener);
    },
    subscribePair: (spec, listener) => {
      pairListeners.set(`${spec.y}|${spec.x}`, listener);
      return { ready: null, snapshot: () => ({ points: [], provisional: null, tests: null }), unsubscribe: () => undefined };
    },
    symbolStatus: () => Promise.resolve([]),
  };
  let fired = 0;
  const store: AlertStore = {
    listRules: () => Promise.resolve([]),
    getRule: () => Promise.resolve(null),
    saveRule: () => Promise.resolve(),
    deleteRule: () => Promise.resolve(false),
    insertEvent: () => {
      fired++;
      return Promise.resolve(null);
    },
    queryEvents: () => Promise.resolve([]),
    recordDelivery: () => Promise.resolve(),
    ruleStats: () => Promise.resolve(new Map()),
  };
  const engine = new AlertEngine({ store, feeds, clock: new ManualClock(1_800_000_000_000) });
  for (const r of rules()) engine.activate(r);
  if (engine.activeRules() !== 1000) throw new Error(`alerts bench: ${engine.activeRules()} rules active, expected 1000`);

  // Synthetic inputs: random-walk closes around 100, lognormal volumes, pair points whose z,
  // spread and correlation wander so that rules cross now and then.
  const rand = rng(7);
  const closes = SYMBOLS.map(() => 100);
  const z = PAIRS.map(() => 0);
  let step = 0;
  const runSteps = (n: number): void => {
    for (let s = 0; s < n; s++, step++) {
      const start = 1_800_000_000_000 + step * 1000;
      SYMBOLS.forEach((symbol, i) => {
        closes[i] = closes[i]! + (rand() - 0.5) * 0.4;
        const c = closes[i]!;
        const bar = { symbol, tf: '1s', start, open: c, high: c, low: c, close: c, volume: Math.exp(rand() * 2), vwap: c, trades: 10 } as unknown as Bar;
        for (const l of barListeners.get(`${symbol}|1s`) ?? []) l({ bar, final: true });
      });
      PAIRS.forEach(([y, x], i) => {
        z[i] = 0.9 * z[i]! + (rand() - 0.5) * 1.2;
        const point: PairPoint = { start, y: 1, x: 1, yFilled: false, xFilled: false, beta: 1, alpha: 0, spread: z[i]! * 0.5, z: z[i]!, corr: 0.5 + z[i]! * 0.2, olsBeta: 1 };
        pairListeners.get(`${y}|${x}`)?.({ kind: 'point', point, final: true });
      });
    }
  };
  const stepMs = measureMedianMs(() => runSteps(STEPS), 7, 2) / STEPS;
  if (fired === 0) throw new Error('alerts bench: no rule fired; the inputs do not exercise the engine');
  return [
    { name: 'alerts.per_final_bar_1000_rules', n: 1000, unit: 'ms', median_ms: stepMs / SYMBOLS.length, runs: 7 },
    { name: 'alerts.step_20_symbols_1000_rules', n: 1000, unit: 'ms', median_ms: stepMs, runs: 7 },
  ];
}
