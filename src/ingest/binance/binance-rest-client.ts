/**
 * `BinanceRestClient`: the REST calls ingestion needs, `GET /fapi/v1/aggTrades` (gap refill and
 * backfill, weight 20), `GET /fapi/v1/klines` (backfill, weight by `limit`),
 * `GET /fapi/v1/fundingRate` (backfill of funding rates) and
 * `GET /fapi/v1/exchangeInfo` (symbol validation). It honours `429`
 * and `418` with their `Retry-After`, retries network failures with backoff, and tracks the
 * used request weight (`X-MBX-USED-WEIGHT-1M`) to slow down before Binance has to say so.
 * @module
 */

import { TandemError } from '../../core/tandem-error.js';
import type { Tick } from '../../model/tick.js';
import { Backoff } from './backoff.js';
import { parseTradeFields } from './parse-agg-trade.js';
import { parseFundingRow, type ParsedFundingRate } from './parse-funding-rate.js';
import { klineWeight } from './parse-kline.js';
import { parseExchangeSymbols, type UsdmSymbolInfo } from './usdm-universe.js';

export interface RestClientOptions {
  readonly baseUrl: string;
  /** Attempts per call before giving up (default 6). */
  readonly maxAttempts?: number;
  /** Per-request timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** Told when Binance asks us to wait, for status. */
  readonly onBackoff?: (reason: string, waitMs: number) => void;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Used weight per minute above which a call waits `weightPauseMs` first (default 80% of
   * Binance's 2400). The backfill uses a lower one, to leave the live refill its share.
   */
  readonly weightThreshold?: number;
  /** How long a call waits when the used weight is above the threshold (default 2000 ms). */
  readonly weightPauseMs?: number;
  /** The per-minute weight limit (default Binance's 2400); a call that would pass 95 % of it waits for the next minute. */
  readonly weightLimit?: number;
  /** The clock the weight's minute is read on (default `Date.now`). */
  readonly now?: () => number;
}

/** Binance's request-weight budget per minute on USD-M Futures. */
const WEIGHT_LIMIT_1M = 2400;

export const abortableSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export class BinanceRestClient {
  private usedWeight: number | null = null;
  /** When `usedWeight` was reported: Binance's counter resets with each minute. */
  private weightAt = 0;
  private waits = 0;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly opts: RestClientOptions) {
    this.sleep = opts.sleep ?? abortableSleep;
  }

  /** The last `X-MBX-USED-WEIGHT-1M` Binance reported, or null. */
  weightUsed(): number | null {
    return this.usedWeight;
  }

  /** How many times a call waited because the used weight was above the threshold. */
  weightWaits(): number {
    return this.waits;
  }

  /**
   * 1m klines of `symbol` with open time in `[startTime, endTime]`, at most `limit` (≤ 1500),
   * as raw 12-column rows, oldest first.
   */
  async klines(symbol: string, startTime: number, endTime: number, limit: number, signal?: AbortSignal): Promise<unknown[]> {
    const body = await this.get(
      `/fapi/v1/klines?symbol=${encodeURIComponent(symbol)}&interval=1m&startTime=${startTime}&endTime=${endTime}&limit=${limit}`,
      signal,
      this.opts.maxAttempts ?? 6,
      klineWeight(limit),
    );
    if (!Array.isArray(body)) throw new TandemError('binance_rest', `klines for ${symbol} answered with ${typeof body}, not an array`);
    return body as unknown[];
  }

  /**
   * Funding settlements of `symbol` with funding time in `[startTime, endTime]`, the first
   * `limit` (≤ 1000) of them, oldest first. Binance limits this endpoint to 500 calls per 5 min
   * per IP apart from the request weight; one call covers 333 days of 8-hourly settlements.
   */
  async fundingRates(symbol: string, startTime: number, endTime: number, limit: number, signal?: AbortSignal): Promise<ParsedFundingRate[]> {
    const body = await this.get(`/fapi/v1/fundingRate?symbol=${encodeURIComponent(symbol)}&startTime=${startTime}&endTime=${endTime}&limit=${limit}`, signal, this.opts.maxAttempts ?? 6, 1);
    if (!Array.isArray(body)) throw new TandemError('binance_rest', `fundingRate for ${symbol} answered with ${typeof body}, not an array`);
    return body.map((row) => {
      const r = parseFundingRow(row, symbol);
      if (!r.ok) throw new TandemError(r.error.code, r.error.message);
      return r.value;
    });
  }

