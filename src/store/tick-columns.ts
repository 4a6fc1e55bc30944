/**
 * `TickColumns`: a batch of ticks as typed-array columns, so a batch crosses to the writer
 * thread by transferring a few buffers instead of cloning thousands of objects.
 * @module
 */

import { epochMs, price, qty } from '../core/brand.js';
import type { Tick, TickSource } from '../model/tick.js';

export interface TickColumns {
  readonly length: number;
  /** Distinct symbols of the batch; `symbolIndex[i]` points into it. */
  readonly symbols: readonly string[];
  readonly symbolIndex: Uint16Array;
  readonly sources: readonly TickSource[];
  readonly sourceIndex: Uint8Array;
  readonly ts: Float64Array;
  readonly price: Float64Array;
  readonly qty: Float64Array;
  readonly tradeId: Float64Array;
  readonly buyerMaker: Uint8Array;
}

export function toTickColumns(ticks: readonly Tick[]): TickColumns {
  const n = ticks.length;
  const symbols: string[] = [];
  const sources: TickSource[] = [];
  const symbolAt = new Map<string, number>();
  const sourceAt = new Map<TickSource, number>();
  const cols = {
    length: n,
    symbols,
    symbolIndex: new Uint16Array(n),
    sources,
    sourceIndex: new Uint8Array(n),
    ts: new Float64Array(n),
    price: new Float64Array(n),
    qty: new Float64Array(n),
    tradeId: new Float64Array(n),
    buyerMaker: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const t = ticks[i]!;
    let s = symbolAt.get(t.symbol);
    if (s === undefined) {
      s = symbols.push(t.symbol) - 1;
      symbolAt.set(t.symbol, s);
    }
    let src = sourceAt.get(t.source);
    if (src === undefined) {
      src = sources.push(t.source) - 1;
      sourceAt.set(t.source, src);
    }
    cols.symbolIndex[i] = s;
    cols.sourceIndex[i] = src;
    cols.ts[i] = t.ts;
    cols.price[i] = t.price;
    cols.qty[i] = t.qty;
    cols.tradeId[i] = t.tradeId;
    cols.buyerMaker[i] = t.buyerMaker ? 1 : 0;
  }
  return cols;
}

export function tickAt(cols: TickColumns, i: number): Tick {
  return {
    symbol: cols.symbols[cols.symbolIndex[i]!]!,
    ts: epochMs(cols.ts[i]!),
    price: price(cols.price[i]!),
    qty: qty(cols.qty[i]!),
    tradeId: cols.tradeId[i]!,
    buyerMaker: cols.buyerMaker[i] === 1,
    source: cols.sources[cols.sourceIndex[i]!]!,
  };
}

/** The buffers to list as transferables when posting `cols` to another thread. */
export function transferablesOf(cols: TickColumns): ArrayBuffer[] {
  return [cols.symbolIndex, cols.sourceIndex, cols.ts, cols.price, cols.qty, cols.tradeId, cols.buyerMaker].map((a) => a.buffer as ArrayBuffer);
}
