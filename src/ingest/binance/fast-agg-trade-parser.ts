/**
 * A fast path for the one frame shape that makes up nearly all of the feed:
 * `{"stream":"<s>@aggTrade","data":{"e":"aggTrade","E":…,"s":"…","a":…,"p":"…","q":"…",…,"T":…,"m":…}}`.
 *
 * `JSON.parse` builds two objects and a string per field before any checking starts; at
 * hundreds of thousands of frames a second that is most of the ingest budget. This scanner
 * reads the frame in one pass over its characters and builds only the tick. It accepts
 * exactly what the strict parser accepts for this shape, field for field (`p`/`q` plain
 * decimal strings > 0, `a`/`E`/`T` non-negative safe integers, `m` boolean, `s` a symbol);
 * anything it does not fully understand (other key order at the top, escapes, whitespace,
 * other events, a bad field) returns null and the caller falls back to `parseStreamFrame`,
 * which decides and explains. A property test checks the two agree on every frame.
 * @module
 */

import { epochMs, price, qty } from '../../core/brand.js';
import type { StreamTrade } from './parse-agg-trade.js';

const QUOTE = 34; // "
const COLON = 58;
const COMMA = 44;
const CLOSE = 125; // }
const ZERO = 48;
const NINE = 57;
const DOT = 46;

/** Character codes of the payload's keys. */
const K_e = 101;
const K_E = 69;
const K_s = 115;
const K_a = 97;
const K_p = 112;
const K_q = 113;
const K_T = 84;
const K_m = 109;

const PREFIX = '{"stream":"';
const DATA = ',"data":{';

/** Returns the trade of an aggTrade frame in Binance's own layout, or null to use the strict parser. */
export function parseAggTradeFast(text: string): StreamTrade | null {
  if (!text.startsWith(PREFIX)) return null;
  let i = PREFIX.length;
  const streamEnd = text.indexOf('"', i);
  if (streamEnd < 0 || !text.startsWith(DATA, streamEnd + 1)) return null;
  i = streamEnd + 1 + DATA.length;
  const n = text.length;
  let e: string | null = null;
  let s: string | null = null;
  let p: string | null = null;
  let q: string | null = null;
  let m: boolean | null = null;
  let a = -1;
  let bigE = -1;
  let t = -1;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return null;
    const keyEnd = text.indexOf('"', i + 1);
    if (keyEnd < 0 || text.charCodeAt(keyEnd + 1) !== COLON) return null;
    // Binance's keys are one letter; a longer key (such as `nq`) is read and ignored.
    const key = keyEnd === i + 2 ? text.charCodeAt(i + 1) : 0;
    i = keyEnd + 2;
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = text.indexOf('"', i + 1);
      if (end < 0) return null;
      const value = text.slice(i + 1, end);
      if (value.includes('\\')) return null;
      i = end + 1;
      if (key === K_e) e = value;
      else if (key === K_s) s = value;
      else if (key === K_p) p = value;
      else if (key === K_q) q = value;
      else if (key === K_E || key === K_a || key === K_T || key === K_m) return null;
    } else if (c >= ZERO && c <= NINE) {
      // A non-negative safe integer, without sign, fraction or exponent. Digits accumulate
      // exactly up to 2^53; a longer value overshoots and fails the safe-integer test.
      let v = 0;
      const start = i;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d < ZERO || d > NINE) break;
        v = v * 10 + (d - ZERO);
        i++;
      }
      const d = text.charCodeAt(i);
      if (d !== COMMA && d !== CLOSE) return null;
      if (i - start > 16 || !Number.isSafeInteger(v) || (i - start > 1 && c === ZERO)) return null;
      if (key === K_a) a = v;
      else if (key === K_E) bigE = v;
      else if (key === K_T) t = v;
      else if (key === K_e || key === K_s || key === K_p || key === K_q || key === K_m) return null;
    } else if (text.startsWith('true', i) || text.startsWith('false', i)) {
      const value = c === 116; // t
      i += value ? 4 : 5;
      if (key === K_m) m = value;
      else if (key === K_e || key === K_s || key === K_p || key === K_q || key === K_E || key === K_a || key === K_T) return null;
    } else {
      return null;
    }
    const sep = text.charCodeAt(i);
    if (sep === COMMA) {
      i++;
      continue;
    }
    if (sep === CLOSE) break;
    return null;
  }
  if (i + 2 !== n || text.charCodeAt(i + 1) !== CLOSE) return null;
  if (e !== 'aggTrade' || s === null || p === null || q === null || m === null || a < 0 || bigE < 0 || t < 0) return null;
  if (!isSymbol(s)) return null;
  const px = positiveDecimal(p);
  const size = positiveDecimal(q);
  if (px === null || size === null) return null;
  return { eventTime: bigE, tick: { symbol: s, ts: epochMs(t), price: price(px), qty: qty(size), tradeId: a, buyerMaker: m, source: 'binance' } };
}

function isSymbol(s: string): boolean {
  if (s.length < 2 || s.length > 30) return false;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (!((c >= 65 && c <= 90) || (c >= ZERO && c <= NINE))) return false;
  }
  return true;
}

/** The value of a plain decimal (`0|[1-9]\d{0,17}` then optionally `.\d{1,18}`) when > 0, else null. */
function positiveDecimal(v: string): number | null {
  const len = v.length;
  if (len === 0) return null;
  let k = 0;
  let intDigits = 0;
  while (k < len) {
    const c = v.charCodeAt(k);
    if (c < ZERO || c > NINE) break;
    k++;
    intDigits++;
  }
  if (intDigits === 0 || intDigits > 18 || (intDigits > 1 && v.charCodeAt(0) === ZERO)) return null;
  if (k < len) {
    if (v.charCodeAt(k) !== DOT) return null;
    const fracStart = ++k;
    while (k < len) {
      const c = v.charCodeAt(k);
      if (c < ZERO || c > NINE) return null;
      k++;
    }
    const frac = k - fracStart;
    if (frac < 1 || frac > 18) return null;
  }
  const x = Number(v);
  return x > 0 && Number.isFinite(x) ? x : null;
}
