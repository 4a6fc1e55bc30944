/**
 * `CounterDeltas`: turns totals that other objects keep (a source's gap count, an outbox's
 * dropped states) into increments of a Prometheus counter, so the counter only ever rises.
 * A total that falls (the source was restarted and counts from 0 again) is taken as a fresh
 * start: its whole new value is added. That is Prometheus's own reading of a counter reset,
 * done here because the series must stay monotonic across a source restart inside one process.
 * Totals are read at scrape time, so what a source counted after its last scrape and before a
 * restart is lost, as it would be for a process restart.
 *
 * @example
 *   const gaps = new CounterDeltas();
 *   gaps.delta('BTCUSDT', 3); // 3
 *   gaps.delta('BTCUSDT', 5); // 2
 *   gaps.delta('BTCUSDT', 1); // 1 (restarted)
 * @module
 */

export class CounterDeltas {
  private readonly last = new Map<string, number>();

  /** What to add to the counter of `key` now that its total reads `total` (never negative). */
  delta(key: string, total: number): number {
    if (!Number.isFinite(total) || total < 0) throw new Error(`CounterDeltas.delta: total of '${key}' is not a non-negative number (${total})`);
    const before = this.last.get(key) ?? 0;
    this.last.set(key, total);
    return total >= before ? total - before : total;
  }
}
