/**
 * A feed's own quality in Prometheus form (Binance sources; on the bus, the workers'
 * heartbeats): `tandem_feed_gaps_detected_total{symbol}`, `tandem_feed_reconnects_total{symbol}`
 * (counters built from the source's totals, so a restarted source does not make them fall)
 * and `tandem_feed_lag_p99_seconds{symbol}` (receive time minus the exchange's event time).
 * Each is read in its own collect, so a scrape shows this moment's figures.
 * @module
 */

import { Counter, Gauge, type Registry } from 'prom-client';
import type { SymbolQuality } from '../../ingest/market-data-source.js';
import { CounterDeltas } from './counter-deltas.js';

export type QualityReader = () => readonly SymbolQuality[] | Promise<readonly SymbolQuality[]>;

export function registerFeedMetrics(registry: Registry, quality: QualityReader): void {
  const registers = [registry];
  const gapDeltas = new CounterDeltas();
  new Counter({
    name: 'tandem_feed_gaps_detected_total',
    help: 'Trade-id gaps the feed detected (Binance), per symbol.',
    labelNames: ['symbol'] as const,
    registers,
    async collect() {
      for (const q of await quality()) this.inc({ symbol: q.symbol }, gapDeltas.delta(q.symbol, q.gapsDetected));
    },
  });
  const reconnectDeltas = new CounterDeltas();
  new Counter({
    name: 'tandem_feed_reconnects_total',
    help: 'Reconnections of the feed (Binance), per symbol.',
    labelNames: ['symbol'] as const,
    registers,
    async collect() {
      for (const q of await quality()) this.inc({ symbol: q.symbol }, reconnectDeltas.delta(q.symbol, q.reconnects));
    },
  });
  new Gauge({
    name: 'tandem_feed_lag_p99_seconds',
    help: "Receive time minus the exchange's event time over recent frames, 99th percentile (Binance), per symbol.",
    labelNames: ['symbol'] as const,
    registers,
    async collect() {
      this.reset();
      for (const q of await quality()) if (q.lagP99Ms !== null) this.set({ symbol: q.symbol }, q.lagP99Ms / 1000);
    },
  });
}
