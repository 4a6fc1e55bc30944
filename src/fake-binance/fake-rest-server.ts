/**
 * `FakeRestServer`: the REST half of the fake Binance, over the same tape the WebSocket sends.
 * Serves `GET /fapi/v1/aggTrades`, `/fapi/v1/klines` (1m, the tape's own resample),
 * `/fapi/v1/fundingRate` (deterministic 8-hourly rates, `fake-funding.ts`), `/fapi/v1/exchangeInfo`, `/fapi/v1/ping` and `/fapi/v1/time`
 * with Binance's bodies, errors, weights and `X-MBX-USED-WEIGHT-1M` header; enforces the
 * 2400-per-minute weight limit with 429 + `Retry-After`; and can be told to answer the next
 * aggTrades calls with 429 or 418.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REST_ERRORS, REST_WEIGHT, restRow, type BinanceErrorBody } from './binance-protocol.js';
import type { FakeBinanceStats } from './fake-stats.js';
import type { TradeTape } from './trade-tape.js';
import { klineWeight } from '../ingest/binance/parse-kline.js';
import { fundingRateRows } from './fake-funding.js';

export interface RestServerOptions {
  /** Weight per minute before 429 (Binance: 2400). */
  weightLimitPerMinute: number;
  /** Calls cost no weight (the header reports 0), so a client never throttles itself; default false. */
  weightFree?: boolean;
  /** The exchangeInfo `status` of a tape symbol now (`TRADING`, `PENDING_TRADING`, `SETTLING`...). */
  statusOf?: (symbol: string) => string;
}

interface InjectedError {
  status: 429 | 418;
  remaining: number;
  retryAfterSeconds: number;
}

/** Symbols exchangeInfo lists beside the tape's, so symbol validation meets a non-perpetual and a non-trading one. */
const EXTRA_SYMBOLS = [
  { symbol: 'BTCUSDT_260925', pair: 'BTCUSDT', contractType: 'CURRENT_QUARTER', status: 'TRADING', baseAsset: 'BTC' },
  { symbol: 'LUNAUSDT', pair: 'LUNAUSDT', contractType: 'PERPETUAL', status: 'SETTLING', baseAsset: 'LUNA' },
] as const;

export class FakeRestServer {
  private readonly injected: InjectedError[] = [];
  private minute = -1;
  private usedWeight = 0;
  private reported: { weight: number; remaining: number } | null = null;

  constructor(
    private readonly tape: TradeTape,
    private readonly stats: FakeBinanceStats,
    private readonly opts: RestServerOptions,
  ) {}

  /** The next `times` aggTrades calls answer `status` with `Retry-After: retryAfterSeconds`, then calls succeed again. */
  injectError(status: 429 | 418, times: number, retryAfterSeconds: number): void {
    if (times > 0) this.injected.push({ status, remaining: times, retryAfterSeconds });
  }

  /** The next `times` responses report at least `weight` used (as if another client shared the IP), without refusing. */
  reportWeight(weight: number, times: number): void {
    this.reported = times > 0 ? { weight, remaining: times } : null;
  }

