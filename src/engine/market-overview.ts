/**
 * The Overview's per-symbol figures over the last `window` bars of a timeframe, and the
 * correlation views of several symbols. Formulas: docs/liquidity.md.
 * @module
 */

import { corrMatrix, type CorrBasis } from '../analytics/corr-matrix.js';
import { laggedCorrelation, type LaggedCorrelation } from '../analytics/lagged-correlation.js';
import { amihudIlliquidity, annualisedVolatility, realisedVolatility } from '../analytics/liquidity.js';
import { volumeSpikes } from '../analytics/volume-spikes.js';
import { TandemError } from '../core/tandem-error.js';
import type { Bar } from '../model/bar.js';
import type { Tick } from '../model/tick.js';
import { bucketStart, type TimeframeSpec } from '../model/timeframe.js';
import type { BarStore } from '../store/bar-store.js';
import type { TickStore } from '../store/tick-store.js';
import { queryBarHistory } from './bar-history.js';

export interface OverviewSources {
  readonly stores: { readonly ticks: TickStore; readonly bars: BarStore };
  readonly storedTimeframes: readonly TimeframeSpec[];
  readonly now: number;
}

export interface SymbolOverview {
  readonly symbol: string;
  readonly tf: string;
  /** Bars found in the window (at most `window`). */
  readonly bars: number;
  readonly firstStart: number | null;
  readonly last: number | null;
  readonly change: number | null;
  readonly changePct: number | null;
  readonly high: number | null;
  readonly low: number | null;
  readonly volume: number;
  readonly trades: number;
  readonly tradesPerSecond: number;
  readonly avgTradeSize: number | null;
  /** Σ(vwap·volume) / Σ volume over the window's bars. */
  readonly rollingVwap: number | null;
  /** VWAP since 00:00 UTC, from stored 1m bars. */
  readonly sessionVwap: number | null;
  /** Taker-buy and taker-sell volume over the last `imbalanceSpanMs` of ticks. */
  readonly buyVolume: number;
  readonly sellVolume: number;
  /** (buy − sell) / (buy + sell), in [−1, 1]; null without trades. */
  readonly imbalance: number | null;
  readonly imbalanceSpanMs: number;
  /** Mean Amihud illiquidity |r| / (vwap·volume) over the window's bars. */
  readonly amihud: number | null;
  /** √Σr² over the window's returns, and scaled to a 365-day year. */
  readonly realisedVol: number | null;
  readonly realisedVolAnnualised: number | null;
  /** Starts of the bars whose volume z-score (20-bar window) exceeds 3. */
  readonly volumeSpikes: number[];
  /** The last bar is a volume spike. */
  readonly spikeNow: boolean;
}

/** Longest stretch of ticks read for the buy/sell imbalance, so one request stays cheap. */
export const IMBALANCE_MAX_SPAN_MS = 15 * 60_000;
const SPIKE_WINDOW = 20;
const SPIKE_Z = 3;

async function windowBars(src: OverviewSources, symbol: string, tf: TimeframeSpec, window: number): Promise<Bar[]> {
  const from = bucketStart(src.now, tf.ms) - window * tf.ms;
  return queryBarHistory(src.stores, src.storedTimeframes, { symbol, tf, from, limit: window + 1 }, src.now);
}

const nanToNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export async function symbolOverview(src: OverviewSources, symbol: string, tf: TimeframeSpec, window: number): Promise<SymbolOverview> {
  const bars = (await windowBars(src, symbol, tf, window)).slice(-window);
  const n = bars.length;
  const close = bars.map((b) => b.close);
  const volume = bars.map((b) => b.volume);
  let vol = 0;
  let pv = 0;
  let trades = 0;
  let high = -Infinity;
  let low = Infinity;
  for (const b of bars) {
    vol += b.volume;
    pv += b.vwap * b.volume;
    trades += b.trades;
    high = Math.max(high, b.high);
    low = Math.min(low, b.low);
  }
  const amihud = n > 1 ? meanOfFinite(amihudIlliquidity(close, volume, bars.map((b) => b.vwap))) : Number.NaN;
  const rv = n > 1 ? realisedVolatility(close, n - 1)[n - 1]! : Number.NaN;
  const spikes = n > 2 ? volumeSpikes(volume, Math.min(SPIKE_WINDOW, n), SPIKE_Z).spikes.map((i) => bars[i]!.start) : [];
  const first = bars[0];
  const last = bars[n - 1];
  const flow = await tradeFlow(src.stores.ticks, symbol, Math.max(src.now - Math.min(window * tf.ms, IMBALANCE_MAX_SPAN_MS), 0), src.now);
  return {
    symbol,
    tf: tf.label,
    bars: n,
    firstStart: first?.start ?? null,
    last: last?.close ?? null,
    change: first && last ? last.close - first.open : null,
    changePct: first && last ? ((last.close - first.open) / first.open) * 100 : null,
    high: n > 0 ? high : null,
    low: n > 0 ? low : null,
    volume: vol,
    trades,
    tradesPerSecond: trades / ((window * tf.ms) / 1000),
    avgTradeSize: trades > 0 ? vol / trades : null,
    rollingVwap: vol > 0 ? pv / vol : null,
    sessionVwap: await sessionVwap(src, symbol),
    ...flow,
    amihud: nanToNull(amihud),
    realisedVol: nanToNull(rv),
    realisedVolAnnualised: nanToNull(annualisedVolatility(rv, Math.max(1, n - 1), tf.ms)),
    volumeSpikes: spikes,
    spikeNow: last !== undefined && spikes.at(-1) === last.start,
  };
}

