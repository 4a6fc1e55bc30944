/**
 * An ingest worker's publish queue (`bus/publish-queue.ts`) in Prometheus form:
 * `tandem_publish_queue_ticks` (ticks waiting for Redis: it grows while Redis is away, and the
 * worker exits when it passes the queue's cap), `tandem_ticks_published_total` and
 * `tandem_publish_failures_total` (publishes that failed and were retried).
 * @module
 */

import { Counter, Gauge, type Registry } from 'prom-client';
import type { PublishQueue } from '../../bus/publish-queue.js';
import { CounterDeltas } from './counter-deltas.js';

export function registerPublishMetrics(registry: Registry, queue: PublishQueue): void {
  const registers = [registry];
  new Gauge({
    name: 'tandem_publish_queue_ticks',
    help: 'Ticks an ingest worker holds that Redis has not acknowledged yet.',
    registers,
    collect() {
      this.set(queue.backlog());
    },
  });
  const published = new CounterDeltas();
  new Counter({
    name: 'tandem_ticks_published_total',
    help: 'Ticks an ingest worker published to the bus.',
    registers,
    collect() {
      this.inc(published.delta('published', queue.count()));
    },
  });
  const failures = new CounterDeltas();
  new Counter({
    name: 'tandem_publish_failures_total',
    help: 'Publishes to the bus that failed and were retried.',
    registers,
    collect() {
      this.inc(failures.delta('failures', queue.failedPublishes()));
    },
  });
}
