/**
 * `TickTable`: the ticks of one file held as columns (about 40 bytes a tick instead of an
 * object each), so a whole file can be validated before anything is written, put in order
 * and de-duplicated, and then handed out in batches.
 *
 * Order: a Binance dump is sorted by aggregate id, which must then also be time order (a row
 * whose time goes back against the ids is a bad row); the other formats are sorted by time,
 * keeping file order within a millisecond. A repeated `(symbol, tradeId)` keeps its first row
 * and counts the rest as duplicates, as the store would.
 * @module
 */

import { epochMs, price, qty } from '../../core/brand.js';
import type { Tick, TickSource } from '../../model/tick.js';
import type { RowError } from './tick-file-format.js';

export type TickOrder = 'tradeId' | 'time';

/** Time range of one symbol in the table. */
export interface SymbolRange {
  readonly symbol: string;
  readonly firstTs: number;
  readonly lastTs: number;
  readonly ticks: number;
}

export class TickTable {
  private cap = 1024;
  private n = 0;
  private sym = new Uint16Array(this.cap);
  private id = new Float64Array(this.cap);
  private ts = new Float64Array(this.cap);
  private px = new Float64Array(this.cap);
  private qt = new Float64Array(this.cap);
  private maker = new Uint8Array(this.cap);
  private row = new Uint32Array(this.cap);
  private readonly symbolNames: string[] = [];
  private readonly symbolIndex = new Map<string, number>();
  /** Play order (indexes into the columns), set by `finish`. */
  private order: Uint32Array | null = null;
  private dups = 0;

  constructor(readonly source: TickSource) {}

  /** Ticks pushed, duplicates included. */
  get rowCount(): number {
    return this.n;
  }

  /** Ticks in play order after `finish` (duplicates dropped). */
  get length(): number {
    return this.order?.length ?? 0;
  }

  /** Repeats of a `(symbol, tradeId)` already in the file, dropped by `finish`. */
  get duplicatesInFile(): number {
    return this.dups;
  }

  get symbols(): readonly string[] {
    return this.symbolNames;
  }

  push(t: Tick, rowNumber: number): void {
    if (this.order !== null) throw new Error('TickTable: push after finish');
    if (this.n === this.cap) this.grow();
    let s = this.symbolIndex.get(t.symbol);
    if (s === undefined) {
      s = this.symbolNames.length;
      if (s > 0xffff) throw new Error('TickTable: more than 65,536 symbols in one file');
      this.symbolNames.push(t.symbol);
      this.symbolIndex.set(t.symbol, s);
    }
    const i = this.n++;
    this.sym[i] = s;
    this.id[i] = t.tradeId;
    this.ts[i] = t.ts;
    this.px[i] = t.price;
    this.qt[i] = t.qty;
    this.maker[i] = t.buyerMaker ? 1 : 0;
    this.row[i] = rowNumber;
  }

  /**
   * Puts the ticks in play order and drops in-file duplicates. Returns the rows that break
   * the order's rule (for `tradeId` order: time going back as ids go up), empty when none.
   */
  finish(order: TickOrder): RowError[] {
    const { sym, id, ts, row } = this;
    const all = Uint32Array.from({ length: this.n }, (_, i) => i);
    // By (symbol, id, row): equal keys are adjacent, and the first row of each comes first.
    all.sort((a, b) => sym[a]! - sym[b]! || id[a]! - id[b]! || row[a]! - row[b]!);
    const kept: number[] = [];
    for (let k = 0; k < all.length; k++) {
      const i = all[k]!;
      const prev = k > 0 ? all[k - 1]! : -1;
      if (prev >= 0 && sym[prev] === sym[i] && id[prev] === id[i]) this.dups++;
      else kept.push(i);
    }
    const errors: RowError[] = [];
    let out = Uint32Array.from(kept);
    if (order === 'tradeId') {
      for (let k = 1; k < out.length; k++) {
        const a = out[k - 1]!;
        const b = out[k]!;
        if (sym[a] === sym[b] && ts[b]! < ts[a]!) {
          errors.push({ row: row[b]!, reason: `transact_time ${ts[b]} is earlier than that of agg_trade_id ${id[a]} (row ${row[a]}), which comes before it` });
        }
      }
      // Several symbols (not a Binance dump, but possible): interleave them by time, stably.
      if (this.symbolNames.length > 1) out = out.sort((a, b) => ts[a]! - ts[b]! || row[a]! - row[b]!);
    } else {
      out = out.sort((a, b) => ts[a]! - ts[b]! || row[a]! - row[b]!);
    }
    this.order = out;
    return errors.sort((a, b) => a.row - b.row);
  }

  /** The `k`-th tick in play order. */
  tick(k: number): Tick {
    const i = this.orderIndex(k);
    return {
      symbol: this.symbolNames[this.sym[i]!]!,
      ts: epochMs(this.ts[i]!),
      price: price(this.px[i]!),
      qty: qty(this.qt[i]!),
      tradeId: this.id[i]!,
      buyerMaker: this.maker[i] === 1,
      source: this.source,
    };
  }

  /** Trade time of the `k`-th tick in play order. */
  tsAt(k: number): number {
    return this.ts[this.orderIndex(k)]!;
  }

  /** Ticks `[from, to)` in play order. */
  slice(from: number, to: number): Tick[] {
    const out: Tick[] = [];
    for (let k = from; k < Math.min(to, this.length); k++) out.push(this.tick(k));
    return out;
  }

  /** Every symbol's first and last trade time and tick count. */
  ranges(): SymbolRange[] {
    const first = new Map<number, number>();
    const last = new Map<number, number>();
    const count = new Map<number, number>();
    for (let k = 0; k < this.length; k++) {
      const i = this.orderIndex(k);
      const s = this.sym[i]!;
      const t = this.ts[i]!;
      first.set(s, Math.min(first.get(s) ?? Infinity, t));
      last.set(s, Math.max(last.get(s) ?? -Infinity, t));
      count.set(s, (count.get(s) ?? 0) + 1);
    }
    return [...count.keys()].map((s) => ({ symbol: this.symbolNames[s]!, firstTs: first.get(s)!, lastTs: last.get(s)!, ticks: count.get(s)! }));
  }

  private orderIndex(k: number): number {
    const order = this.order;
    if (order === null) throw new Error('TickTable: finish() first');
    return order[k]!;
  }

  private grow(): void {
    this.cap *= 2;
    const grown = <A extends Float64Array | Uint16Array | Uint8Array | Uint32Array>(a: A, make: (n: number) => A): A => {
      const b = make(this.cap);
      b.set(a);
      return b;
    };
    this.sym = grown(this.sym, (n) => new Uint16Array(n));
    this.id = grown(this.id, (n) => new Float64Array(n));
    this.ts = grown(this.ts, (n) => new Float64Array(n));
    this.px = grown(this.px, (n) => new Float64Array(n));
    this.qt = grown(this.qt, (n) => new Float64Array(n));
    this.maker = grown(this.maker, (n) => new Uint8Array(n));
    this.row = grown(this.row, (n) => new Uint32Array(n));
  }
}
