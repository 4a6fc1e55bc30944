/**
 * Parses the payload of Binance's `<symbol>@markPrice@1s` stream:
 * `{"e":"markPriceUpdate","E":1562305380000,"s":"BTCUSDT","p":"11794.15000000",
 * "i":"11784.62659091","P":"11784.25641265","r":"0.00038167","T":1562306400000}`. Prices and
 * the rate are decimal strings; a delivery contract has `"r": ""` and `"T": 0`, which become a
 * null rate and time. Anything else is refused with the field named.
 * @see https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams/Mark-Price-Stream
 * @module
 */

import { err, ok, type Result } from '../../core/result.js';
import type { MarkPrice } from '../../model/mark-price.js';

const SIGNED_DECIMAL = /^-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,18})?$/;
const SYMBOL = /^[A-Z0-9]{2,30}$/;

function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v.slice(0, 40)}'`;
  if (v === undefined) return 'nothing';
  return `${typeof v} ${String(v).slice(0, 40)}`;
}

export function parseMarkPricePayload(payload: Record<string, unknown>): Result<MarkPrice> {
  const bad = (message: string): Result<MarkPrice> => err({ code: 'malformed_frame', message: `markPriceUpdate: ${message}` });
  const s = payload['s'];
  if (typeof s !== 'string' || !SYMBOL.test(s)) return bad(`field 's' is not a symbol: ${describe(s)}`);
  const e = payload['E'];
  if (typeof e !== 'number' || !Number.isSafeInteger(e) || e < 0) return bad(`field 'E' must be a non-negative integer, got ${describe(e)}`);
  const price = (field: string, required: boolean): number | string => {
    const v = payload[field];
    if (!required && (v === undefined || v === '')) return Number.NaN;
    if (typeof v !== 'string' || !SIGNED_DECIMAL.test(v) || !(Number(v) > 0)) return `field '${field}' must be a positive decimal string, got ${describe(v)}`;
    return Number(v);
  };
  const p = price('p', true);
  if (typeof p === 'string') return bad(p);
  const i = price('i', false);
  if (typeof i === 'string') return bad(i);
  const settle = price('P', false);
  if (typeof settle === 'string') return bad(settle);
  const r = payload['r'];
  let fundingRate: number | null = null;
  if (r !== '' && r !== undefined) {
    if (typeof r !== 'string' || !SIGNED_DECIMAL.test(r)) return bad(`field 'r' must be a decimal string, got ${describe(r)}`);
    fundingRate = Number(r);
  }
  const t = payload['T'];
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) return bad(`field 'T' must be a non-negative integer, got ${describe(t)}`);
  return ok({ symbol: s, ts: e, markPrice: p, indexPrice: i, estimatedSettlePrice: settle, fundingRate, nextFundingTime: t === 0 ? null : t });
}