  /** The weight used in the current minute, as the header reports it. */
  get usedWeight1m(): number {
    this.rollMinute(Date.now());
    return this.usedWeight;
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const now = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    this.stats.restCalls++;
    this.stats.restCallsByPath[path] = (this.stats.restCallsByPath[path] ?? 0) + 1;
    const weight = path === '/fapi/v1/klines' ? klineWeight(Number(url.searchParams.get('limit') ?? 500) || 500) : REST_WEIGHT[path];
    if (req.method !== 'GET' || weight === undefined) {
      send(res, 404, { code: -5000, msg: `Path ${path}, Method ${req.method ?? '?'} is invalid` }, {});
      return;
    }
    this.rollMinute(now);
    this.usedWeight += this.opts.weightFree === true ? 0 : weight;
    let reported = this.usedWeight;
    if (this.reported !== null) {
      reported = Math.max(reported, this.reported.weight);
      if (--this.reported.remaining <= 0) this.reported = null;
    }
    const headers = { 'X-MBX-USED-WEIGHT-1M': String(reported) };
    if (this.usedWeight > this.opts.weightLimitPerMinute) {
      this.stats.rest429Served++;
      const retry = Math.ceil((60_000 - (now % 60_000)) / 1000);
      send(res, 429, REST_ERRORS.tooMany(this.opts.weightLimitPerMinute), { ...headers, 'Retry-After': String(retry) });
      return;
    }
    switch (path) {
      case '/fapi/v1/ping':
        send(res, 200, {}, headers);
        return;
      case '/fapi/v1/time':
        send(res, 200, { serverTime: now }, headers);
        return;
      case '/fapi/v1/exchangeInfo':
        send(res, 200, this.exchangeInfo(now), headers);
        return;
      case '/fapi/v1/aggTrades':
        this.aggTrades(url.searchParams, now, res, headers);
        return;
      case '/fapi/v1/klines':
        this.klines(url.searchParams, res, headers);
        return;
      case '/fapi/v1/fundingRate':
        this.fundingRate(url.searchParams, now, res, headers);
        return;
    }
  }

  private fundingRate(q: URLSearchParams, now: number, res: ServerResponse, headers: Record<string, string>): void {
    // Binance answers every symbol's latest rates without a symbol; the backfill always names it.
    const r = this.rangeQuery(q, { defaultLimit: 100, maxLimit: 1000 });
    if ('error' in r) return send(res, 400, r.error, headers);
    send(res, 200, fundingRateRows(this.tape, r.symbol, r.start, r.end, r.limit, now), headers);
  }

  private klines(q: URLSearchParams, res: ServerResponse, headers: Record<string, string>): void {
    // Binance checks the interval right after the symbol, before the limit and the times.
    const symbol = q.get('symbol');
    if (symbol !== null && this.tape.has(symbol) && q.get('interval') !== '1m') return send(res, 400, { code: -1120, msg: 'Invalid interval.' }, headers);
    const r = this.rangeQuery(q, { defaultLimit: 500, maxLimit: 1500 });
    if ('error' in r) return send(res, 400, r.error, headers);
    send(res, 200, this.tape.klines(r.symbol, r.start, r.end, r.limit), headers);
  }

