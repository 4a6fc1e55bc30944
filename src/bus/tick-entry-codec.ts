/**
 * How a batch of one symbol's ticks is written as one stream entry, and read back. One entry
 * holds a batch (not one tick) because Redis's cost is per entry: at 2,000 ticks/s a batch per
 * 20 ms is ~50 entries/s instead of 2,000 (measured in docs/scaling.md). Fields:
 * `s` symbol, `src` source, `n` count, `last` the highest trade id, `d` a flat JSON array
 * `[ts, price, qty, tradeId, buyerMaker(0|1), ...]`. Numbers go through JSON, which round-trips
 * every double exactly.
 * @module
 */

import { epochMs, price, qty } from '../core/brand.js';
import { err, ok, type Result } from '../core/result.js';
import type { Tick, TickSource } from '../model/tick.js';

const SOURCES: ReadonlySet<string> = new Set<TickSource>(['binance', 'simulator', 'replay', 'import']);
const WIDTH = 5;

/** Field/value pairs of one entry, flat as XADD takes them. */
export function encodeTickEntry(symbol: string, source: TickSource, ticks: readonly Tick[]): string[] {
  const d: number[] = [];
  let last = -Infinity;
  for (const t of ticks) {
    d.push(t.ts, t.price, t.qty, t.tradeId, t.buyerMaker ? 1 : 0);
    if (t.tradeId > last) last = t.tradeId;
  }
  return ['s', symbol, 'src', source, 'n', String(ticks.length), 'last', String(last), 'd', JSON.stringify(d)];
}

/** Reads an entry's flat field list back into ticks, or says what is wrong with it. */
export function decodeTickEntry(fields: readonly string[]): Result<Tick[]> {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i]!, fields[i + 1]!);
  const symbol = f.get('s');
  const source = f.get('src');
  const n = Number(f.get('n'));
  if (symbol === undefined || !/^[A-Z0-9]{2,30}$/.test(symbol)) return bad(`symbol '${String(symbol)}' is not 2-30 upper-case letters and digits`);
  if (source === undefined || !SOURCES.has(source)) return bad(`source '${String(source)}' is not one of ${[...SOURCES].join(', ')}`);
  if (!Number.isSafeInteger(n) || n < 1) return bad(`count '${String(f.get('n'))}' is not a positive integer`);
  let d: unknown;
  try {
    d = JSON.parse(f.get('d') ?? '');
  } catch {
    return bad(`${symbol}: field d is not JSON`);
  }
  if (!Array.isArray(d) || d.length !== n * WIDTH) return bad(`${symbol}: field d holds ${Array.isArray(d) ? d.length : 'no'} numbers, not ${n} ticks × ${WIDTH}`);
  const ticks: Tick[] = [];
  for (let i = 0; i < n; i++) {
    const [ts, p, q, id, m] = d.slice(i * WIDTH, i * WIDTH + WIDTH) as unknown[];
    if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || ts < 0) return bad(`${symbol} tick ${i}: ts ${String(ts)} is not an epoch ms`);
    if (typeof p !== 'number' || !(p > 0) || !Number.isFinite(p)) return bad(`${symbol} tick ${i}: price ${String(p)} is not a positive number`);
    if (typeof q !== 'number' || !(q > 0) || !Number.isFinite(q)) return bad(`${symbol} tick ${i}: qty ${String(q)} is not a positive number`);
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) return bad(`${symbol} tick ${i}: tradeId ${String(id)} is not an integer`);
    if (m !== 0 && m !== 1) return bad(`${symbol} tick ${i}: buyerMaker ${String(m)} is not 0 or 1`);
    ticks.push({ symbol, ts: epochMs(ts), price: price(p), qty: qty(q), tradeId: id, buyerMaker: m === 1, source: source as TickSource });
  }
  return ok(ticks);
}

const bad = (message: string): Result<Tick[]> => err({ code: 'malformed_entry', message });
