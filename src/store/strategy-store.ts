/**
 * `StrategyStore`: the port for paper strategies (docs/backtest.md, "Paper trading"): one row per
 * strategy (its request as JSON, state, times, the flattens asked) and its published fills.
 * Fills are unique on `(strategy_id, time, kind)` and inserted only where absent, so a fill
 * recomputed after a restart is never stored (nor published) twice; `insertFills` answers the
 * ones it actually inserted.
 * @module
 */

export type StrategyStateName = 'running' | 'stopped' | 'ruined';

export interface StrategyRow {
  readonly id: string;
  /** The request as given (`POST /api/strategies`'s body), JSON. */
  readonly request: unknown;
  readonly state: StrategyStateName;
  readonly startedAt: number;
  readonly warmupFrom: number;
  readonly stoppedAt: number | null;
  /** Start of the last bar traded on, or null before the first. */
  readonly lastBarStart: number | null;
  /** Starts of the bars at whose close a flatten was asked, ascending. */
  readonly flattens: readonly number[];
}

export type StrategyPatch = Partial<Pick<StrategyRow, 'state' | 'stoppedAt' | 'lastBarStart' | 'flattens'>>;

export interface StrategyFillRow {
  readonly strategyId: string;
  readonly time: number;
  readonly kind: 'entry' | 'exit';
  readonly side: 'long' | 'short';
  readonly signalTime: number;
  readonly priceY: number;
  readonly priceX: number;
  readonly qtyY: number;
  readonly qtyX: number;
  /** Exit reason (backtest `ExitReason`), null for an entry. */
  readonly reason: string | null;
  readonly netPnl: number | null;
  readonly publishedAt: number;
}

export interface StrategyStore {
  createStrategy(row: StrategyRow): Promise<void>;
  /** Every strategy, oldest first. */
  listStrategies(): Promise<StrategyRow[]>;
  getStrategy(id: string): Promise<StrategyRow | null>;
  updateStrategy(id: string, patch: StrategyPatch): Promise<void>;
  /** Inserts the fills not yet stored (by strategy, time and kind) in one transaction; answers those inserted, in order. */
  insertFills(fills: readonly StrategyFillRow[]): Promise<StrategyFillRow[]>;
  /** A strategy's fills, oldest first (exits before entries at one time). */
  queryFills(strategyId: string): Promise<StrategyFillRow[]>;
}

/** A row as the adapters read it (snake_case columns; bigint columns may come back as strings). */
export interface StrategyDbRow {
  id: string;
  request: string;
  state: string;
  started_at: number | string;
  warmup_from: number | string;
  stopped_at: number | string | null;
  last_bar_start: number | string | null;
  flattens: string;
}

export interface StrategyFillDbRow {
  strategy_id: string;
  time: number | string;
  kind: string;
  side: string;
  signal_time: number | string;
  price_y: number;
  price_x: number;
  qty_y: number;
  qty_x: number;
  reason: string | null;
  net_pnl: number | null;
  published_at: number | string;
}

const num = (v: number | string): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: number | string | null): number | null => (v === null ? null : num(v));

export function toStrategyRow(r: StrategyDbRow): StrategyRow {
  return {
    id: r.id,
    request: JSON.parse(r.request) as unknown,
    state: r.state as StrategyStateName,
    startedAt: num(r.started_at),
    warmupFrom: num(r.warmup_from),
    stoppedAt: numOrNull(r.stopped_at),
    lastBarStart: numOrNull(r.last_bar_start),
    flattens: JSON.parse(r.flattens) as number[],
  };
}

export function toFillRow(r: StrategyFillDbRow): StrategyFillRow {
  return {
    strategyId: r.strategy_id,
    time: num(r.time),
    kind: r.kind as StrategyFillRow['kind'],
    side: r.side as StrategyFillRow['side'],
    signalTime: num(r.signal_time),
    priceY: r.price_y,
    priceX: r.price_x,
    qtyY: r.qty_y,
    qtyX: r.qty_x,
    reason: r.reason,
    netPnl: r.net_pnl,
    publishedAt: num(r.published_at),
  };
}

/** The order fills are listed in: by time, an exit before an entry (a flip). */
export const FILL_ORDER_SQL = "ORDER BY time, CASE kind WHEN 'exit' THEN 0 ELSE 1 END";