function meanOfFinite(a: Float64Array): number {
  let s = 0;
  let k = 0;
  for (const v of a) {
    if (!Number.isFinite(v)) continue;
    s += v;
    k++;
  }
  return k > 0 ? s / k : Number.NaN;
}

/**
 * VWAP since 00:00 UTC: stored 1m bars, then the finest stored bars after the last of them
 * (the minute in progress), so it is current to the last final second.
 */
async function sessionVwap(src: OverviewSources, symbol: string): Promise<number | null> {
  const minute = src.storedTimeframes.find((t) => t.ms === 60_000);
  const finest = [...src.storedTimeframes].sort((a, b) => a.ms - b.ms)[0];
  let from: number = bucketStart(src.now, 86_400_000);
  let vol = 0;
  let pv = 0;
  const add = (bars: readonly Bar[]): void => {
    for (const b of bars) {
      vol += b.volume;
      pv += b.vwap * b.volume;
    }
  };
  if (minute !== undefined) {
    const bars = await src.stores.bars.queryBars({ symbol, tf: minute.label, from, limit: 1440 });
    add(bars);
    if (bars.length > 0) from = bars[bars.length - 1]!.start + minute.ms;
  }
  if (finest !== undefined && finest !== minute) add(await src.stores.bars.queryBars({ symbol, tf: finest.label, from, limit: 86_400 }));
  return vol > 0 ? pv / vol : null;
}

/**
 * Most ticks counted for the buy/sell imbalance. Reading a whole 15-minute span of a busy feed
 * (4.5 M ticks at 5,000 trades/s) in one synchronous go held the event loop for seconds on
 * every Overview refresh, which the latency benchmark showed as stalls of every live update
 * (docs/reliability.md); with more ticks than this in the span, the span shrinks to the most
 * recent ones, and `imbalanceSpanMs` says so.
 */
export const IMBALANCE_MAX_TICKS = 5_000;
/** Ticks read per query; the event loop serves live traffic between queries. */
const FLOW_PAGE = 1_000;

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Taker buy and sell volume from the ticks of [from, to), or of the shortest span ending at
 * `to` that holds the last `IMBALANCE_MAX_TICKS` ticks (all ticks of its first millisecond
 * included) when [from, to) holds more. A buyer-maker trade was a taker sell.
 */
