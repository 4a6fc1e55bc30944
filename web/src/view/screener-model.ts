/**
 * The Screener tab as plain data: the controls checked and turned into the `GET /api/screener`
 * query, which ranking the table shows (the live screener's when it was made with the
 * controls' settings, else the fetched one), the rows in the chosen order with their cells
 * formatted, the spread sparkline's points, and the sentence that says why the table is empty.
 * @module
 */

import { parseTimeframe } from '../../../src/model/timeframe';
import type { ScreenerItemDto, ScreenerQuery, ScreenerRanking } from '../../../src/server/dto/screener-schemas';
import type { ScreenerControls, ScreenerField, ScreenerSort, ScreenerSortKey, ScreenerState } from '../state/screener-state';
import { DASH, formatSpan } from './format';
import { formatPValue, formatSig, formatStat } from './pair-format';

/** Bounds of the query, as the server's schema has them (src/server/dto/screener-schemas.ts). */
export const MIN_SCREENER_LOOKBACK = 30;
export const MAX_SCREENER_LOOKBACK = 20_000;
export const MAX_SCREENER_LIMIT = 1000;
/** The server's prefilter when `minCorr` is left empty. */
export const DEFAULT_MIN_CORR = 0.5;

export type ScreenerQueryResult = { readonly ok: true; readonly query: ScreenerQuery } | { readonly ok: false; readonly errors: Partial<Record<ScreenerField, string>> };

const parseNumber = (text: string): number | null => (text.trim() === '' ? null : Number(text.trim()));

/**
 * The query the controls ask for, checked as the server would; each error names its field.
 *
 * @example
 * screenerQuery({ ...DEFAULT_SCREENER_CONTROLS, lookback: '10' })
 * // → { ok: false, errors: { lookback: 'lookback must be an integer from 30 to 20000 (got 10)' } }
 */
export function screenerQuery(c: ScreenerControls): ScreenerQueryResult {
  const errors: Partial<Record<ScreenerField, string>> = {};
  const tf = parseTimeframe(c.tf.trim());
  if (!tf.ok) errors.tf = `tf: ${tf.error.message}`;
  const integer = (field: 'lookback' | 'limit', min: number, max: number): number | undefined => {
    const v = parseNumber(c[field]);
    if (v === null) return undefined;
    if (!Number.isInteger(v) || v < min || v > max) errors[field] = `${field} must be an integer from ${min} to ${max} (got ${c[field].trim()})`;
    return v;
  };
  const lookback = integer('lookback', MIN_SCREENER_LOOKBACK, MAX_SCREENER_LOOKBACK);
  const limit = integer('limit', 1, MAX_SCREENER_LIMIT);
  const minCorr = parseNumber(c.minCorr);
  if (minCorr !== null && !(minCorr >= 0 && minCorr <= 1)) errors.minCorr = `minCorr must be a number from 0 to 1 (got ${c.minCorr.trim()})`;
  const minQuoteVolume = parseNumber(c.minQuoteVolume);
  if (minQuoteVolume !== null && !(Number.isFinite(minQuoteVolume) && minQuoteVolume >= 0)) errors.minQuoteVolume = `minQuoteVolume must be a number ≥ 0 (got ${c.minQuoteVolume.trim()})`;
  if (!tf.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    query: {
      tf: tf.value.label,
      prices: c.prices,
      ...(lookback === undefined ? {} : { lookback }),
      ...(limit === undefined ? {} : { limit }),
      ...(minCorr === null ? {} : { minCorr }),
      ...(minQuoteVolume === null ? {} : { minQuoteVolume }),
    },
  };
}

/** A stable key of a query: equal queries, equal keys. */
export function screenerQueryKey(q: ScreenerQuery): string {
  return [q.tf ?? '', q.lookback ?? '', q.limit ?? '', q.minCorr ?? '', q.prices ?? '', q.minQuoteVolume ?? ''].join('|');
}

const DEFAULT_LOOKBACK = 1440;
const DEFAULT_LIMIT = 50;

/**
 * True when the live screener's `ranking` answers `q`: same timeframe, lookback and prices,
 * the default prefilters (the ranking does not say which it used, and the live screener runs
 * with the defaults), and either at least `limit` items or every tested pair.
 */
