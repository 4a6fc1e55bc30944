/**
 * Strict parsing of Binance aggregate trades, from combined-stream frames and REST rows.
 * `p` and `q` must be decimal strings (Binance never sends numbers there), ids and times
 * safe integers, `m` a boolean; anything else is an error that says which field was wrong,
 * never a NaN that reaches the store.
 * @module
 */

import { epochMs, price, qty } from '../../core/brand.js';
import { err, ok, type Result } from '../../core/result.js';
import type { Tick } from '../../model/tick.js';
import type { MarkPrice } from '../../model/mark-price.js';
import { parseAggTradeFast } from './fast-agg-trade-parser.js';
import { parseMarkPricePayload } from './parse-mark-price.js';

/** A trade read off the stream, with the event time kept for lag. */
export interface StreamTrade {
  readonly tick: Tick;
  /** Binance's event time `E`. */
  readonly eventTime: number;
}

export type StreamFrame =
  | { readonly kind: 'trade'; readonly trade: StreamTrade }
  /** A `<symbol>@markPrice@1s` update: mark price and funding, not a trade. */
  | { readonly kind: 'mark'; readonly mark: MarkPrice }
  /** A reply to a method call such as SUBSCRIBE: `{"result": null, "id": 1}`. */
  | { readonly kind: 'reply'; readonly id: unknown }
  /** A well-formed event of a type Tandem does not read. */
  | { readonly kind: 'other'; readonly event: string };

const DECIMAL = /^(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,18})?$/;

function decimal(obj: Record<string, unknown>, field: string): Result<number> {
  const v = obj[field];
  if (typeof v !== 'string') return err({ code: 'malformed_frame', message: `field '${field}' must be a decimal string, got ${describe(v)}` });
  if (!DECIMAL.test(v)) return err({ code: 'malformed_frame', message: `field '${field}' is not a plain decimal: '${v.slice(0, 40)}'` });
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) return err({ code: 'malformed_frame', message: `field '${field}' must be > 0, got '${v}'` });
  return ok(n);
}

function integer(obj: Record<string, unknown>, field: string): Result<number> {
  const v = obj[field];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return err({ code: 'malformed_frame', message: `field '${field}' must be a non-negative integer, got ${describe(v)}` });
  return ok(v);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v.slice(0, 40)}'`;
  if (v === undefined) return 'nothing';
  return `${typeof v} ${String(v).slice(0, 40)}`;
}

/** Reads the trade fields shared by stream payloads and REST rows. */
export function parseTradeFields(obj: Record<string, unknown>, symbol: string): Result<Tick> {
  const a = integer(obj, 'a');
  if (!a.ok) return a;
  const p = decimal(obj, 'p');
  if (!p.ok) return p;
  const q = decimal(obj, 'q');
  if (!q.ok) return q;
  const t = integer(obj, 'T');
  if (!t.ok) return t;
  if (typeof obj['m'] !== 'boolean') return err({ code: 'malformed_frame', message: `field 'm' must be a boolean, got ${describe(obj['m'])}` });
  return ok({ symbol, ts: epochMs(t.value), price: price(p.value), qty: qty(q.value), tradeId: a.value, buyerMaker: obj['m'], source: 'binance' });
}

/**
 * Parses one text frame of the combined market stream: the fast scanner for the usual
 * aggTrade layout, else the strict parser, which also explains what is wrong.
 */
export function parseStreamFrame(text: string): Result<StreamFrame> {
  const trade = parseAggTradeFast(text);
  return trade !== null ? ok({ kind: 'trade', trade }) : parseStreamFrameStrict(text);
}

/** Parses one text frame with `JSON.parse` and checks every field. */
export function parseStreamFrameStrict(text: string): Result<StreamFrame> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return err({ code: 'malformed_frame', message: `frame is not JSON: '${text.slice(0, 60)}'` });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return err({ code: 'malformed_frame', message: 'frame is not a JSON object' });
  const frame = parsed as Record<string, unknown>;
  if ('result' in frame && 'id' in frame) return ok({ kind: 'reply', id: frame['id'] });
  const data = frame['data'];
  if (typeof frame['stream'] !== 'string' || typeof data !== 'object' || data === null || Array.isArray(data)) {
    return err({ code: 'malformed_frame', message: "frame lacks 'stream' and 'data' of a combined stream" });
  }
  const payload = data as Record<string, unknown>;
  if (payload['e'] === 'markPriceUpdate') {
    const mark = parseMarkPricePayload(payload);
    return mark.ok ? ok({ kind: 'mark', mark: mark.value }) : mark;
  }
  if (payload['e'] !== 'aggTrade') return ok({ kind: 'other', event: String(payload['e']).slice(0, 40) });
  const s = payload['s'];
  if (typeof s !== 'string' || !/^[A-Z0-9]{2,30}$/.test(s)) return err({ code: 'malformed_frame', message: `field 's' is not a symbol: ${describe(s)}` });
  const e = integer(payload, 'E');
  if (!e.ok) return e;
  const tick = parseTradeFields(payload, s);
  if (!tick.ok) return tick;
  return ok({ kind: 'trade', trade: { tick: tick.value, eventTime: e.value } });
}
