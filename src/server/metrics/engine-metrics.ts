/**
 * The live engine's figures in Prometheus form:
 *
 * - `tandem_ticks_ingested_total{symbol}` and `tandem_ingest_lag_seconds{symbol}`, counted at
 *   the tick hub, where every tick of a source or of the bus passes once: the lag is the
 *   arrival time (engine clock) minus the trade time of the newest tick of the symbol's last
 *   batch. For Binance that is exchange-to-engine delay; for a replay it is how far in the past
 *   the played trades lie.
 * - From the feeds' own quality (Binance sources, or on the bus the workers' heartbeats):
 *   `tandem_feed_gaps_detected_total{symbol}`, `tandem_feed_reconnects_total{symbol}` and
 *   `tandem_feed_lag_p99_seconds{symbol}` (receive time minus the exchange's event time).
 * - `tandem_write_queue_items{writer}`: ticks and final bars waiting to be committed.
 * - On the bus: `tandem_bus_stream_lag_entries{symbol}` (entries the store group has not been
 *   delivered yet) and `tandem_bus_stream_pending_entries{symbol}` (delivered, not acknowledged).
 * - `tandem_alert_firings_total{rule_type, severity}`: alert events stored (a firing that the
 *   store de-duplicated is not counted, as it is not delivered either).
 * @module
 */

import { Counter, Gauge, type Registry } from 'prom-client';
import type { LiveEngine } from '../../engine/live-engine.js';
import { CounterDeltas } from './counter-deltas.js';

/** Registers the engine's metrics in `registry`; returns the function that stops counting. */
export function registerEngineMetrics(registry: Registry, engine: LiveEngine): () => void {
  const registers = [registry];
  const ticks = new Counter({ name: 'tandem_ticks_ingested_total', help: 'Ticks that reached the live pipeline (tick hub), per symbol.', labelNames: ['symbol'] as const, registers });
  const lag = new Gauge({
    name: 'tandem_ingest_lag_seconds',
    help: 'Arrival time minus trade time of the newest tick of the last batch, per symbol.',
    labelNames: ['symbol'] as const,
    registers,
  });
  const stopTicks = engine.hub.subscribe((batch) => {
    const now = engine.clock.now();
    const seen = new Map<string, { n: number; newest: number }>();
    for (const t of batch) {
      const s = seen.get(t.symbol);
      if (s === undefined) seen.set(t.symbol, { n: 1, newest: t.ts });
      else {
        s.n++;
        if (t.ts > s.newest) s.newest = t.ts;
      }
    }
    for (const [symbol, s] of seen) {
      ticks.inc({ symbol }, s.n);
      lag.set({ symbol }, Math.max(0, now - s.newest) / 1000);
    }
  });

  // Each metric reads its figures in its own collect, so a scrape shows this moment's value;
  // the bus status behind them is read from Redis at most once a second (`BusIngestion`).
  const gapDeltas = new CounterDeltas();
  new Counter({
    name: 'tandem_feed_gaps_detected_total',
    help: 'Trade-id gaps the feed detected (Binance), per symbol.',
    labelNames: ['symbol'] as const,
    registers,
    async collect() {
      for (const q of await engine.feedQuality()) this.inc({ symbol: q.symbol }, gapDeltas.delta(q.symbol, q.gapsDetected));
    },
  });
  const reconnectDeltas = new CounterDeltas();
  new Counter({
    name: 'tandem_feed_reconnects_total',
    help: 'Reconnections of the feed (Binance), per symbol.',
    labelNames: ['symbol'] as const,
    registers,
    async collect() {
      for (const q of await engine.feedQuality()) this.inc({ symbol: q.symbol }, reconnectDeltas.delta(q.symbol, q.reconnects));
    },
  });
  new Gauge({
    name: 'tandem_feed_lag_p99_seconds',
    help: "Receive time minus the exchange's event time over recent frames, 99th percentile (Binance), per symbol.",
    labelNames: ['symbol'] as const,
    registers,
    async collect() {
      this.reset();
      for (const q of await engine.feedQuality()) if (q.lagP99Ms !== null) this.set({ symbol: q.symbol }, q.lagP99Ms / 1000);
    },
  });

  new Gauge({
    name: 'tandem_write_queue_items',
    help: 'Items pushed to a batched store writer and not yet committed (writer: ticks, bars).',
    labelNames: ['writer'] as const,
    registers,
    collect() {
      const b = engine.writeBacklog();
      this.set({ writer: 'ticks' }, b.ticks);
      this.set({ writer: 'bars' }, b.bars);
    },
  });

  new Gauge({
    name: 'tandem_bus_stream_lag_entries',
    help: 'Bus entries not yet delivered to the store group, per symbol (serve --bus redis only).',
    labelNames: ['symbol'] as const,
    registers,
    async collect() {
      this.reset();
      for (const s of (await engine.busStatus())?.streams ?? []) if (s.lag !== null) this.set({ symbol: s.symbol }, s.lag);
    },
  });
  new Gauge({
    name: 'tandem_bus_stream_pending_entries',
    help: 'Bus entries delivered to the store group and not yet acknowledged, per symbol (serve --bus redis only).',
    labelNames: ['symbol'] as const,
    registers,
    async collect() {
      this.reset();
      for (const s of (await engine.busStatus())?.streams ?? []) this.set({ symbol: s.symbol }, s.pending);
    },
  });

  const firings = new Counter({ name: 'tandem_alert_firings_total', help: 'Alert events stored, by rule type and severity.', labelNames: ['rule_type', 'severity'] as const, registers });
  const stopAlerts = engine.alerts.onEvent((e) => firings.inc({ rule_type: e.ruleType, severity: e.severity }));

  return () => {
    stopTicks();
    stopAlerts();
  };
}
