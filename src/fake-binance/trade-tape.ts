/**
 * `TradeTape`: the fake exchange's record of truth. Per symbol, every aggregate trade it ever
 * produced, with consecutive aggregate ids, whether or not any client was sent it.
 *
 * Prices, sizes, times and the buyer-maker flag come from the simulator's `BasketModel`
 * (a cointegrated basket), one simulated trade per aggregate trade. The tape adds what Binance
 * adds: an aggregate id `a` per symbol (starting high, beyond 2³², so an int32 bug shows), the
 * raw trade ids `f..l` it merges (1 to 4 per aggregate), decimal strings for `p` and `q`, and an
 * event time `E` a few milliseconds after the trade time `T`.
 *
 * Time is data: `advanceTo(ms)` produces every trade before `ms`. The same seed and the same
 * sequence of `advanceTo` times give the same tape, which is how the recorded fixtures are made.
 * A pause shifts the model's clock, so resuming produces no burst for the paused time.
 * @module
 */
import { BasketModel, KNOWN_ASSETS } from '../ingest/simulator/basket-model.js';
import { SeededRandom } from '../ingest/simulator/random.js';
import { resampleOhlcv } from '../bars/resample-ohlcv.js';
import type { AggTrade } from './binance-protocol.js';

/** A kline as Binance sends it: `[openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBuyBase, takerBuyQuote, ignore]`. */
export type KlineRow = [number, string, string, string, string, string, number, string, number, string, string, string];

export interface TradeTapeOptions {
  readonly symbols: readonly string[];
  readonly seed: number;
  /** Epoch ms the tape starts at. */
  readonly startMs: number;
  /** Trades per second across all symbols. */
  readonly tradesPerSecond: number;
}

/** First aggregate id of the symbol at index k; symbols are 100 M ids apart so ids never collide. */
export function firstAggId(k: number): number {
  return 5_000_000_000 + k * 100_000_000;
}

/** First raw trade id of the symbol at index k. */
function firstRawId(k: number): number {
  return 7_000_000_000 + k * 400_000_000;
}

interface SymbolTape {
  readonly symbol: string;
  readonly priceDecimals: number;
  readonly qtyDecimals: number;
  readonly firstId: number;
  nextRawId: number;
  readonly trades: AggTrade[];
}

export class TradeTape {
  private readonly model: BasketModel;
  private readonly rng: SeededRandom;
  private readonly bySymbol = new Map<string, SymbolTape>();
  /** Milliseconds the model's clock lags the wall clock because of pauses. */
  private pausedTotalMs = 0;
  private pausedAt: number | null = null;
  /** The time the tape has been advanced to, in tape (wall) time. */
  private nowMs: number;

  constructor(opts: TradeTapeOptions) {
    if (opts.symbols.length === 0) throw new Error('TradeTape needs at least one symbol');
    for (const s of opts.symbols) {
      if (!/^[A-Z0-9]{2,20}$/.test(s)) throw new Error(`TradeTape: symbol '${s}' is not upper-case alphanumeric like BTCUSDT`);
    }
    this.model = new BasketModel({ symbols: opts.symbols, seed: opts.seed, startMs: opts.startMs, tradesPerSecond: opts.tradesPerSecond });
    this.rng = new SeededRandom((opts.seed ^ 0x5f3759df) >>> 0);
    this.nowMs = opts.startMs;
    opts.symbols.forEach((symbol, k) => {
      const spec = KNOWN_ASSETS[symbol];
      this.bySymbol.set(symbol, {
        symbol,
        // Binance writes USDⓈ-M prices with at least two decimals ("97012.30"), quantities with the lot step's.
        priceDecimals: Math.max(2, decimalsOf(spec?.tickSize ?? 0.001)),
        qtyDecimals: decimalsOf(spec?.lotStep ?? 0.1),
        firstId: firstAggId(k),
        nextRawId: firstRawId(k),
        trades: [],
      });
    });
  }

  get symbols(): string[] {
    return [...this.bySymbol.keys()];
  }

  /** Every trade of `symbol` so far, oldest first (ids consecutive). Empty for an unknown symbol. */
  trades(symbol: string): readonly AggTrade[] {
    return this.bySymbol.get(symbol)?.trades ?? [];
  }

  has(symbol: string): boolean {
    return this.bySymbol.has(symbol);
  }

  /** The aggregate id the next trade of `symbol` will get. */
  nextId(symbol: string): number {
    const t = this.tape(symbol);
    return t.firstId + t.trades.length;
  }

  get paused(): boolean {
    return this.pausedAt !== null;
  }

  pause(nowMs: number): void {
    if (this.pausedAt === null) this.pausedAt = Math.max(nowMs, this.nowMs);
  }

  resume(nowMs: number): void {
    if (this.pausedAt === null) return;
    this.pausedTotalMs += Math.max(0, nowMs - this.pausedAt);
    this.pausedAt = null;
    this.nowMs = Math.max(this.nowMs, nowMs);
  }

