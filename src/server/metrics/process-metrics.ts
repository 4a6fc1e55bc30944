/**
 * The process's own figures in Prometheus form: prom-client's default Node.js metrics (CPU,
 * memory, heap spaces, handles, GC durations, and event-loop delay from
 * `perf_hooks.monitorEventLoopDelay` as `nodejs_eventloop_lag_{p50,p90,p99,max,…}_seconds`).
 *
 * They describe the process, not a server, and prom-client starts a delay monitor and a GC
 * observer for each registry they are collected into that nothing can stop later. So there is
 * one registry of them per process, made on first use and shared by every server in it (tests
 * build many); each server's own metrics live in a registry of its own (`server-metrics.ts`).
 * @module
 */

import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | null = null;

/** The process-wide registry of default metrics (made on the first call). */
export function processMetricsRegistry(): Registry {
  if (shared === null) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
