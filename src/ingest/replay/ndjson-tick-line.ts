/**
 * One line of an NDJSON tick file: `{"symbol":"BTCUSDT","ts":1732418516123,"price":97000.5,"qty":0.01}`
 * with optional `tradeId` and `buyerMaker` (default false). `ts` is epoch ms or an ISO-8601
 * string; `price` and `qty` are numbers or decimal strings (as Binance writes them). Other
 * fields are ignored. A line without `tradeId` gets one from `TradeIdAssigner`. Pure.
 * @module
 */

import { epochMs, price, qty } from '../../core/brand.js';
import { err, ok, type Result } from '../../core/result.js';
import { parseSymbol } from '../../model/market-symbol.js';
import type { Tick, TickSource } from '../../model/tick.js';
import { parsePositive, parseTimestamp, quote } from './field-parsers.js';

/** A parsed line; `tradeId` is null when the line has none. */
export interface NdjsonTick {
  readonly symbol: string;
  readonly ts: number;
  readonly price: number;
  readonly qty: number;
  readonly tradeId: number | null;
  readonly buyerMaker: boolean;
}

function numberField(name: string, v: unknown): Result<number, string> {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? ok(v) : err(`${name} must be > 0 (${v})`);
  if (typeof v === 'string') return parsePositive(name, v);
  return err(`${name} is ${v === undefined ? 'missing' : `not a number (${quote(JSON.stringify(v) ?? '')})`}`);
}

export function parseNdjsonTickLine(line: string): Result<NdjsonTick, string> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return err(`not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return err('not a JSON object');
  const o = value as Record<string, unknown>;
  if (typeof o['symbol'] !== 'string') return err(`symbol is ${o['symbol'] === undefined ? 'missing' : 'not a string'}`);
  const symbol = parseSymbol(o['symbol']);
  if (!symbol.ok) return err(symbol.error.message);
  const rawTs = o['ts'];
  let ts: number;
  if (typeof rawTs === 'number') {
    if (!Number.isSafeInteger(rawTs) || rawTs <= 0) return err(`ts is not a positive integer of epoch ms (${rawTs})`);
    ts = rawTs;
  } else if (typeof rawTs === 'string') {
    const r = parseTimestamp('ts', rawTs);
    if (!r.ok) return r;
    ts = r.value;
  } else {
    return err(`ts is ${rawTs === undefined ? 'missing' : 'neither epoch ms nor an ISO-8601 string'}`);
  }
  const p = numberField('price', o['price']);
  if (!p.ok) return p;
  const q = numberField('qty', o['qty']);
  if (!q.ok) return q;
  const rawId = o['tradeId'];
  if (rawId !== undefined && rawId !== null && !(typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId >= 0)) {
    return err(`tradeId is not a non-negative integer (${quote(JSON.stringify(rawId) ?? '')})`);
  }
  const maker = o['buyerMaker'];
  if (maker !== undefined && maker !== null && typeof maker !== 'boolean') return err(`buyerMaker is not true or false (${quote(JSON.stringify(maker) ?? '')})`);
  return ok({ symbol: symbol.value, ts, price: p.value, qty: q.value, tradeId: typeof rawId === 'number' ? rawId : null, buyerMaker: maker === true });
}

/** Most trades without a `tradeId` one millisecond of one symbol may hold (ids are ts·1000 + n). */
export const MAX_ASSIGNED_PER_MS = 1000;

/**
 * Gives trades without an id the simulator's deterministic id `ts·1000 + n`, where n counts the
 * earlier such lines of the same symbol and millisecond in the file (0, 1, 2...). The same file
 * always gets the same ids, so a re-import de-duplicates.
 */
export class TradeIdAssigner {
  private readonly seen = new Map<string, number>();

  assign(symbol: string, ts: number): Result<number, string> {
    const key = `${symbol}|${ts}`;
    const n = this.seen.get(key) ?? 0;
    if (n >= MAX_ASSIGNED_PER_MS) return err(`more than ${MAX_ASSIGNED_PER_MS} trades of ${symbol} without tradeId in millisecond ${ts}`);
    this.seen.set(key, n + 1);
    return ok(ts * 1000 + n);
  }
}

/** The `Tick` of a parsed line, given its id. */
export function ndjsonToTick(t: NdjsonTick, tradeId: number, source: TickSource): Tick {
  return { symbol: t.symbol, ts: epochMs(t.ts), price: price(t.price), qty: qty(t.qty), tradeId, buyerMaker: t.buyerMaker, source };
}