  /**
   * The id of the first aggregate trade of `symbol` at or after `startTime` (by time: the one
   * request that does not page by id), or null when none has happened since.
   */
  async firstTradeIdFrom(symbol: string, startTime: number, signal?: AbortSignal): Promise<number | null> {
    // One attempt, as for latestTradeId: offline, the start must not wait out six retries.
    const body = await this.get(`/fapi/v1/aggTrades?symbol=${encodeURIComponent(symbol)}&startTime=${startTime}&limit=1`, signal, 1);
    const row = Array.isArray(body) ? (body[0] as { a?: unknown } | undefined) : undefined;
    return typeof row?.a === 'number' && Number.isSafeInteger(row.a) ? row.a : null;
  }

  /** Up to `limit` (≤ 1000) aggregate trades of `symbol` from id `fromId`, ascending. */
  async aggTrades(symbol: string, fromId: number, limit = 1000, signal?: AbortSignal): Promise<Tick[]> {
    const body = await this.get(`/fapi/v1/aggTrades?symbol=${encodeURIComponent(symbol)}&fromId=${fromId}&limit=${limit}`, signal);
    if (!Array.isArray(body)) throw new TandemError('binance_rest', `aggTrades for ${symbol} answered with ${typeof body}, not an array`);
    return body.map((row: unknown, i) => {
      const r = typeof row === 'object' && row !== null ? parseTradeFields(row as Record<string, unknown>, symbol) : null;
      if (r === null || !r.ok) throw new TandemError('binance_rest', `aggTrades for ${symbol} row ${i}: ${r === null ? 'not an object' : r.error.message}`);
      return r.value;
    });
  }

  /** The id of the most recent aggregate trade of `symbol`, or null when it has none. */
  async latestTradeId(symbol: string, signal?: AbortSignal): Promise<number | null> {
    const body = await this.get(`/fapi/v1/aggTrades?symbol=${encodeURIComponent(symbol)}&limit=1`, signal, 1);
    const row = Array.isArray(body) ? (body[0] as { a?: unknown } | undefined) : undefined;
    return typeof row?.a === 'number' && Number.isSafeInteger(row.a) ? row.a : null;
  }

  /** Symbols of the exchange with their trading status (`TRADING`, `SETTLING`, ...). */
  async symbolStatuses(signal?: AbortSignal): Promise<Map<string, string>> {
    return new Map((await this.exchangeSymbols(signal)).map((s) => [s.symbol, s.status]));
  }

  /** Every symbol of `GET /fapi/v1/exchangeInfo` (weight 1) with its contract type, status and assets. */
  async exchangeSymbols(signal?: AbortSignal, attempts = 1): Promise<UsdmSymbolInfo[]> {
    const r = parseExchangeSymbols(await this.get('/fapi/v1/exchangeInfo', signal, attempts, 1));
    if (!r.ok) throw new TandemError(r.error.code, r.error.message);
    return r.value;
  }

