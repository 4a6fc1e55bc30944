/**
 * `MarkBook`: the latest mark price and funding of each perpetual the live desk streams (from
 * its own Binance source, or from the bus's workers), handed to listeners (the `marks`
 * channel), and the funding a passing settlement confirms, stored as it happens.
 *
 * When an update shows that a funding time has passed (its next funding time moved on), the
 * rate the previous updates announced is stored as that settlement's (`mark-settlement.ts`), so
 * the funding history grows while the server runs; a later backfill replaces it with Binance's
 * published row.
 * @module
 */

import { componentLogger } from '../core/logger.js';
import type { MarkPrice } from '../model/mark-price.js';
import type { FundingRate, FundingStore } from '../store/funding-store.js';
import { settledFunding } from './mark-settlement.js';

const log = componentLogger('ingest');

/** On the bus, a mark older than this is not shown (workers publish one a second). */
const BUS_MARK_STALE_MS = 60_000;

export class MarkBook {
  private readonly marks = new Map<string, MarkPrice>();
  private readonly listeners = new Set<(marks: readonly MarkPrice[]) => void>();

  /**
   * `from`: where the marks come from. The engine's own `source` streams only the symbols it
   * follows; on the `bus`, workers publish every second and nothing says a symbol was dropped.
   */
  constructor(
    private readonly funding: FundingStore,
    private readonly from: 'source' | 'bus',
  ) {}

  /** Listens to every mark price update; returns the function that stops listening. */
  onMark(listener: (marks: readonly MarkPrice[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The symbols with a latest mark price. */
  symbols(): string[] {
    return [...this.marks.keys()];
  }

  /** The latest mark price of `symbol`, or null. */
  latest(symbol: string): MarkPrice | null {
    return this.marks.get(symbol) ?? null;
  }

  /**
   * The mark of a symbol if it is current: a delisted symbol keeps its stored data but no longer
   * has one. From a source, current means the source still streams the symbol (`streamed`); on
   * the bus it means a mark of the last minute.
   */
  current(symbol: string, streamed: ReadonlySet<string>, now: number): MarkPrice | null {
    const m = this.marks.get(symbol) ?? null;
    if (m === null) return null;
    if (this.from === 'bus') return now - m.ts < BUS_MARK_STALE_MS ? m : null;
    return streamed.has(symbol) ? m : null;
  }

  /** Takes a batch of updates: keeps each as its symbol's latest, stores settled funding, tells the listeners. */
  push(marks: readonly MarkPrice[]): void {
    const settled: FundingRate[] = [];
    for (const m of marks) {
      const s = settledFunding(this.marks.get(m.symbol), m);
      if (s !== null) settled.push(s);
      this.marks.set(m.symbol, m);
    }
    if (settled.length > 0) {
      this.funding.upsertFunding(settled).catch((e: unknown) => log.warn({ event: 'funding_store_failed', err: e }, 'storing a settled funding rate failed'));
    }
    for (const l of this.listeners) {
      try {
        l(marks);
      } catch (e) {
        log.error({ err: e }, 'mark listener failed');
      }
    }
  }

  /** Forgets every mark (the source stopped). */
  clear(): void {
    this.marks.clear();
  }
}
