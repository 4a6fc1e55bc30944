/**
 * `TradeSequencer`: makes one symbol's aggregate trades complete and unique. Binance's
 * aggregate ids `a` are consecutive per symbol, so a jump is a gap and a repeat is a
 * duplicate. Live trades pass straight through while ids follow on; on a gap, or when the
 * source reconnects, live trades are held while REST pages fill the hole, then released in id
 * order. Pure: the source does the I/O and feeds the results in.
 * @module
 */

import type { Tick } from '../../model/tick.js';

export interface SequencerCounters {
  gapsDetected: number;
  tradesRefilled: number;
  duplicatesDropped: number;
  /** Trades known missing that no refill could recover (REST did not have them). */
  tradesUnrecovered: number;
}

export class TradeSequencer {
  /** Highest id delivered, or null before the first trade. */
  private lastId: number | null;
  private refilling = false;
  /** Live trades held during a refill, by id. */
  private pending = new Map<number, Tick>();
  readonly counters: SequencerCounters = { gapsDetected: 0, tradesRefilled: 0, duplicatesDropped: 0, tradesUnrecovered: 0 };

  constructor(lastId: number | null) {
    this.lastId = lastId;
  }

  lastDelivered(): number | null {
    return this.lastId;
  }

  isRefilling(): boolean {
    return this.refilling;
  }

  /**
   * A live trade. Returns the trades to deliver now, and `refillFrom` when a gap was just found
   * and a refill from that id should start.
   */
  onLive(tick: Tick): { deliver: Tick[]; refillFrom: number | null } {
    const id = tick.tradeId;
    if (this.lastId !== null && id <= this.lastId) {
      this.counters.duplicatesDropped++;
      return { deliver: [], refillFrom: null };
    }
    if (this.refilling) {
      if (this.pending.has(id)) this.counters.duplicatesDropped++;
      else this.pending.set(id, tick);
      return { deliver: [], refillFrom: null };
    }
    if (this.lastId === null || id === this.lastId + 1) {
      this.lastId = id;
      return { deliver: [tick], refillFrom: null };
    }
    this.counters.gapsDetected++;
    this.refilling = true;
    this.pending.set(id, tick);
    return { deliver: [], refillFrom: this.lastId + 1 };
  }

  /**
   * Starts a refill without a known gap (after a reconnect: trades may have been missed while
   * the socket was down). Returns the id to page from, or null when nothing is known yet.
   */
  beginRefill(): number | null {
    if (this.lastId === null || this.refilling) return null;
    this.refilling = true;
    return this.lastId + 1;
  }

  /**
   * One page of REST trades (ascending ids from the requested `fromId`). Returns the trades to
   * deliver and whether the hole is closed: the refill is done when the held live trades follow
   * on from what was delivered, or when `exhausted` (REST had fewer than a full page).
   */
  onRefillPage(page: readonly Tick[], exhausted: boolean): { deliver: Tick[]; done: boolean } {
    const deliver: Tick[] = [];
    for (const tick of [...page].sort((x, y) => x.tradeId - y.tradeId)) {
      if (this.lastId !== null && tick.tradeId <= this.lastId) {
        this.counters.duplicatesDropped++;
        continue;
      }
      if (this.lastId !== null && tick.tradeId > this.lastId + 1) this.counters.tradesUnrecovered += tick.tradeId - this.lastId - 1;
      this.lastId = tick.tradeId;
      this.counters.tradesRefilled++;
      this.pending.delete(tick.tradeId);
      deliver.push(tick);
    }
    const firstHeld = this.firstPending();
    const closed = firstHeld === null ? exhausted : this.lastId !== null && firstHeld <= this.lastId + 1;
    if (!closed && !exhausted) return { deliver, done: false };
    deliver.push(...this.release());
    return { deliver, done: true };
  }

  /** The id the next refill page starts from. */
  nextRefillId(): number {
    return (this.lastId ?? 0) + 1;
  }

  /** Gives up the running refill (too large, or REST unreachable) and releases held trades. */
  abandonRefill(): Tick[] {
    return this.release();
  }

  private firstPending(): number | null {
    let min: number | null = null;
    for (const id of this.pending.keys()) if (min === null || id < min) min = id;
    return min;
  }

  /** Delivers held trades in id order, counting any hole left before them as unrecovered. */
  private release(): Tick[] {
    const held = [...this.pending.values()].sort((x, y) => x.tradeId - y.tradeId);
    this.pending.clear();
    this.refilling = false;
    const out: Tick[] = [];
    for (const tick of held) {
      if (this.lastId !== null && tick.tradeId <= this.lastId) {
        this.counters.duplicatesDropped++;
        continue;
      }
      if (this.lastId !== null && tick.tradeId > this.lastId + 1) this.counters.tradesUnrecovered += tick.tradeId - this.lastId - 1;
      this.lastId = tick.tradeId;
      out.push(tick);
    }
    return out;
  }
}
