/**
 * `KlineBackfill`: the history half of Binance's instant-on backfill (docs/architecture.md,
 * "Binance ingestion"). For each symbol it fetches the 1m klines of the lookback up to the start
 * of the current 5m bucket (whose trades come from aggTrades, so every forming bar is whole),
 * stores them as 1m bars of source `klines` and resamples them to the stored longer timeframes
 * (5m) with the bars' own bucketing. Kline bars only fill what is missing: minutes already
 * stored (from ticks, an import or an earlier backfill) are skipped, so a restart continues
 * where the last run stopped, and the store never lets a kline bar overwrite one built from
 * ticks. Calls go through a `BinanceRestClient` with a lower weight threshold than the live
 * refill's, so the live feed keeps its share of the per-minute budget. After a symbol's klines,
 * its funding rates of the lookback (`GET /fapi/v1/fundingRate`, 1,000 settlements a call) are
 * stored too when a funding store is given; stored rates are replaced, not skipped (a year is
 * two calls).
 * @module
 */

import type { Clock } from '../core/clock.js';
import { resampleBars } from '../bars/resample-bars.js';
import type { Bar } from '../model/bar.js';
import { bucketStart, type Timeframe, type TimeframeSpec } from '../model/timeframe.js';
import { MAX_KLINES_PER_REQUEST, parseKlineRow } from '../ingest/binance/parse-kline.js';
import type { ParsedFundingRate } from '../ingest/binance/parse-funding-rate.js';
import type { BarStore } from '../store/bar-store.js';
import type { FundingStore } from '../store/funding-store.js';

const MINUTE = 60_000;
/** Binance's most fundingRate rows a call. */
const MAX_FUNDING_PER_REQUEST = 1000;
/** The trades of the current bucket of this length come from aggTrades, not klines. */
export const TRADES_BUCKET_MS = 300_000;

/** What the backfill needs of the REST client. */
export interface KlineClient {
  klines(symbol: string, startTime: number, endTime: number, limit: number, signal?: AbortSignal): Promise<unknown[]>;
  fundingRates(symbol: string, startTime: number, endTime: number, limit: number, signal?: AbortSignal): Promise<ParsedFundingRate[]>;
  weightUsed(): number | null;
  weightWaits(): number;
}

export type BackfillState = 'pending' | 'running' | 'done' | 'error' | 'stopped';

/** Progress of one symbol's backfill, for status. */
export interface BackfillProgress {
  readonly state: BackfillState;
  /** Minutes of the lookback window (up to the current 5m bucket). */
  readonly minutesTotal: number;
  /** Minutes stored: present before this run plus fetched by it. */
  readonly minutesDone: number;
  /** Minutes that were already stored when this run began (skipped). */
  readonly minutesPresent: number;
  /** 1m bars written from klines by this run (minutes without trades give none). */
  readonly barsWritten: number;
  readonly requests: number;
  /** Calls that paused because the used request weight was above the backfill's threshold. */
  readonly weightWaits: number;
  readonly error: string | null;
}

export interface KlineBackfillOptions {
  readonly symbols: readonly string[];
  /** How far back, ms; minutes are whole (the start is rounded down to the minute). */
  readonly lookbackMs: number;
  readonly bars: BarStore;
  /** Where the lookback's funding rates go; none fetched without it. */
  readonly funding?: FundingStore;
  readonly client: KlineClient;
  readonly clock: Clock;
  /** The stored timeframes: 1m is written if stored, and every longer one that is a multiple of 1m. */
  readonly timeframes: readonly TimeframeSpec[];
  /** Klines per request (default and maximum 1500). */
  readonly pageSize?: number;
}

type Mutable = { -readonly [K in keyof BackfillProgress]: BackfillProgress[K] };

export class KlineBackfill {
  private readonly progressBySymbol = new Map<string, Mutable>();
  private readonly abort = new AbortController();
  private running: Promise<void> | null = null;
  /** Symbols not started yet, in order. */
  private readonly queue: string[] = [];
  private idle = true;

  constructor(private readonly opts: KlineBackfillOptions) {
    this.enqueue(opts.symbols);
  }

  /** Starts the backfill in the background; `done()` resolves when every symbol has finished. */
  start(): void {
    if (!this.idle || this.abort.signal.aborted) return;
    this.idle = false;
    this.running = this.runAll().finally(() => {
      this.idle = true;
      // Symbols added while the last one was finishing.
      if (this.queue.length > 0) this.start();
    });
  }

  /**
   * Backfills `symbols` too (a universe's listings), after those before them; symbols already
   * known are left alone. Starts a finished backfill again.
   */
  add(symbols: readonly string[]): void {
    this.enqueue(symbols);
    if (this.running !== null) this.start();
  }

  private enqueue(symbols: readonly string[]): void {
    for (const s of symbols) {
      if (this.progressBySymbol.has(s)) continue;
      this.progressBySymbol.set(s, { state: 'pending', minutesTotal: 0, minutesDone: 0, minutesPresent: 0, barsWritten: 0, requests: 0, weightWaits: 0, error: null });
      this.queue.push(s);
    }
  }

