/**
 * End-to-end ingest throughput: a recorded file of Binance combined-stream aggTrade frames is
 * parsed, de-duplicated by the trade sequencer, fanned out by the live engine's hub, barred at
 * 1s/1m/5m and committed to SQLite (on the writer thread). The clock stops when the last tick
 * is committed.
 * @module
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../core/clock.js';
import { LiveEngine } from '../../engine/live-engine.js';
import { parseStreamFrame } from '../../ingest/binance/parse-agg-trade.js';
import { TradeSequencer } from '../../ingest/binance/trade-sequencer.js';
import { BasketModel } from '../../ingest/simulator/basket-model.js';
import type { Tick } from '../../model/tick.js';
import type { BenchResult } from './bench-result.js';

const START = 1_795_000_000_000;

/** Writes `n` frames of two symbols, as Binance sends them, one per line. */
function recordFrames(path: string, n: number): void {
  const model = new BasketModel({ symbols: ['BTCUSDT', 'ETHUSDT'], seed: 5, startMs: START, tradesPerSecond: 2000 });
  const ticks = model.advanceTo(START + (n / 2000) * 1000 + 5000).slice(0, n);
  const nextId: Record<string, number> = { BTCUSDT: 5_000_000_000, ETHUSDT: 3_000_000_000 };
  const lines = ticks.map((t) => {
    const a = nextId[t.symbol]!++;
    return JSON.stringify({ stream: `${t.symbol.toLowerCase()}@aggTrade`, data: { e: 'aggTrade', E: t.ts + 3, s: t.symbol, a, p: String(t.price), q: String(t.qty), f: a * 3, l: a * 3 + 1, T: t.ts, m: t.buyerMaker } });
  });
  writeFileSync(path, lines.join('\n') + '\n');
}

async function runOnce(framesPath: string, dbPath: string): Promise<number> {
  const lines = readFileSync(framesPath, 'utf8').split('\n');
  const clock = new ManualClock(START);
  const engine = new LiveEngine({ dbPath, clock });
  const sequencers = new Map<string, TradeSequencer>();
  const t0 = performance.now();
  let batch: Tick[] = [];
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const frame = parseStreamFrame(line);
    if (!frame.ok || frame.value.kind !== 'trade') continue;
    const tick = frame.value.trade.tick;
    let seq = sequencers.get(tick.symbol);
    if (seq === undefined) sequencers.set(tick.symbol, (seq = new TradeSequencer(null)));
    for (const t of seq.onLive(tick).deliver) batch.push(t);
    if (batch.length === 2000) {
      clock.set(tick.ts);
      engine.hub.publish(batch);
      count += batch.length;
      batch = [];
      // Frames arrive as separate events in real life; yielding lets the writer hand off batches.
      if (count % 20_000 === 0) await new Promise((r) => setImmediate(r));
    }
  }
  engine.hub.publish(batch);
  count += batch.length;
  await engine.close();
  const ms = performance.now() - t0;
  return (count / ms) * 1000;
}

export async function runIngestBench(n = 500_000, runs = 3): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-ingest-bench-'));
  try {
    const frames = join(dir, 'frames.ndjson');
    recordFrames(frames, n);
    await runOnce(frames, join(dir, 'warm-up.db'));
    const rates: number[] = [];
    for (let r = 0; r < runs; r++) rates.push(await runOnce(frames, join(dir, `run-${r}.db`)));
    rates.sort((a, b) => a - b);
    return [{ name: 'ingest.binance_frames_to_sqlite', n, unit: 'per_s', value: Math.round(rates[rates.length >> 1]!), runs }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
