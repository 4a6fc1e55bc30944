/**
 * The slice of Binance USDⓈ-M Futures' public protocol that Tandem uses, as the fake speaks it:
 * the aggTrade payload, the combined-stream wrapper, the JSON method messages and the REST
 * bodies and errors.
 *
 * What was checked, and where (Binance's developer pages, read 2026 through the `search` tool):
 * - developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams
 *   (General WSS information): combined streams are wrapped as `{"stream":"<streamName>","data":<rawPayload>}`;
 *   stream names are lower case; a connection is valid for 24 hours ("expect to be disconnected
 *   at the 24 hour mark"); the server sends a ping frame every 3 minutes and disconnects when no
 *   pong arrives within 10 minutes (unsolicited pongs are allowed); at most 10 incoming messages
 *   per second per connection, beyond which the connection is disconnected (IPs disconnected
 *   repeatedly may be banned); at most 1024 streams per connection.
 * - .../websocket-market-streams/Important-WebSocket-Change-Notice: the routed base URLs
 *   `wss://fstream.binance.com/public`, `/market` and `/private`; `stream` mode
 *   `/market/stream?streams=bnbusdt@aggTrade/btcusdt@markPrice` and `ws` mode
 *   `/market/ws/btcusdt@aggTrade/ethusdt@aggTrade`. ccxt/go-binance#809 and sieblyio/binance
 *   v3.5.0 date the notice 2026-03-06 and the retirement of the legacy URLs 2026-04-23 and put
 *   aggTrade in the `/market` tier; jesse-ai/jesse#562 reports the legacy `/stream?streams=` path
 *   silently delivering nothing after that date. DESIGN.md ("Sources") records the same.
 * - .../websocket-market-streams/Aggregate-Trade-Streams: stream `<symbol>@aggTrade`, 100 ms
 *   aggregation, payload `{"e":"aggTrade","E":event time,"s":"BTCUSDT","a":aggregate id,
 *   "p":"0.001","q":"100","f":first trade id,"l":last trade id,"T":trade time,"m":buyer is maker}`.
 *   The newest version of that page (developers.binance.info mirror) also lists
 *   `"nq"`: the quantity without RPI (Retail Price Improvement) orders, a string. The fake sends
 *   `nq` (equal to `q`) by default so a client learns to ignore fields it does not use;
 *   `includeNq: false` drops it.
 * - .../websocket-market-streams/Mark-Price-Stream: stream `<symbol>@markPrice` (3 s) or
 *   `<symbol>@markPrice@1s`, payload `{"e":"markPriceUpdate","E":1562305380000,"s":"BTCUSDT",
 *   "p":"11794.15000000","i":"11784.62659091","P":"11784.25641265","r":"0.00038167",
 *   "T":1562306400000}` (mark, index, estimated settle price, funding rate, next funding time).
 * - .../market-data/rest-api/Compressed-Aggregate-Trades-List: `GET /fapi/v1/aggTrades`,
 *   weight 20; `symbol` mandatory, `fromId` inclusive, `startTime`/`endTime` inclusive (less
 *   than 1 hour apart), `limit` default 500, max 1000; without fromId/startTime/endTime the most
 *   recent trades; "send either fromId or startTime/endTime"; response
 *   `[{"a","p","q","f","l","T","m"}]`, p and q strings, oldest first.
 * - .../market-data/rest-api/Exchange-Information: `GET /fapi/v1/exchangeInfo`, weight 1,
 *   `rateLimits` (REQUEST_WEIGHT 2400 per minute) and `symbols[]` with `symbol`, `pair`,
 *   `contractType` ("PERPETUAL"), `status` ("TRADING"), `baseAsset`, `quoteAsset`, `filters`
 *   (PRICE_FILTER.tickSize, LOT_SIZE.stepSize). `GET /fapi/v1/ping` answers `{}` and
 *   `GET /fapi/v1/time` answers `{"serverTime": ms}`, weight 1 each (same layout as the futures
 *   market-data page; the spot "General endpoints" page has the same two bodies).
 * - Binance's "Limits" pages (spot rest-api/limits, futures general info, Binance Academy
 *   "How to avoid getting banned by rate limits"): every response carries
 *   `X-MBX-USED-WEIGHT-(intervalNum)(intervalLetter)`, i.e. `X-MBX-USED-WEIGHT-1M`; 429 when a
 *   limit is exceeded, 418 for an IP auto-banned after ignoring 429s; a `Retry-After` header
 *   (seconds) comes with both.
 * - .../usds-margined-futures/error-code: the error body `{"code":-1121,"msg":"Invalid symbol."}`
 *   and the messages of -1003 TOO_MANY_REQUESTS ("Too many requests; current limit is %s requests
 *   per minute..." and "Way too many requests; IP banned until %s..."), -1102 (mandatory
 *   parameter), -1128 (combination of optional parameters invalid), -1130 (invalid parameter
 *   value), -1127 (more than 1 hour between startTime and endTime).
 * - Live subscribing (spot and futures pages share it; example in developernote.com,
 *   "Handling messages from Binance WebSocket streams"): `{"method":"SUBSCRIBE","params":
 *   ["btcusdt@aggTrade"],"id":1}` → `{"result":null,"id":1}`; `UNSUBSCRIBE` likewise;
 *   `LIST_SUBSCRIPTIONS` → `{"result":["btcusdt@aggTrade"],"id":3}`.
 *
 * Not found in the docs, so chosen here and written down for the client's author:
 * - How Binance closes at the 24-hour mark: the fake sends a close frame, code 1000, reason
 *   `max connection lifetime`. A client must treat any close (clean or not) the same way.
 * - How it disconnects a client over the message limit: close code 1008, reason
 *   `too many incoming messages`. Incoming messages counted: text/binary messages, pings and
 *   pongs (the spot page counts all three).
 * - The legacy and `/public` paths accept the upgrade, ping, and never send data.
 * - Which code each bad aggTrades request gets: `limit` outside 1..1000 → 400 -1130 (Binance may
 *   clamp instead; the fake is strict so a client bug shows); `fromId` together with a time →
 *   400 -1128 (Binance documents only "might cause response timeout"; DESIGN.md forbids mixing).
 * - Method-message errors use the spot WebSocket codes (`{"error":{"code":2,"msg":...},"id":...}`).
 * - Stream names must be lower case, as the docs say; `BTCUSDT@aggTrade` subscribes to nothing.
 * @module
 */