  async done(): Promise<void> {
    // A run may be followed by another for symbols added meanwhile.
    while (this.running !== null) {
      const r = this.running;
      await r;
      if (this.running === r && this.idle) return;
    }
  }

  /** Stops between requests; what was fetched is stored, a later run continues from there. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  progress(symbol: string): BackfillProgress | null {
    const p = this.progressBySymbol.get(symbol);
    return p === undefined ? null : { ...p };
  }

  private async runAll(): Promise<void> {
    // One symbol after another: the weight budget is per IP, so parallel symbols would not finish sooner.
    for (let symbol = this.queue.shift(); symbol !== undefined; symbol = this.queue.shift()) {
      const p = this.progressBySymbol.get(symbol)!;
      if (this.abort.signal.aborted) {
        p.state = 'stopped';
        continue;
      }
      p.state = 'running';
      try {
        await this.runSymbol(symbol, p);
        p.state = this.abort.signal.aborted ? 'stopped' : 'done';
      } catch (e) {
        p.state = this.abort.signal.aborted ? 'stopped' : 'error';
        if (!this.abort.signal.aborted) p.error = `backfill of ${symbol} failed: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
  }

  private async runSymbol(symbol: string, p: Mutable): Promise<void> {
    const now = this.opts.clock.now();
    const end = bucketStart(now, TRADES_BUCKET_MS);
    const start = Math.min(end, bucketStart(now - this.opts.lookbackMs, MINUTE));
    p.minutesTotal = (end - start) / MINUTE;
    const stored = await this.opts.bars.queryBars({ symbol, tf: '1m', from: start, to: end, limit: p.minutesTotal + 1 });
    const present = new Set(stored.map((b) => b.start));
    p.minutesPresent = present.size;
    p.minutesDone = present.size;
    const pageSize = Math.max(1, Math.min(MAX_KLINES_PER_REQUEST, this.opts.pageSize ?? MAX_KLINES_PER_REQUEST));
    for (const [from, to] of missingRuns(start, end, present)) {
      for (let a = from; a < to; a += pageSize * MINUTE) {
        if (this.abort.signal.aborted) return;
        const b = Math.min(to, a + pageSize * MINUTE);
        const minutes = (b - a) / MINUTE;
        const rows = await this.opts.client.klines(symbol, a, b - 1, minutes, this.abort.signal);
        p.requests++;
        p.weightWaits = this.opts.client.weightWaits();
        const bars: Bar[] = [];
        for (const row of rows) {
          const r = parseKlineRow(row, symbol, '1m' as Timeframe);
          if (!r.ok) throw new Error(r.error.message);
          if (r.value !== null && r.value.start >= a && r.value.start < b) bars.push(r.value);
        }
        await this.store(symbol, a, b, bars);
        p.barsWritten += bars.length;
        p.minutesDone += minutes;
      }
    }
    if (this.opts.funding !== undefined) await this.storeFunding(symbol, start, now, this.opts.funding);
  }

  /** Fetches and stores the funding settlements of `symbol` in `[from, to]`, 1,000 a call. */
  private async storeFunding(symbol: string, from: number, to: number, store: FundingStore): Promise<void> {
    for (let a = from; a <= to; ) {
      if (this.abort.signal.aborted) return;
      // Not counted in `requests`, which are the klines' (status shows the kline pages).
      const rows = await this.opts.client.fundingRates(symbol, a, to, MAX_FUNDING_PER_REQUEST, this.abort.signal);
      await store.upsertFunding(rows);
      if (rows.length < MAX_FUNDING_PER_REQUEST) return;
      a = rows[rows.length - 1]!.ts + 1;
    }
  }

  /** Writes the 1m bars of `[a, b)` and rebuilds the longer stored timeframes over the buckets they touch. */
  private async store(symbol: string, a: number, b: number, bars: readonly Bar[]): Promise<void> {
    const tfs = this.opts.timeframes;
    if (tfs.some((t) => t.label === '1m')) await this.opts.bars.upsertBars(bars, 'klines');
    for (const tf of tfs) {
      if (tf.ms <= MINUTE || tf.ms % MINUTE !== 0) continue;
      const from = bucketStart(a, tf.ms);
      const to = bucketStart(b - 1, tf.ms) + tf.ms;
      // Resample what is stored (ticks' bars and klines' alike), so a bucket half from each is whole.
      const ones = await this.opts.bars.queryBars({ symbol, tf: '1m', from, to, limit: (to - from) / MINUTE + 1 });
      await this.opts.bars.upsertBars(resampleBars(ones, tf.ms, tf.label), 'klines');
    }
  }
}

/** The runs of minutes in `[start, end)` not in `present`, as `[from, to)` pairs. */
export function missingRuns(start: number, end: number, present: ReadonlySet<number>): [number, number][] {
  const out: [number, number][] = [];
  let runStart: number | null = null;
  for (let m = start; m < end; m += MINUTE) {
    if (present.has(m)) {
      if (runStart !== null) out.push([runStart, m]);
      runStart = null;
    } else runStart ??= m;
  }
  if (runStart !== null) out.push([runStart, end]);
  return out;
}
