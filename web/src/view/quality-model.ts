/**
 * The view model of the Data quality panel: per symbol, the feed's state and counters from
 * `status.symbols[].quality` (Binance), and whether to say that Binance cannot be reached.
 * Sources without a feed to watch (the simulator, a replay) report no quality: no panel.
 * @module
 */

import type { BackfillProgress, FeedQuality, Status } from '../../../src/server/dto/api-schemas';
import { DASH, formatCount, formatRate } from './format';
import type { Tone } from './status-model';

export interface QualityRow {
  readonly symbol: string;
  readonly state: FeedQuality['state'];
  readonly tone: Tone;
  readonly rate: string;
  readonly lagP50: string;
  readonly lagP99: string;
  readonly gaps: string;
  readonly refilled: string;
  readonly duplicates: string;
  readonly unrecovered: string;
  /** Trades lost for good: the one counter that must stay zero. */
  readonly lost: boolean;
  readonly malformed: string;
  readonly reconnects: string;
  /** The last reconnect reason, whole (the cell truncates it and shows it as a tooltip). */
  readonly reason: string;
  /** History backfill: `backfill 63% (1,812/2,880 min)`, `backfilled 2,880 min`, or a dash. */
  readonly backfill: string;
  /** Why the backfill failed, or null. */
  readonly backfillError: string | null;
  /** Something to look at: not live, trades lost, malformed frames, or a failed backfill. */
  readonly problem: boolean;
  /** The raw figures the columns sort by. */
  readonly sort: Readonly<Record<QualitySortKey, number | string>>;
}

/** The sortable columns. */
export type QualitySortKey = 'symbol' | 'state' | 'rate' | 'lagP50' | 'lagP99' | 'gaps' | 'refilled' | 'duplicates' | 'unrecovered' | 'malformed' | 'reconnects';
export type SortDirection = 'asc' | 'desc';

export interface QualityModel {
  readonly rows: readonly QualityRow[];
  /** `"Binance cannot be reached — retrying"` and why, while it cannot; else null. */
  readonly unreachable: { readonly title: string; readonly reason: string | null } | null;
  /** How many rows are problems. */
  readonly problems: number;
}

const STATE_TONES: Record<FeedQuality['state'], Tone> = { live: 'ok', connecting: 'warn', refilling: 'warn', stalled: 'bad', 'backing-off': 'bad' };

/** Lag in ms: `0.8`, `12`, `1,234`; a dash before the first message. */
export function formatLag(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return DASH;
  return ms < 10 ? ms.toFixed(1) : formatCount(Math.round(ms));
}

/**
 * A symbol's backfill in words: `backfill 63% (1,812/2,880 min)` while it runs (or waits its
 * turn), `backfilled 2,880 min` when done, `backfill failed at 40% …` or `stopped`; a dash when none ran.
 */
export function formatBackfill(p: BackfillProgress | null | undefined): string {
  if (p === null || p === undefined) return DASH;
  const pct = p.minutesTotal === 0 ? 100 : Math.floor((100 * p.minutesDone) / p.minutesTotal);
  const counts = `${formatCount(p.minutesDone)}/${formatCount(p.minutesTotal)} min`;
  switch (p.state) {
    case 'done':
      return `backfilled ${formatCount(p.minutesTotal)} min`;
    case 'error':
      return `backfill failed at ${pct}% (${counts})`;
    case 'stopped':
      return `backfill stopped at ${pct}% (${counts})`;
    default:
      return `backfill ${pct}% (${counts})`;
  }
}

function row(q: FeedQuality, backfill: BackfillProgress | null | undefined): QualityRow {
  return {
    symbol: q.symbol,
    state: q.state,
    tone: STATE_TONES[q.state],
    rate: formatRate(q.messagesPerSecond),
    lagP50: formatLag(q.lagP50Ms),
    lagP99: formatLag(q.lagP99Ms),
    gaps: formatCount(q.gapsDetected),
    refilled: formatCount(q.tradesRefilled),
    duplicates: formatCount(q.duplicatesDropped),
    unrecovered: formatCount(q.tradesUnrecovered),
    lost: q.tradesUnrecovered > 0,
    malformed: formatCount(q.malformedFrames),
    reconnects: formatCount(q.reconnects),
    reason: q.lastReconnectReason ?? DASH,
    backfill: formatBackfill(backfill),
    backfillError: backfill?.error ?? null,
    problem: q.state !== 'live' || q.tradesUnrecovered > 0 || q.malformedFrames > 0 || (backfill?.error ?? null) !== null,
    sort: {
      symbol: q.symbol,
      state: STATE_RANK[q.state],
      rate: q.messagesPerSecond,
      // Unknown lag sorts as the worst.
      lagP50: q.lagP50Ms ?? Infinity,
      lagP99: q.lagP99Ms ?? Infinity,
      gaps: q.gapsDetected,
      refilled: q.tradesRefilled,
      duplicates: q.duplicatesDropped,
      unrecovered: q.tradesUnrecovered,
      malformed: q.malformedFrames,
      reconnects: q.reconnects,
    },
  };
}

/** Worse states rank higher, so a descending sort puts them first. */
const STATE_RANK: Record<FeedQuality['state'], number> = { live: 0, connecting: 1, refilling: 2, stalled: 3, 'backing-off': 4 };

/**
 * The rows to show: only the problems when asked, sorted by `key` (ties by symbol, so the order
 * is stable from one status to the next). Returns a new array; `rows` is not changed.
 */
export function visibleQualityRows(rows: readonly QualityRow[], key: QualitySortKey, dir: SortDirection, problemsOnly: boolean): QualityRow[] {
  const out = problemsOnly ? rows.filter((r) => r.problem) : [...rows];
  const sign = dir === 'asc' ? 1 : -1;
  out.sort((a, b) => {
    const x = a.sort[key];
    const y = b.sort[key];
    const c = typeof x === 'number' && typeof y === 'number' ? (x === y ? 0 : x < y ? -1 : 1) : String(x).localeCompare(String(y));
    return c !== 0 ? sign * c : a.symbol.localeCompare(b.symbol);
  });
  return out;
}

/** Null when no symbol reports feed quality (the simulator, a replay, nothing running). */
export function qualityModel(status: Status | null): QualityModel | null {
  if (status === null) return null;
  const qualities = status.symbols.flatMap((s) => (s.quality === null ? [] : [s.quality]));
  const binance = status.source === 'binance' && (status.state === 'live' || status.state === 'starting');
  if (qualities.length === 0 && !(binance && status.reason !== null)) return null;
  // Offline: the source keeps retrying with backoff and says why in `reason`; a connection
  // backing off says why in its last reconnect reason. (An `error` state is a refusal, such
  // as an unknown symbol, and the status panel shows it.)
  const backingOff = qualities.find((q) => q.state === 'backing-off');
  const unreachable = binance && (status.reason !== null || backingOff !== undefined) ? { title: 'Binance cannot be reached — retrying', reason: status.reason ?? backingOff?.lastReconnectReason ?? null } : null;
  const backfills = new Map(status.symbols.map((s) => [s.symbol, s.backfill]));
  const rows = qualities.map((q) => row(q, backfills.get(q.symbol)));
  return { rows, unreachable, problems: rows.filter((r) => r.problem).length };
}
