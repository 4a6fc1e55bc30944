/**
 * What the server holds for later, in Prometheus form: the job lane (`jobs/job-pool.ts`),
 * the sweep queue (`engine/sweep-jobs.ts`) and the WebSocket outboxes (`stream/`).
 *
 * - `tandem_job_lane_jobs{state="running"|"queued"}`, `tandem_job_lane_capacity{kind="workers"|"queue"}`
 *   and `tandem_job_lane_refused_total` (answered 503 `busy`);
 * - `tandem_sweep_jobs{state="running"|"queued"}`;
 * - `tandem_stream_clients`, `tandem_stream_outbox_pending_states{of="sum"|"max"}` (coalesced
 *   states waiting, summed over clients and the largest one client holds),
 *   `tandem_stream_socket_buffered_bytes{of="sum"|"max"}` and
 *   `tandem_stream_outbox_dropped_states_total` (states a slow client lost past the outbox cap).
 * @module
 */

import { Counter, Gauge, type Registry } from 'prom-client';
import type { SweepJobs } from '../../engine/sweep-jobs.js';
import type { JobPool } from '../../jobs/job-pool.js';
import type { StreamClients } from '../stream/stream-clients.js';
import { CounterDeltas } from './counter-deltas.js';

export interface LaneMetricsSources {
  readonly jobs: JobPool;
  readonly sweeps: SweepJobs;
  readonly clients: StreamClients;
}

export function registerLaneMetrics(registry: Registry, { jobs, sweeps, clients }: LaneMetricsSources): void {
  const registers = [registry];
  new Gauge({
    name: 'tandem_job_lane_jobs',
    help: 'Jobs of the job lane on a worker (running) and waiting for one (queued).',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const f = jobs.figures();
      this.set({ state: 'running' }, f.running);
      this.set({ state: 'queued' }, f.queued);
    },
  });
  new Gauge({
    name: 'tandem_job_lane_capacity',
    help: 'Worker threads of the job lane, and jobs that may wait before new ones are refused.',
    labelNames: ['kind'] as const,
    registers,
    collect() {
      const f = jobs.figures();
      this.set({ kind: 'workers' }, f.workers);
      this.set({ kind: 'queue' }, f.maxQueue);
    },
  });
  const refused = new CounterDeltas();
  new Counter({
    name: 'tandem_job_lane_refused_total',
    help: 'Jobs refused because the job lane was full (HTTP 503 busy).',
    registers,
    collect() {
      this.inc(refused.delta('refused', jobs.figures().refused));
    },
  });
  new Gauge({
    name: 'tandem_sweep_jobs',
    help: 'Backtest sweeps running (at most one) and queued.',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const f = sweeps.figures();
      this.set({ state: 'running' }, f.running);
      this.set({ state: 'queued' }, f.queued);
    },
  });
  new Gauge({
    name: 'tandem_stream_clients',
    help: 'Connected WebSocket clients of /api/stream.',
    registers,
    collect() {
      this.set(clients.figures().clients);
    },
  });
  new Gauge({
    name: 'tandem_stream_outbox_pending_states',
    help: 'Coalesced states waiting in WebSocket outboxes: summed over clients (sum) and the most one client holds (max).',
    labelNames: ['of'] as const,
    registers,
    collect() {
      const f = clients.figures();
      this.set({ of: 'sum' }, f.pendingTotal);
      this.set({ of: 'max' }, f.pendingMax);
    },
  });
  new Gauge({
    name: 'tandem_stream_socket_buffered_bytes',
    help: 'Bytes handed to WebSocket sockets and not yet sent: summed over clients (sum) and the most of one client (max).',
    labelNames: ['of'] as const,
    registers,
    collect() {
      const f = clients.figures();
      this.set({ of: 'sum' }, f.bufferedBytesTotal);
      this.set({ of: 'max' }, f.bufferedBytesMax);
    },
  });
  const dropped = new CounterDeltas();
  new Counter({
    name: 'tandem_stream_outbox_dropped_states_total',
    help: 'States dropped because a WebSocket client fell more than the outbox cap behind.',
    registers,
    collect() {
      this.inc(dropped.delta('dropped', clients.droppedTotal()));
    },
  });
}
