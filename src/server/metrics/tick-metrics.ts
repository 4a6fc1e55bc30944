/**
 * `tandem_ticks_ingested_total{symbol}` and `tandem_ingest_lag_seconds{symbol}`: ticks counted
 * where every tick passes once (the server's tick hub, an ingest worker's source sink). The lag
 * is the arrival time minus the trade time of the newest tick of the symbol's last batch: for
 * Binance the exchange-to-Tandem delay, for a replay how far in the past its trades lie.
 * @module
 */

import { Counter, Gauge, type Registry } from 'prom-client';
import type { Tick } from '../../model/tick.js';

/** Registers both metrics in `registry`; returns the function to call with each batch. */
export function registerTickMetrics(registry: Registry, now: () => number): (batch: readonly Tick[]) => void {
  const registers = [registry];
  const ticks = new Counter({ name: 'tandem_ticks_ingested_total', help: 'Ticks ingested (the tick hub of a server, the source of an ingest worker), per symbol.', labelNames: ['symbol'] as const, registers });
  const lag = new Gauge({
    name: 'tandem_ingest_lag_seconds',
    help: 'Arrival time minus trade time of the newest tick of the last batch, per symbol.',
    labelNames: ['symbol'] as const,
    registers,
  });
  return (batch) => {
    if (batch.length === 0) return;
    const at = now();
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
      lag.set({ symbol }, Math.max(0, at - s.newest) / 1000);
    }
  };
}
