/**
 * Which stretch of history the tabs show, and where stored data is.
 *
 * The range picker offers the latest bars (the default: each chart's usual window, following
 * the live feed), a span ending at the latest data (last hour, day, week, or any span the user
 * reached by zooming out), all stored data, or fixed dates. A range resolves against the
 * symbols' stored coverage (`GET /api/coverage`), so it ends at the data that exists: the
 * latest stored bar when no feed is live (an import from last year), now when one is. Long
 * ranges are asked for at screen resolution (`maxPoints`), so a month of bars costs a chart
 * no more than an hour does.
 * @module
 */

import type { SymbolCoverage } from '../../../src/server/dto/api-schemas';
import type { DashboardState } from './dashboard-store';
import type { PairSelection } from './pair-selection';

/** The span presets the picker offers, by label. */
export const SPAN_PRESETS: readonly { readonly label: string; readonly ms: number }[] = [
  { label: '1h', ms: 3_600_000 },
  { label: '1d', ms: 86_400_000 },
  { label: '1w', ms: 7 * 86_400_000 },
];

export type HistoryRange =
  /** Each chart's own recent window, live. */
  | { readonly kind: 'latest' }
  /** The last `ms` of data, ending at the latest bar (now, when live). */
  | { readonly kind: 'span'; readonly ms: number }
  /** Everything stored. */
  | { readonly kind: 'all' }
  /** Fixed dates: `from` inclusive, `to` exclusive, epoch ms. Not live. */
  | { readonly kind: 'between'; readonly from: number; readonly to: number };

export const LATEST_RANGE: HistoryRange = { kind: 'latest' };

/** Stored bars of a symbol: starts of the first and the last (1m coverage). */
export type Coverage = Readonly<Record<string, Pick<SymbolCoverage, 'firstStart' | 'lastStart'>>>;

/** The timeframe whose coverage the dashboard reads: every source stores 1m bars. */
export const COVERAGE_TF = '1m';
const COVERAGE_TF_MS = 60_000;

/** End of a symbol's stored data: the end of its last 1m bar. */
export function coverageEnd(span: Coverage[string]): number {
  return span.lastStart + COVERAGE_TF_MS;
}

/** A leg's data is live when its last tick is this close to the server's now. */
const LIVE_WITHIN_MS = 10_000;

/** Concrete request bounds; `to` undefined means "up to now" (the feed is live). */
export interface ResolvedRange {
  readonly from: number;
  readonly to: number | undefined;
}

export interface RangeContext {
  /** The server's clock, ms. */
  readonly now: number;
  /** Each shown symbol's stored coverage, or undefined when it has no stored 1m bars. */
  readonly spans: readonly (Coverage[string] | undefined)[];
  /** Each shown symbol's last tick time from the status, if any. */
  readonly lastTicks: readonly (number | null | undefined)[];
}

/** True when every shown symbol has a tick within the last seconds: the range ends now. */
export function isLive(ctx: RangeContext): boolean {
  return ctx.lastTicks.length > 0 && ctx.lastTicks.every((t) => t != null && t >= ctx.now - LIVE_WITHIN_MS);
}

/**
 * End of the data the symbols have in common: now when live, else the end of the latest 1m
 * bar all of them have stored, else (no coverage) the latest of their last ticks, else now.
 */
export function dataEnd(ctx: RangeContext): number {
  if (isLive(ctx)) return ctx.now;
  const ends = ctx.spans.map((s) => (s === undefined ? null : coverageEnd(s)));
  if (ends.length > 0 && ends.every((e) => e !== null)) return Math.min(...(ends as number[]));
  const ticks = ctx.lastTicks.filter((t): t is number => t != null);
  return ticks.length > 0 ? Math.min(ctx.now, Math.max(...ticks) + 1) : ctx.now;
}

/** The first bar the symbols have in common, or null when one has no coverage. */
export function dataStart(ctx: RangeContext): number | null {
  if (ctx.spans.length === 0 || ctx.spans.some((s) => s === undefined)) return null;
  return Math.max(...ctx.spans.map((s) => (s as Coverage[string]).firstStart));
}

/**
 * The bounds `range` asks for in `ctx`, or null for `latest` (the chart's own window).
 * A span or `all` stays open-ended (`to` undefined) while the data is live, so live bars
 * keep arriving after it.
 *
 * @example
 * resolveRange({ kind: 'span', ms: 3_600_000 }, { now: 1e12, spans: [{ firstStart: 0, lastStart: 7_140_000 }], lastTicks: [null] })
 * // → { from: 3_600_000, to: 7_200_000 }
 */
