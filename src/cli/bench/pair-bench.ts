/**
 * `tandem bench` figures for the pair engine:
 * - `pairs.engine_step_1s_4sym_3pairs`: main-thread work per 1 s bar step with four simulated
 *   symbols and three live pairs (ols, kalman, theilsen, window 20): the ticks of one second
 *   into the bar engine (forming bars, so provisional points), then the clock closing the
 *   second's four final bars, which align into one new point per pair. Median ms per step.
 * - `pairs.tests_worker_86400` and `pairs.tests_worker_86400_5windows`: the periodic tests
 *   (ADF, Engle-Granger, OLS, half-life, Hurst, moments, health) on a day of 1 s bars, timed
 *   inside the worker; the first with the whole day as lookback (one health window), the
 *   second with the five health windows spread over the day (lookback 48,000).
 * @module
 */

import { ManualClock } from '../../core/clock.js';
import { BarEngine } from '../../engine/bar-engine.js';
import { PairEngine } from '../../engine/pair-engine.js';
import { PairTestsThread } from '../../engine/pair-tests-thread.js';
import { BasketModel } from '../../ingest/simulator/basket-model.js';
import { parsePairSpec, type PairSpec } from '../../model/pair-spec.js';
import { parseTimeframe, type TimeframeSpec } from '../../model/timeframe.js';
import { benchPair } from './analytics-bench.js';
import type { BenchResult } from './bench-result.js';

const T0 = 1_800_000_000_000;

function tf(label: string): TimeframeSpec {
  const r = parseTimeframe(label);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function spec(y: string, x: string, method: string): PairSpec {
  const r = parsePairSpec({ y, x, tf: '1s', method, window: 20 });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function engineStep(): Promise<BenchResult> {
  const clock = new ManualClock(T0);
  const bars = new BarEngine({ timeframes: [tf('1s'), tf('1m'), tf('5m')], clock });
  const pairs = new PairEngine({ feed: { subscribeBars: (s, t, l) => bars.subscribe(s, t, l), history: () => Promise.resolve([]), flush: () => Promise.resolve(), now: () => clock.now() }, testsEveryMs: 3_600_000 });
  const subs = [spec('ETHUSDT', 'BTCUSDT', 'ols'), spec('SOLUSDT', 'BTCUSDT', 'kalman'), spec('BNBUSDT', 'ETHUSDT', 'theilsen')].map((s) => pairs.subscribe(s, () => undefined));
  await Promise.all(subs.map((s) => s.ready));
  const model = new BasketModel({ symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'], seed: 7, startMs: T0 });
  const times: number[] = [];
  const steps = 3000;
  let now = T0;
  for (let k = 0; k < steps; k++) {
    now += 1000;
    const ticks = model.advanceTo(now);
    const t0 = performance.now();
    clock.set(now);
    bars.onTicks(ticks);
    bars.closeDue(now);
    if (k >= 100) times.push(performance.now() - t0);
  }
  for (const s of subs) s.unsubscribe();
  await pairs.close();
  return { name: 'pairs.engine_step_1s_4sym_3pairs', n: times.length, unit: 'ms', median_ms: median(times), runs: times.length };
}

async function testsInWorker(lookback: number, name: string): Promise<BenchResult> {
  const n = 86_400;
  const thread = new PairTestsThread();
  try {
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      const { x, y, spread } = benchPair(n, 7);
      const start = Float64Array.from({ length: n }, (_, i) => T0 + i * 1000);
      const res = await thread.run({ start, y, x, spread, tfMs: 1000, lookback, prices: 'raw' });
      if (r > 0) times.push(res.ms);
    }
    return { name, n, unit: 'ms', median_ms: median(times), runs: times.length };
  } finally {
    await thread.close();
  }
}

export async function runPairBench(): Promise<BenchResult[]> {
  return [await engineStep(), await testsInWorker(86_400, 'pairs.tests_worker_86400'), await testsInWorker(48_000, 'pairs.tests_worker_86400_5windows')];
}