  /**
   * Waits until a call of `weight` fits the minute's budget, then counts it as used before it is
   * sent, so calls made at once (a connection's symbols refilling together) see each other and do
   * not all pass on the same stale reading. Above `threshold` a call waits `pause` once (spreading
   * calls out); one that would take the IP past 95 % of `limit` waits for the next minute, as many
   * times as it takes. The reading counts only in the minute it was made: Binance's counter
   * starts again with each minute.
   */
  private async reserveWeight(weight: number, threshold: number, limit: number, pause: number, now: () => number, signal?: AbortSignal): Promise<void> {
    let paused = false;
    for (;;) {
      const t = now();
      const used = this.usedWeight !== null && sameMinute(t, this.weightAt) ? this.usedWeight : 0;
      if (used + weight > 0.95 * limit) {
        const wait = 60_000 - (t % 60_000) + 250;
        this.waits++;
        this.opts.onBackoff?.(`request weight ${used}/${limit} used this minute; waiting ${wait} ms for the next minute`, wait);
        await this.sleep(wait, signal);
        continue;
      }
      if (!paused && used + weight > threshold) {
        paused = true;
        this.waits++;
        this.opts.onBackoff?.(`request weight ${used}/${limit} used this minute; pausing ${pause} ms`, pause);
        await this.sleep(pause, signal);
        continue;
      }
      this.usedWeight = used + weight;
      this.weightAt = t;
      return;
    }
  }

  private async get(path: string, signal?: AbortSignal, attempts = this.opts.maxAttempts ?? 6, weight = 20): Promise<unknown> {
    const backoff = new Backoff({ baseMs: 500, capMs: 30_000 });
    const limit = this.opts.weightLimit ?? WEIGHT_LIMIT_1M;
    const threshold = this.opts.weightThreshold ?? 0.8 * limit;
    const pause = this.opts.weightPauseMs ?? 2000;
    const now = this.opts.now ?? Date.now;
    let lastError = '';
    for (let attempt = 0; attempt < attempts; attempt++) {
      await this.reserveWeight(weight, threshold, limit, pause, now, signal);
      let res: Response;
      try {
        res = await fetch(`${this.opts.baseUrl}${path}`, { signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(this.opts.timeoutMs ?? 10_000)]) : AbortSignal.timeout(this.opts.timeoutMs ?? 10_000) });
      } catch (e) {
        if (signal?.aborted) throw e;
        lastError = `Binance REST cannot be reached at ${this.opts.baseUrl}: ${e instanceof Error ? e.message : String(e)}`;
        const wait = backoff.next();
        this.opts.onBackoff?.(lastError, wait);
        if (attempt + 1 < attempts) await this.sleep(wait, signal);
        continue;
      }
      const reported = Number(res.headers.get('x-mbx-used-weight-1m'));
      if (Number.isFinite(reported) && res.headers.has('x-mbx-used-weight-1m')) {
        // Within a minute Binance's count only grows: a lower figure is an answer overtaken by
        // later calls (ours reserved, or counted already), not a reset.
        const t = now();
        this.usedWeight = sameMinute(t, this.weightAt) ? Math.max(this.usedWeight ?? 0, reported) : reported;
        this.weightAt = t;
      }
      if (res.status === 429 || res.status === 418) {
        const retryAfter = Number(res.headers.get('retry-after'));
        const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoff.next() + 1000;
        lastError = `Binance answered ${res.status} (${res.status === 418 ? 'IP banned for ignoring 429' : 'rate limited'}); waiting ${wait} ms as Retry-After says`;
        this.opts.onBackoff?.(lastError, wait);
        await res.body?.cancel();
        await this.sleep(wait, signal);
        continue;
      }
      if (res.status >= 500) {
        lastError = `Binance answered ${res.status} for ${path}`;
        await res.body?.cancel();
        const wait = backoff.next();
        this.opts.onBackoff?.(lastError, wait);
        await this.sleep(wait, signal);
        continue;
      }
      const text = await res.text();
      if (!res.ok) {
        let msg = text.slice(0, 200);
        try {
          msg = String((JSON.parse(text) as { msg?: unknown }).msg ?? msg);
        } catch {
          // keep the raw text
        }
        throw new TandemError('binance_rest', `Binance answered ${res.status} for ${path.split('?')[0]}: ${msg}`);
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new TandemError('binance_rest', `Binance answered non-JSON for ${path.split('?')[0]}: '${text.slice(0, 60)}'`);
      }
    }
    throw new TandemError('binance_unreachable', lastError || `Binance REST gave no answer for ${path.split('?')[0]}`);
  }
}

const sameMinute = (a: number, b: number): boolean => Math.floor(a / 60_000) === Math.floor(b / 60_000);
