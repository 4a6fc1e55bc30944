/**
 * The arithmetic of the tick-to-chart latency benchmark, apart from its processes: which chart
 * update drew a trade, and the percentiles of the latencies.
 *
 * A trade is identified on the chart by its bar: the symbol's trades of one bucket arrive in
 * order, so the bar of bucket `start` with `trades = n` holds the bucket's first n trades, and
 * the first update of that bucket with `trades > index` (index = the trade's 0-based position
 * in its bucket) is the one that drew it.
 * @module
 */

export interface SentTrade {
  /** Start of the trade's bucket at the charted timeframe, epoch ms. */
  readonly start: number;
  /** 0-based position of the trade among its bucket's trades. */
  readonly index: number;
  /** When the frame left the exchange, wall ms on the sender's clock. */
  readonly sentAt: number;
}

export interface ChartMark {
  /** When the chart was updated, wall ms on the sender's clock (offset-corrected). */
  readonly at: number;
  readonly start: number;
  readonly trades: number;
}

export interface LatencySummary {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/**
 * Latency of each sent trade to the first chart update that includes it; trades no update
 * included are counted as `unmatched` (an update lost, or the run ended first).
 */
export function matchLatencies(sent: readonly SentTrade[], marks: readonly ChartMark[]): { latencies: number[]; unmatched: number } {
  // Per bucket, the marks in time order with the running maximum of their trade counts.
  const byStart = new Map<number, { at: number[]; maxTrades: number[] }>();
  for (const m of [...marks].sort((a, b) => a.at - b.at)) {
    let g = byStart.get(m.start);
    if (g === undefined) byStart.set(m.start, (g = { at: [], maxTrades: [] }));
    const prev = g.maxTrades[g.maxTrades.length - 1] ?? 0;
    g.at.push(m.at);
    g.maxTrades.push(Math.max(prev, m.trades));
  }
  const latencies: number[] = [];
  let unmatched = 0;
  for (const t of sent) {
    const g = byStart.get(t.start);
    const k = g === undefined ? -1 : firstAbove(g.maxTrades, t.index);
    if (g === undefined || k < 0) unmatched += 1;
    else latencies.push(g.at[k]! - t.sentAt);
  }
  return { latencies, unmatched };
}

/** Index of the first element of the non-decreasing `xs` greater than `v`, or -1. */
function firstAbove(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! > v) hi = mid;
    else lo = mid + 1;
  }
  return lo < xs.length ? lo : -1;
}

/** Nearest-rank percentile `p` (0-100) of ascending `sorted`; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarise(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
    mean: sorted.length === 0 ? Number.NaN : sorted.reduce((s, x) => s + x, 0) / sorted.length,
  };
}