export function liveAnswers(ranking: ScreenerRanking, q: ScreenerQuery): boolean {
  if (ranking.tf !== q.tf || ranking.lookback !== (q.lookback ?? DEFAULT_LOOKBACK) || ranking.prices !== (q.prices ?? 'log')) return false;
  if ((q.minCorr !== undefined && q.minCorr !== DEFAULT_MIN_CORR) || (q.minQuoteVolume !== undefined && q.minQuoteVolume !== 0)) return false;
  const limit = q.limit ?? DEFAULT_LIMIT;
  return ranking.items.length >= limit || ranking.items.length >= ranking.pairsTested;
}

export interface ShownRanking {
  readonly ranking: ScreenerRanking;
  readonly source: 'live' | 'fetched';
  readonly receivedAt: number;
  /** True when it answers other settings than the controls' (shown while theirs loads or they are corrected). */
  readonly stale: boolean;
}

/**
 * What the table shows for the current controls: the live ranking when it answers them and is
 * at least as recent as the fetched one (it is cut to `limit`), else the fetched ranking of
 * this query; else (while the controls' ranking loads, or a control is being corrected) the
 * last fetched ranking, marked stale; null when there is none yet.
 */
export function shownRanking(s: ScreenerState): ShownRanking | null {
  const parsed = screenerQuery(s.controls);
  const f = s.fetched;
  const last = f.value === null || f.receivedAt === null ? null : { ranking: f.value, source: 'fetched' as const, receivedAt: f.receivedAt };
  if (!parsed.ok) return last === null ? null : { ...last, stale: true };
  const q = parsed.query;
  const fetched = last !== null && f.valueKey === screenerQueryKey(q) ? last : null;
  const live = s.live !== null && liveAnswers(s.live.value, q) ? s.live : null;
  if (live !== null && (fetched === null || (live.value.asOf ?? -Infinity) >= (fetched.ranking.asOf ?? -Infinity))) {
    const limit = q.limit ?? DEFAULT_LIMIT;
    const ranking = live.value.items.length > limit ? { ...live.value, items: live.value.items.slice(0, limit) } : live.value;
    return { ranking, source: 'live', receivedAt: live.receivedAt, stale: false };
  }
  if (fetched !== null) return { ...fetched, stale: false };
  return last === null ? null : { ...last, stale: true };
}

export interface ScreenerColumn {
  readonly key: ScreenerSortKey;
  readonly label: string;
  readonly title: string;
  readonly numeric: boolean;
}

export const SCREENER_COLUMNS: readonly ScreenerColumn[] = [
  { key: 'pair', label: 'Pair (y / x)', title: 'y regressed on x; click a row to open it in Pair Analytics', numeric: false },
  { key: 'pvalue', label: 'p-value', title: 'Engle-Granger cointegration p-value (lower: more cointegrated)', numeric: true },
  { key: 'halfLife', label: 'Half-life', title: 'Bars for the spread to revert half way, and that time at the timeframe', numeric: true },
  { key: 'beta', label: 'Beta', title: 'OLS hedge ratio of y on x', numeric: true },
  { key: 'corr', label: 'Corr', title: 'Pearson correlation of the two price series', numeric: true },
  { key: 'hurst', label: 'Hurst', title: 'Hurst exponent of the spread (below 0.5: mean-reverting)', numeric: true },
  { key: 'z', label: 'z', title: 'z of the last spread value over the lookback; sorts by |z|', numeric: true },
  { key: 'betaStability', label: 'Stability', title: 'Coefficient of variation of beta over 4 sub-windows (lower: steadier)', numeric: true },
  { key: 'score', label: 'Score', title: 'Ranking score (higher is better)', numeric: true },
];

function sortValue(item: ScreenerItemDto, key: ScreenerSortKey): number | string | null {
  if (key === 'pair') return `${item.y}/${item.x}`;
  const v = key === 'z' ? (item.z === null ? null : Math.abs(item.z)) : item[key];
  return v === null || !Number.isFinite(v) ? null : v;
}

