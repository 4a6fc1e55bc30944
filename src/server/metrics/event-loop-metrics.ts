/**
 * `tandem_eventloop_delay_max_seconds`: a histogram of the longest event-loop delay of each
 * second, from `perf_hooks.monitorEventLoopDelay` (10 ms resolution), one observation a second.
 *
 * prom-client's default `nodejs_eventloop_lag_p99_seconds` and friends are gauges of the delays
 * since the previous scrape (each scrape resets them), so two scrapers, or a scrape interval
 * longer than a stall, see different things. A histogram of per-second maxima is cumulative:
 * any scraper at any interval can ask "how many seconds had a stall over 100 ms" with
 * `increase(tandem_eventloop_delay_max_seconds_bucket{le="0.1"}[5m])` against `_count`.
 * @module
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Histogram, type Registry } from 'prom-client';

/** Upper bounds in seconds: from a healthy loop (about 10 ms at this resolution) to a 5 s stall. */
export const EVENT_LOOP_DELAY_BUCKETS = [0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

/** Starts observing into `registry`; returns the function that stops the monitor and its timer. */
export function registerEventLoopMetrics(registry: Registry, everyMs = 1000): () => void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const histogram = new Histogram({
    name: 'tandem_eventloop_delay_max_seconds',
    help: 'The longest event-loop delay of each second (perf_hooks.monitorEventLoopDelay), one observation per second.',
    buckets: [...EVENT_LOOP_DELAY_BUCKETS],
    registers: [registry],
  });
  const timer = setInterval(() => {
    // A blocked loop fires this late, and the block is in the maximum it then reads.
    if (delay.count > 0) histogram.observe(delay.max / 1e9);
    delay.reset();
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    delay.disable();
  };
}