/** One aggregate trade as the fake's tape holds it: the wire fields, typed. */
export interface AggTrade {
  /** Upper case, e.g. `BTCUSDT`. */
  readonly s: string;
  /** Aggregate trade id, consecutive per symbol. */
  readonly a: number;
  /** Price as Binance writes it: a decimal string with the symbol's precision. */
  readonly p: string;
  /** Quantity as a decimal string. */
  readonly q: string;
  /** First and last raw trade id merged into this aggregate. */
  readonly f: number;
  readonly l: number;
  /** Trade time, epoch ms. */
  readonly T: number;
  /** Event time, epoch ms: T plus a small deterministic latency. */
  readonly E: number;
  /** Buyer is the maker (the taker sold). */
  readonly m: boolean;
}

/** The stream name of a symbol's aggregate trades: lower case, as Binance requires. */
export function aggTradeStream(symbol: string): string {
  return `${symbol.toLowerCase()}@aggTrade`;
}

/** The raw `aggTrade` event payload, fields in the order of Binance's documentation. */
export function aggTradePayload(t: AggTrade, includeNq = true): Record<string, unknown> {
  return includeNq
    ? { e: 'aggTrade', E: t.E, s: t.s, a: t.a, p: t.p, q: t.q, nq: t.q, f: t.f, l: t.l, T: t.T, m: t.m }
    : { e: 'aggTrade', E: t.E, s: t.s, a: t.a, p: t.p, q: t.q, f: t.f, l: t.l, T: t.T, m: t.m };
}

/** The text of one combined-stream frame, `{"stream":..., "data":...}`. */
export function combinedFrame(t: AggTrade, includeNq = true): string {
  return JSON.stringify({ stream: aggTradeStream(t.s), data: aggTradePayload(t, includeNq) });
}

/** The text of one raw (`/ws/` mode) frame: the payload without the wrapper. */
export function rawFrame(t: AggTrade, includeNq = true): string {
  return JSON.stringify(aggTradePayload(t, includeNq));
}

/** The stream name of a symbol's mark price once a second: `btcusdt@markPrice@1s`. */
export function markPriceStream(symbol: string): string {
  return `${symbol.toLowerCase()}@markPrice@1s`;
}

/**
 * The `markPriceUpdate` payload of `<symbol>@markPrice@1s`, fields in the order of Binance's
 * "Mark Price Stream" page (USDⓈ-M): `e`, `E` event time, `s`, `p` mark price, `i` index price,
 * `P` estimated settle price, `r` funding rate, `T` next funding time; prices and rate strings.
 */
export interface MarkPriceUpdate {
  readonly e: 'markPriceUpdate';
  readonly E: number;
  readonly s: string;
  readonly p: string;
  readonly i: string;
  readonly P: string;
  readonly r: string;
  readonly T: number;
}

/** One row of `GET /fapi/v1/aggTrades`. */
export function restRow(t: AggTrade): { a: number; p: string; q: string; f: number; l: number; T: number; m: boolean } {
  return { a: t.a, p: t.p, q: t.q, f: t.f, l: t.l, T: t.T, m: t.m };
}

/** A Binance REST error body. */
export interface BinanceErrorBody {
  readonly code: number;
  readonly msg: string;
}

export const REST_ERRORS = {
  invalidSymbol: { code: -1121, msg: 'Invalid symbol.' },
  missingSymbol: { code: -1102, msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed." },
  badLimit: { code: -1130, msg: "Data sent for parameter 'limit' is not valid." },
  badFromId: { code: -1100, msg: "Illegal characters found in parameter 'fromId'; legal range is '^[0-9]{1,20}$'." },
  mixedParams: { code: -1128, msg: 'Combination of optional parameters invalid. Send either fromId or startTime/endTime.' },
  tooMany: (limit: number): BinanceErrorBody => ({
    code: -1003,
    msg: `Too many requests; current limit is ${limit} requests per minute. Please use the websocket for live updates to avoid polling the API.`,
  }),
  banned: (untilMs: number): BinanceErrorBody => ({ code: -1003, msg: `Way too many requests; IP banned until ${untilMs}. Please use the websocket for live updates to avoid bans.` }),
} as const;

/** Request weights of the endpoints the fake serves (Binance's pages, above). */
export const REST_WEIGHT: Readonly<Record<string, number>> = {
  '/fapi/v1/aggTrades': 20,
  /** For the default limit 500; by limit: 1-99 → 1, 100-499 → 2, 500-1000 → 5, > 1000 → 10. */
  '/fapi/v1/klines': 5,
  '/fapi/v1/exchangeInfo': 1,
  /** Binance counts fundingRate against a separate 500 per 5 min per IP; the fake charges 1. */
  '/fapi/v1/fundingRate': 1,
  '/fapi/v1/ping': 1,
  '/fapi/v1/time': 1,
};

/** Binance's IP weight limit for USDⓈ-M REST, per minute (exchangeInfo.rateLimits). */
export const REST_WEIGHT_LIMIT_PER_MINUTE = 2400;
