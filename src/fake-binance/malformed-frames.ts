/**
 * Broken and unexpected frames the fake can send, each a way a real feed (or a proxy in front of
 * it) has been seen to misbehave. A correct client rejects every one of them without crashing,
 * without closing the connection, and without storing a trade: none of them is on the tape.
 *
 * The ones that look like trades carry the *next* aggregate id of the symbol, the most
 * adversarial choice: a client that accepted one would then drop the real trade with that id as
 * a duplicate, and a test comparing stored ticks to the tape would see the wrong price.
 * @module
 */
import { aggTradePayload, aggTradeStream, type AggTrade } from './binance-protocol.js';

export const MALFORMED_KINDS = ['truncated', 'not-json', 'wrong-types', 'unknown-event', 'huge-number', 'nan-string'] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

/**
 * The text of one malformed frame in combined mode and in raw mode.
 * @param like a real trade of the symbol to copy plausible values from
 * @param nextId the aggregate id the symbol's next real trade will get
 */
export function malformedFrame(kind: MalformedKind, like: AggTrade, nextId: number): { combined: string; raw: string } {
  const stream = aggTradeStream(like.s);
  const base = { ...aggTradePayload(like), a: nextId };
  const wrap = (data: Record<string, unknown>, s = stream): { combined: string; raw: string } => ({
    combined: JSON.stringify({ stream: s, data }),
    raw: JSON.stringify(data),
  });
  switch (kind) {
    case 'truncated': {
      const full = wrap(base);
      return { combined: full.combined.slice(0, Math.floor(full.combined.length / 2)), raw: full.raw.slice(0, Math.floor(full.raw.length / 2)) };
    }
    case 'not-json':
      return { combined: '<html><body>502 Bad Gateway</body></html>', raw: '<html><body>502 Bad Gateway</body></html>' };
    case 'wrong-types':
      // p as a number and a as a string: what a careless re-encoder produces.
      return wrap({ ...base, p: Number(like.p), a: String(nextId) });
    case 'unknown-event': {
      // A mark-price event: a stream the client did not ask for, with its own payload shape.
      const s = like.s.toLowerCase();
      return wrap({ e: 'markPriceUpdate', E: like.E, s: like.s, p: like.p, i: like.p, P: like.p, r: '0.00010000', T: like.T + 28_800_000 }, `${s}@markPrice`);
    }
    case 'huge-number':
      // An id beyond Number.MAX_SAFE_INTEGER: JSON.parse silently rounds it.
      return {
        combined: JSON.stringify({ stream, data: { ...base, a: 0 } }).replace('"a":0', '"a":123456789012345678901234567890'),
        raw: JSON.stringify({ ...base, a: 0 }).replace('"a":0', '"a":123456789012345678901234567890'),
      };
    case 'nan-string':
      return wrap({ ...base, p: 'NaN', q: 'Infinity' });
  }
}