  /** Produces every trade before `untilMs` (none while paused), appends them, and returns them in time order. */
  advanceTo(untilMs: number): AggTrade[] {
    if (this.pausedAt !== null || untilMs <= this.nowMs) return [];
    this.nowMs = untilMs;
    const ticks = this.model.advanceTo(untilMs - this.pausedTotalMs);
    const out: AggTrade[] = [];
    for (const tick of ticks) {
      const tape = this.tape(tick.symbol);
      const a = tape.firstId + tape.trades.length;
      const merged = 1 + Math.floor(this.rng.uniform() * this.rng.uniform() * 4);
      const f = tape.nextRawId;
      tape.nextRawId += merged;
      const T = tick.ts + this.pausedTotalMs;
      // Event time: a few ms of matching-engine latency, never after the moment of production.
      const E = Math.min(T + 1 + (a % 5), untilMs);
      const trade: AggTrade = {
        s: tick.symbol,
        a,
        p: tick.price.toFixed(tape.priceDecimals),
        q: tick.qty.toFixed(tape.qtyDecimals),
        f,
        l: f + merged - 1,
        T,
        E: Math.max(E, T),
        m: tick.buyerMaker,
      };
      tape.trades.push(trade);
      out.push(trade);
    }
    return out;
  }

  /**
   * `GET /fapi/v1/aggTrades` over the tape: from `fromId` inclusive (an id below the tape's
   * start reads from the start, one beyond its end gives []), at most `limit` rows.
   */
  fromId(symbol: string, fromId: number, limit: number): readonly AggTrade[] {
    const t = this.tape(symbol);
    const start = Math.max(0, fromId - t.firstId);
    return t.trades.slice(start, start + limit);
  }

  /** The most recent `limit` trades (aggTrades without fromId or times). */
  latest(symbol: string, limit: number): readonly AggTrade[] {
    const t = this.tape(symbol).trades;
    return t.slice(Math.max(0, t.length - limit));
  }

  /** Trades with `startTime ≤ T ≤ endTime`, at most `limit`, oldest first. */
  between(symbol: string, startTime: number, endTime: number, limit: number): readonly AggTrade[] {
    const trades = this.tape(symbol).trades;
    let lo = 0;
    let hi = trades.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (trades[mid]!.T < startTime) lo = mid + 1;
      else hi = mid;
    }
    const out: AggTrade[] = [];
    for (let i = lo; i < trades.length && out.length < limit && trades[i]!.T <= endTime; i++) out.push(trades[i]!);
    return out;
  }

  /**
   * `GET /fapi/v1/klines?interval=1m` over the tape: the 1m resample of its trades (the forming
   * minute included), in Binance's 12-column layout with decimal strings, for minutes with
   * open time in `[startTime, endTime]`, at most `limit`, oldest first (with neither bound, the
   * latest `limit`). Minutes without trades are left out (Binance lists them with volume 0).
   */
  klines(symbol: string, startTime: number | null, endTime: number | null, limit: number): KlineRow[] {
    const tape = this.tape(symbol);
    const trades = tape.trades;
    const from = startTime === null ? -Infinity : Math.ceil(startTime / 60_000) * 60_000;
    const until = endTime === null ? Infinity : Math.floor(endTime / 60_000) * 60_000 + 60_000;
    let lo = 0;
    let hi = trades.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (trades[mid]!.T < from) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < trades.length && trades[end]!.T < until) end++;
    const slice = trades.slice(lo, end);
    const cols = resampleOhlcv(
      slice.map((t) => t.T),
      slice.map((t) => Number(t.p)),
      slice.map((t) => Number(t.q)),
      60_000,
    );
    const takerBuy = new Map<number, { base: number; quote: number }>();
    for (const t of slice) {
      if (t.m) continue;
      const m = Math.floor(t.T / 60_000) * 60_000;
      const acc = takerBuy.get(m) ?? { base: 0, quote: 0 };
      acc.base += Number(t.q);
      acc.quote += Number(t.p) * Number(t.q);
      takerBuy.set(m, acc);
    }
    const px = (v: number): string => v.toFixed(tape.priceDecimals);
    const q = (v: number): string => v.toFixed(tape.qtyDecimals);
    const rows: KlineRow[] = Array.from(cols.ts, (open, i) => [
      open,
      px(cols.open[i]!),
      px(cols.high[i]!),
      px(cols.low[i]!),
      px(cols.close[i]!),
      q(cols.volume[i]!),
      open + 59_999,
      String(cols.vwap[i]! * cols.volume[i]!),
      cols.count[i]!,
      q(takerBuy.get(open)?.base ?? 0),
      String(takerBuy.get(open)?.quote ?? 0),
      '0',
    ]);
    return startTime === null ? rows.slice(Math.max(0, rows.length - limit)) : rows.slice(0, limit);
  }

  /** Exchange metadata of a symbol for exchangeInfo. */
  filters(symbol: string): { tickSize: string; stepSize: string; pricePrecision: number; quantityPrecision: number } {
    const spec = KNOWN_ASSETS[symbol];
    const tape = this.tape(symbol);
    return {
      tickSize: String(spec?.tickSize ?? 0.001),
      stepSize: String(spec?.lotStep ?? 0.1),
      pricePrecision: tape.priceDecimals,
      quantityPrecision: tape.qtyDecimals,
    };
  }

  private tape(symbol: string): SymbolTape {
    const t = this.bySymbol.get(symbol);
    if (t === undefined) throw new Error(`TradeTape: unknown symbol '${symbol}'`);
    return t;
  }
}

function decimalsOf(step: number): number {
  const s = String(step);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}