export function resolveRange(range: HistoryRange, ctx: RangeContext): ResolvedRange | null {
  switch (range.kind) {
    case 'latest':
      return null;
    case 'between':
      return { from: range.from, to: range.to };
    case 'span':
    case 'all': {
      const live = isLive(ctx);
      const end = dataEnd(ctx);
      const start = dataStart(ctx) ?? 0;
      const from = range.kind === 'all' ? start : Math.max(0, end - range.ms);
      return { from: Math.min(from, end - 1), to: live ? undefined : end };
    }
  }
}

/**
 * The range after the user zoomed or scrolled out past the first loaded point (`loaded`:
 * starts of the first and last point on screen): a span twice as long as what is loaded, or
 * everything once that reaches the first stored bar. Fixed dates, `all`, a chart that already
 * starts within the first stored minute, and symbols without coverage stay as they are: there
 * is nothing more to load.
 */
export function widenRange(range: HistoryRange, loaded: { readonly first: number; readonly last: number }, ctx: RangeContext): HistoryRange {
  if (range.kind === 'between' || range.kind === 'all') return range;
  const start = dataStart(ctx);
  // Unknown coverage (a feed in its first minute) or a first point within the first stored
  // minute: nothing older to load. A young live chart starts left of its first bar by design.
  if (start === null || loaded.first < start + COVERAGE_TF_MS) return range;
  const loadedMs = dataEnd(ctx) - loaded.first;
  const ms = Math.max(2 * loadedMs, range.kind === 'span' ? 2 * range.ms : 0, SPAN_PRESETS[0]!.ms);
  if (start !== null && dataEnd(ctx) - ms <= start) return { kind: 'all' };
  return { kind: 'span', ms };
}

/** The points a chart asks for: its width in CSS pixels, within the API's bounds. */
export function screenPoints(width: number): number {
  return Math.min(4000, Math.max(200, Math.round(width)));
}

/** A short label of `range` for the picker: `latest`, `1d`, `36h`, `all`, or the dates. */
export function rangeLabel(range: HistoryRange): string {
  switch (range.kind) {
    case 'latest':
      return 'latest';
    case 'all':
      return 'all';
    case 'between':
      return `${new Date(range.from).toISOString().slice(0, 16).replace('T', ' ')} → ${new Date(range.to).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    case 'span': {
      const preset = SPAN_PRESETS.find((p) => p.ms === range.ms);
      if (preset !== undefined) return preset.label;
      const h = range.ms / 3_600_000;
      return h < 48 ? `${Math.round(h)}h` : `${Math.round(h / 24)}d`;
    }
  }
}

/**
 * The pair the Pair Analytics tab opens on when the address names none: `current` when both
 * its legs have data (stored or live), else the two stored symbols whose data ends latest
 * (ties by name), so a desk opened on imported history shows it at once. Null keeps `current`.
 */
export function storedPairDefault(current: PairSelection, coverage: Coverage, liveSymbols: readonly string[]): PairSelection | null {
  const has = (s: string) => coverage[s] !== undefined || liveSymbols.includes(s);
  if (has(current.y) && has(current.x)) return null;
  const stored = Object.entries(coverage).sort(([a, sa], [b, sb]) => sb.lastStart - sa.lastStart || a.localeCompare(b));
  if (stored.length < 2) return null;
  const [y, x] = [stored[0]![0], stored[1]![0]].sort();
  return { ...current, y: y!, x: x! };
}

/** The range context of `symbols` in the dashboard's state. */
export function rangeContextOf(state: Pick<DashboardState, 'status' | 'clockOffsetMs' | 'history'>, symbols: readonly string[], now = Date.now()): RangeContext {
  const coverage = state.history.coverage ?? {};
  return {
    now: now + state.clockOffsetMs,
    spans: symbols.map((s) => coverage[s]),
    lastTicks: symbols.map((s) => state.status?.symbols.find((x) => x.symbol === s)?.lastTickTs),
  };
}

/** Points for a chart as wide as the window (charts span most of it). */
export function viewportPoints(): number {
  return screenPoints(typeof window === 'undefined' ? 1000 : window.innerWidth);
}
