/**
 * One figure of `tandem bench --json`. Names are stable (`compute.adf`, `ingest.throughput`)
 * so figures can be compared across versions.
 * @module
 */

export interface BenchResult {
  readonly name: string;
  /** Problem size: observations, ticks, clients. */
  readonly n: number;
  /** `MiB` for memory figures (the many-clients benchmark), `bytes` for storage figures (bytes per tick), with a `value`. */
  readonly unit: 'ms' | 'per_s' | 'MiB' | 'bytes';
  /** Median wall time of one run, for `unit: 'ms'`. */
  readonly median_ms?: number;
  /** Throughput, for `unit: 'per_s'`; for `unit: 'ms'`, a figure that is not a median (a latency percentile). */
  readonly value?: number;
  readonly runs: number;
}

/**
 * Runs `fn` `warmup` times untimed, then `runs` times timed, and returns the median in ms.
 * Each timed run is one call; choose inputs large enough to measure.
 */
export function measureMedianMs(fn: () => unknown, runs = 7, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}