async function tradeFlow(ticks: TickStore, symbol: string, from: number, to: number): Promise<Pick<SymbolOverview, 'buyVolume' | 'sellVolume' | 'imbalance' | 'imbalanceSpanMs'>> {
  let start = from;
  let rows: Tick[] = [];
  let after: { ts: number; tradeId: number } | undefined;
  /** Time of the newest tick read and then let go of, if any: the span must start after it. */
  let droppedTs = -Infinity;
  for (;;) {
    await yieldToLoop();
    const page = await ticks.queryTicks({ symbol, from: start, to, limit: FLOW_PAGE, ...(after ? { after } : {}) });
    for (const t of page) rows.push(t);
    if (page.length < FLOW_PAGE) break;
    const last = page[page.length - 1]!;
    after = { ts: last.ts, tradeId: last.tradeId };
    if (rows.length > 2 * IMBALANCE_MAX_TICKS || (rows.length === FLOW_PAGE && start === from)) {
      // Too dense to read all of: at the density of the last page, 90 % of the cap reaches
      // this far back from `to`. Jump there if that is ahead of where the reading is.
      const perMs = page.length / Math.max(1, last.ts - page[0]!.ts);
      const jump = Math.floor(to - (0.9 * IMBALANCE_MAX_TICKS) / perMs);
      if (jump > last.ts) {
        start = jump;
        rows = [];
        after = undefined;
      } else if (rows.length > 2 * IMBALANCE_MAX_TICKS) {
        droppedTs = rows[rows.length - IMBALANCE_MAX_TICKS - 1]!.ts;
        rows = rows.slice(rows.length - IMBALANCE_MAX_TICKS);
      }
    }
  }
  if (rows.length > IMBALANCE_MAX_TICKS || droppedTs >= start) {
    // Whole milliseconds only: every tick of the span's first millisecond is counted.
    const cut = Math.max(rows[Math.max(0, rows.length - IMBALANCE_MAX_TICKS)]?.ts ?? to, droppedTs + 1);
    start = cut;
    rows = rows.filter((t) => t.ts >= cut);
  }
  let buy = 0;
  let sell = 0;
  for (const t of rows) {
    if (t.buyerMaker) sell += t.qty;
    else buy += t.qty;
  }
  return { buyVolume: buy, sellVolume: sell, imbalance: buy + sell > 0 ? (buy - sell) / (buy + sell) : null, imbalanceSpanMs: to - start };
}

/** Closes of each symbol over the window, aligned on bar start; NaN where a symbol has no bar. */
async function alignedCloses(src: OverviewSources, symbols: readonly string[], tf: TimeframeSpec, window: number): Promise<{ starts: number[]; closes: Map<string, Float64Array> }> {
  const bySymbol = new Map<string, Map<number, number>>();
  const starts = new Set<number>();
  for (const s of symbols) {
    const m = new Map<number, number>();
    for (const b of (await windowBars(src, s, tf, window)).slice(-window)) {
      m.set(b.start, b.close);
      starts.add(b.start);
    }
    bySymbol.set(s, m);
  }
  const sorted = [...starts].sort((a, b) => a - b);
  const closes = new Map<string, Float64Array>();
  for (const s of symbols) closes.set(s, Float64Array.from(sorted, (t) => bySymbol.get(s)!.get(t) ?? Number.NaN));
  return { starts: sorted, closes };
}

export interface CorrelationView {
  readonly symbols: string[];
  /** Pearson correlations; null where undefined (a constant series). */
  readonly matrix: (number | null)[][];
  readonly nobs: number;
  readonly basis: CorrBasis;
}

/** Correlation matrix of `symbols` over the last `window` bars (rows missing any symbol dropped). */
export async function correlationView(src: OverviewSources, symbols: readonly string[], tf: TimeframeSpec, window: number, basis: CorrBasis): Promise<CorrelationView> {
  const { closes } = await alignedCloses(src, symbols, tf, window);
  const r = corrMatrix(closes, basis);
  return { symbols: r.names, matrix: r.matrix.map((row) => row.map(nanToNull)), nobs: r.nobs, basis };
}

/** Lagged correlation of the log returns of y and x over the last `window` bars. */
export async function laggedCorrelationView(src: OverviewSources, y: string, x: string, tf: TimeframeSpec, window: number, maxLag: number): Promise<LaggedCorrelation & { nobs: number }> {
  const { closes } = await alignedCloses(src, [x, y], tf, window);
  const rx = returnsWithGaps(closes.get(x)!);
  const ry = returnsWithGaps(closes.get(y)!);
  const nobs = rx.filter((v, i) => Number.isFinite(v) && Number.isFinite(ry[i]!)).length;
  if (nobs < maxLag + 3) throw new TandemError('insufficient_data', `lagged correlation of ${y} and ${x} at ${tf.label} needs at least ${maxLag + 3} bars where both traded, have ${nobs}`);
  const r = laggedCorrelation(rx, ry, maxLag);
  return { lags: r.lags, corr: r.corr, nobs };
}

/** Log returns of a close series with NaN gaps: a return next to a gap is NaN. */
function returnsWithGaps(close: Float64Array): Float64Array {
  const out = new Float64Array(close.length).fill(Number.NaN);
  for (let i = 1; i < close.length; i++) {
    // The same ln cₜ − ln cₜ₋₁ as `logReturns`, which would reject the NaN gaps.
    if (Number.isFinite(close[i]!) && Number.isFinite(close[i - 1]!)) out[i] = Math.log(close[i]!) - Math.log(close[i - 1]!);
  }
  return out;
}