/** Indices of `items` in the order of `sort`; undefined values last either way, ties in the server's order. */
export function sortedItemIndices(items: readonly ScreenerItemDto[], sort: ScreenerSort): number[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return items
    .map((item, i) => ({ i, v: sortValue(item, sort.key) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v));
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((x) => x.i);
}

export interface ScreenerRow {
  /** `ETHUSDT/BTCUSDT`, unique within a ranking. */
  readonly id: string;
  /** Place in the server's ranking (1 = lowest p-value). */
  readonly rank: number;
  readonly y: string;
  readonly x: string;
  readonly cells: Readonly<Record<Exclude<ScreenerSortKey, 'pair'>, string>>;
  /** `stretched` when |z| ≥ 2, for the z cell's colour. */
  readonly zTone: 'stretched' | 'plain';
  /** `strong` when p < 0.01, `ok` below 0.05, else `weak`. */
  readonly pTone: 'strong' | 'ok' | 'weak';
  /** SVG polyline points of the spread in a 100 × 20 box, or '' when fewer than 2 points. */
  readonly spark: string;
  /** Height (0-20) of the spread's mean in the sparkline's box, or null. */
  readonly sparkMean: number | null;
}

/** Width and height of the sparkline's box (the SVG's viewBox). */
export const SPARK_W = 100;
export const SPARK_H = 20;

/** Polyline points of `values` scaled into the sparkline box (1 unit of margin above and below), and the mean's height. */
export function sparkline(values: readonly number[]): { readonly points: string; readonly mean: number | null } {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length < 2) return { points: '', mean: null };
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const range = hi - lo || 1;
  const yOf = (v: number) => SPARK_H - 1 - ((v - lo) / range) * (SPARK_H - 2);
  const step = SPARK_W / (finite.length - 1);
  const points = finite.map((v, i) => `${(i * step).toFixed(1)},${yOf(v).toFixed(1)}`).join(' ');
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  return { points, mean: Number(yOf(mean).toFixed(1)) };
}

/** `37.2 · 37m` (bars, then that time at `tfMs`); a dash when it does not revert. */
export function formatHalfLife(bars: number | null, tfMs: number): string {
  if (bars === null || !Number.isFinite(bars) || bars <= 0) return DASH;
  return `${formatSig(bars, 3)} · ${formatSpan(bars * tfMs)}`;
}

/** `v` with `d` decimals and a true minus sign (`−0.912`); a dash when undefined. */
const fixed = (v: number | null, d: number): string => (v === null || !Number.isFinite(v) ? DASH : v.toFixed(d).replace(/^-/, '\u2212'));

/** The table's rows for `ranking`, in the order of `sort`. */
export function screenerRows(ranking: ScreenerRanking, sort: ScreenerSort): ScreenerRow[] {
  const spec = parseTimeframe(ranking.tf);
  const tfMs = spec.ok ? spec.value.ms : 60_000;
  return sortedItemIndices(ranking.items, sort).map((i) => {
    const it = ranking.items[i] as ScreenerItemDto;
    const spark = sparkline(it.spread);
    return {
      id: `${it.y}/${it.x}`,
      rank: i + 1,
      y: it.y,
      x: it.x,
      cells: {
        pvalue: formatPValue(it.pvalue),
        halfLife: formatHalfLife(it.halfLife, tfMs),
        beta: formatSig(it.beta, 4),
        corr: fixed(it.corr, 3),
        hurst: fixed(it.hurst, 2),
        z: formatStat(it.z),
        betaStability: formatSig(it.betaStability, 2),
        score: formatSig(it.score, 3),
      },
      zTone: it.z !== null && Math.abs(it.z) >= 2 ? 'stretched' : 'plain',
      pTone: it.pvalue < 0.01 ? 'strong' : it.pvalue < 0.05 ? 'ok' : 'weak',
      spark: spark.points,
      sparkMean: spark.mean,
    };
  });
}

/**
 * Why a ranking has no rows, in words that say what is missing, or null when it has rows:
 * `need ≥ 2 symbols with bars at 1m over the last 1440 bars, at least 30 (only BTCUSDT has them); ...`. The
 * server screens a symbol when it has a bar at or before the first of the last `lookback`
 * buckets and bars in at least half of them (src/bars/universe-alignment.ts), and nothing while
 * fewer than 30 buckets are stored.
 */
export function emptyRankingMessage(r: ScreenerRanking, minCorr: number | undefined): string | null {
  if (r.items.length > 0) return null;
  if (r.symbols.length < 2) {
    const have = r.symbols.length === 1 ? `only ${r.symbols[0] ?? ''} has them` : 'no symbol has them';
    return `need ≥ 2 symbols with bars at ${r.tf} over the last ${r.lookback} bars, at least ${MIN_SCREENER_LOOKBACK} (${have}); import klines or let a source run longer`;
  }
  if (r.pairsTested === 0) return `no pair of the ${r.symbols.length} symbols passed the prefilter |corr| ≥ ${minCorr ?? DEFAULT_MIN_CORR}; lower minCorr`;
  return `no pair ranked among ${r.pairsTested} tested`;
}

/** `2026-12-04 09:05 UTC` of the last aligned bar, or a dash. */
export function formatAsOf(asOf: number | null): string {
  if (asOf === null) return DASH;
  return `${new Date(asOf).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
