/**
 * The live engine's figures in Prometheus form:
 *
 * - `tandem_ticks_ingested_total{symbol}` and `tandem_ingest_lag_seconds{symbol}`, counted at
 *   the tick hub, where every tick of a source or of the bus passes once (`tick-metrics.ts`,
 *   by the engine's clock);
 * - the feeds' quality (`feed-metrics.ts`): Binance sources, or on the bus the workers' heartbeats;
 * - `tandem_write_queue_items{writer}`: ticks and final bars waiting to be committed.
 * - On the bus: `tandem_bus_stream_lag_entries{symbol}` (entries the store group has not been
 *   delivered yet) and `tandem_bus_stream_pending_entries{symbol}` (delivered, not acknowledged).
 * - `tandem_alert_firings_total{rule_type, severity}`: alert events stored (a firing that the
 *   store de-duplicated is not counted, as it is not delivered either).
 * @module
 */

import { Counter, Gauge, type Registry } from 'prom-client';
import type { LiveEngine } from '../../engine/live-engine.js';
import { registerFeedMetrics } from './feed-metrics.js';
import { registerTickMetrics } from './tick-metrics.js';

/** Registers the engine's metrics in `registry`; returns the function that stops counting. */
export function registerEngineMetrics(registry: Registry, engine: LiveEngine): () => void {
  const registers = [registry];
  const observeTicks = registerTickMetrics(registry, () => engine.clock.now());
  const stopTicks = engine.hub.subscribe(observeTicks);
  // The bus status behind the feeds' quality is read from Redis at most once a second (`BusIngestion`).
  registerFeedMetrics(registry, () => engine.feedQuality());

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