  /** The `symbol`, `limit`, `startTime` and `endTime` of a history request, checked as Binance does, or the error it answers. */
  private rangeQuery(q: URLSearchParams, limits: { readonly defaultLimit: number; readonly maxLimit: number }): { symbol: string; limit: number; start: number | null; end: number | null } | { error: unknown } {
    const symbol = q.get('symbol');
    if (symbol === null || symbol === '') return { error: REST_ERRORS.missingSymbol };
    if (!this.tape.has(symbol)) return { error: REST_ERRORS.invalidSymbol };
    const limitText = q.get('limit');
    const limit = limitText === null ? limits.defaultLimit : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > limits.maxLimit) return { error: { code: -1130, msg: "Data sent for paramter 'limit' is not valid." } };
    const time = (name: string): number | null | undefined => {
      const text = q.get(name);
      if (text === null) return null;
      return /^[0-9]{1,15}$/.test(text) ? Number(text) : undefined;
    };
    const start = time('startTime');
    const end = time('endTime');
    if (start === undefined || end === undefined) return { error: { code: -1100, msg: 'Illegal characters found in a parameter.' } };
    return { symbol, limit, start, end };
  }

  private aggTrades(q: URLSearchParams, now: number, res: ServerResponse, headers: Record<string, string>): void {
    const fault = this.injected[0];
    if (fault !== undefined) {
      fault.remaining--;
      if (fault.remaining <= 0) this.injected.shift();
      const retry = { ...headers, 'Retry-After': String(fault.retryAfterSeconds) };
      if (fault.status === 429) {
        this.stats.rest429Served++;
        send(res, 429, REST_ERRORS.tooMany(this.opts.weightLimitPerMinute), retry);
      } else {
        this.stats.rest418Served++;
        send(res, 418, REST_ERRORS.banned(now + fault.retryAfterSeconds * 1000), retry);
      }
      return;
    }
    const symbol = q.get('symbol');
    if (symbol === null || symbol === '') return send(res, 400, REST_ERRORS.missingSymbol, headers);
    const known = this.tape.has(symbol) || EXTRA_SYMBOLS.some((s) => s.symbol === symbol);
    if (!known) return send(res, 400, REST_ERRORS.invalidSymbol, headers);

    const limitText = q.get('limit');
    const limit = limitText === null ? 500 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return send(res, 400, REST_ERRORS.badLimit, headers);
    const fromIdText = q.get('fromId');
    const startText = q.get('startTime');
    const endText = q.get('endTime');
    if (fromIdText !== null && (startText !== null || endText !== null)) return send(res, 400, REST_ERRORS.mixedParams, headers);
    if (!this.tape.has(symbol)) return send(res, 200, [], headers);

    if (fromIdText !== null) {
      if (!/^[0-9]{1,20}$/.test(fromIdText)) return send(res, 400, REST_ERRORS.badFromId, headers);
      return send(res, 200, this.tape.fromId(symbol, Number(fromIdText), limit).map(restRow), headers);
    }
    if (startText !== null || endText !== null) {
      const start = startText === null ? Number(endText) - 3_600_000 + 1 : Number(startText);
      const end = endText === null ? start + 3_600_000 - 1 : Number(endText);
      if (!Number.isInteger(start) || !Number.isInteger(end) || end < start || end - start >= 3_600_000) {
        return send(res, 400, { code: -1127, msg: 'More than 1 hours between startTime and endTime.' }, headers);
      }
      return send(res, 200, this.tape.between(symbol, start, end, limit).map(restRow), headers);
    }
    send(res, 200, this.tape.latest(symbol, limit).map(restRow), headers);
  }

  private exchangeInfo(now: number): unknown {
    const taped = this.tape.symbols.map((symbol) => {
      const f = this.tape.filters(symbol);
      const base = symbol.endsWith('USDT') ? symbol.slice(0, -4) : symbol;
      return {
        symbol,
        pair: symbol,
        contractType: 'PERPETUAL',
        deliveryDate: 4133404800000,
        onboardDate: 1569398400000,
        status: this.opts.statusOf?.(symbol) ?? 'TRADING',
        baseAsset: base,
        quoteAsset: 'USDT',
        marginAsset: 'USDT',
        pricePrecision: f.pricePrecision,
        quantityPrecision: f.quantityPrecision,
        underlyingType: 'COIN',
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: f.tickSize, maxPrice: '4529764', tickSize: f.tickSize },
          { filterType: 'LOT_SIZE', minQty: f.stepSize, maxQty: '1000', stepSize: f.stepSize },
        ],
      };
    });
    const extra = EXTRA_SYMBOLS.map((s) => ({ ...s, quoteAsset: 'USDT', marginAsset: 'USDT', pricePrecision: 2, quantityPrecision: 3, filters: [] }));
    return {
      timezone: 'UTC',
      serverTime: now,
      futuresType: 'U_MARGINED',
      rateLimits: [
        { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: this.opts.weightLimitPerMinute },
        { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
      ],
      exchangeFilters: [],
      assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }],
      symbols: [...taped, ...extra],
    };
  }

  /** Binance's weight counter resets at each calendar minute. */
  private rollMinute(now: number): void {
    const minute = Math.floor(now / 60_000);
    if (minute !== this.minute) {
      this.minute = minute;
      this.usedWeight = 0;
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown | BinanceErrorBody, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
