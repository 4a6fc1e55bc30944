/**
 * Benchmarks of the live pipeline's own parts: bar aggregation and SQLite tick commits.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BarAggregator } from '../../bars/bar-aggregator.js';
import { BasketModel } from '../../ingest/simulator/basket-model.js';
import type { Tick } from '../../model/tick.js';
import { DEFAULT_TIMEFRAMES, parseTimeframe } from '../../model/timeframe.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { measureMedianMs, type BenchResult } from './bench-result.js';

function simulatedTicks(n: number): Tick[] {
  const model = new BasketModel({ symbols: ['BTCUSDT'], seed: 7, startMs: 1_700_000_000_000, tradesPerSecond: 1000 });
  const ticks = model.advanceTo(1_700_000_000_000 + (n / 1000) * 1000 + 10_000);
  return ticks.slice(0, n);
}

export function runPipelineBench(): BenchResult[] {
  const results: BenchResult[] = [];
  const n = 1_000_000;
  const ticks = simulatedTicks(n);
  const tfs = DEFAULT_TIMEFRAMES.map((t) => {
    const r = parseTimeframe(t);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  });
  const barsMs = measureMedianMs(() => {
    const aggs = tfs.map((tf) => new BarAggregator('BTCUSDT', tf));
    for (const t of ticks) for (const a of aggs) a.add(t);
  }, 5, 1);
  results.push({ name: 'bars.aggregate_1s_1m_5m', n, unit: 'per_s', value: Math.round((n / barsMs) * 1000), runs: 5 });

  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
  try {
    const rows = 200_000;
    const batch = 5_000;
    let round = 0;
    const sqliteMs = measureMedianMs(() => {
      const store = SqliteStore.open(join(dir, `bench-${round++}.db`));
      for (let i = 0; i < rows; i += batch) store.ticks.appendTicksSync(ticks.slice(i, i + batch));
      store.close();
    }, 3, 1);
    results.push({ name: 'store.sqlite.append_ticks', n: rows, unit: 'per_s', value: Math.round((rows / sqliteMs) * 1000), runs: 3 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
