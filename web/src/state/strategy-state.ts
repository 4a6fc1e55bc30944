/**
 * The paper strategies' slice of the dashboard store (`state.strategies`) and its one pure
 * reducer: the list as the server last sent it, kept live by the `strategy:<id>` pushes (each
 * push moves its strategy's position, metrics and equity on), the selected strategy, the
 * "Run live (paper)" request in flight, and, per strategy, the backtest report it was started
 * from, so its live equity can be drawn beside the backtest's. I/O is in strategy-feed.ts.
 * @module
 */

import type { BacktestBody, BacktestResponse } from '../../../src/server/dto/backtest-schemas';
import type { StrategyBody, StrategyDto, StrategyStreamMessage, StrategySummaryDto, StrategyTouchDto } from '../../../src/server/dto/strategy-schemas';

type EquityPoint = StrategyDto['equity'][number];

export interface StrategiesState {
  readonly phase: 'idle' | 'loading' | 'ready' | 'error';
  /** The list's last load failure, or a Flatten/Stop that failed. */
  readonly error: string | null;
  /** Newest first, as started. */
  readonly order: readonly string[];
  /** Each strategy; one known only from the list is flat with no trades until read (`detailed`). */
  readonly byId: Readonly<Record<string, StrategyDto>>;
  /** The strategies read whole at least once. */
  readonly detailed: Readonly<Record<string, true>>;
  readonly selected: string | null;
  /** Bumped when the selected strategy's equity is replaced wholesale, so its chart redraws with setData. */
  readonly generation: number;
  /** "Run live (paper)": `starting` while the POST is out; the started id or the server's message after. */
  readonly start: { readonly phase: 'idle' | 'starting' | 'started' | 'error'; readonly id: string | null; readonly error: string | null };
  /** The backtest each strategy was started from in this page, by strategy id. */
  readonly origins: Readonly<Record<string, BacktestResponse>>;
  /** The selected strategies' fills priced at the touch, as last read, by strategy id. */
  readonly touch: Readonly<Record<string, StrategyTouchDto>>;
}

export const initialStrategiesState: StrategiesState = {
  phase: 'idle',
  error: null,
  order: [],
  byId: {},
  detailed: {},
  selected: null,
  generation: 0,
  start: { phase: 'idle', id: null, error: null },
  origins: {},
  touch: {},
};

export type StrategyEvent =
  | { readonly type: 'loading' }
  | { readonly type: 'listed'; readonly items: readonly StrategySummaryDto[] }
  | { readonly type: 'list_failed'; readonly message: string }
  | { readonly type: 'loaded'; readonly strategy: StrategyDto }
  | { readonly type: 'touched'; readonly touch: StrategyTouchDto }
  | { readonly type: 'pushed'; readonly message: StrategyStreamMessage }
  | { readonly type: 'select'; readonly id: string | null }
  | { readonly type: 'starting' }
  | { readonly type: 'started'; readonly created: StrategySummaryDto; readonly origin: BacktestResponse | null }
  | { readonly type: 'start_failed'; readonly message: string }
  | { readonly type: 'action_failed'; readonly message: string };

/** A strategy known from its summary only (just created, or listed and not read yet): flat, no trades, no equity. */
export function freshStrategy(c: StrategySummaryDto): StrategyDto {
  return { ...c, position: { side: null, qy: 0, qx: 0, entryTime: null, entryY: null, entryX: null, unrealisedPnl: 0 }, trades: [], fills: [], divergences: [], equity: [], metrics: null, flattens: [], error: null };
}

/**
 * `equity` with `point` added: appended when later than the last point, replacing it at the
 * same time, dropped when earlier (a push that raced a full read).
 */
export function withEquityPoint(equity: EquityPoint[], point: EquityPoint): EquityPoint[] {
  const last = equity[equity.length - 1];
  if (last === undefined || point.time > last.time) return [...equity, point];
  if (point.time === last.time) return [...equity.slice(0, -1), point];
  return equity;
}

const orderOf = (items: readonly StrategySummaryDto[]): string[] => [...items].sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? -1 : 1)).map((s) => s.id);

export function strategyReducer(s: StrategiesState, e: StrategyEvent): StrategiesState {
  switch (e.type) {
    case 'loading':
      return { ...s, phase: s.phase === 'ready' ? 'ready' : 'loading' };
    case 'listed': {
      // A summary updates what was read of a strategy (its state, last bar), and keeps the rest.
      const byId: Record<string, StrategyDto> = {};
      for (const item of e.items) {
        const known = s.byId[item.id];
        byId[item.id] = known === undefined ? freshStrategy(item) : { ...known, ...item };
      }
      const selected = s.selected !== null && byId[s.selected] !== undefined ? s.selected : (orderOf(e.items)[0] ?? null);
      return { ...s, phase: 'ready', error: null, byId, order: orderOf(e.items), selected, generation: selected === s.selected ? s.generation : s.generation + 1 };
    }
    case 'list_failed':
      return { ...s, phase: s.phase === 'ready' ? 'ready' : 'error', error: e.message };
    case 'loaded': {
      const byId = { ...s.byId, [e.strategy.id]: e.strategy };
      return { ...s, byId, detailed: { ...s.detailed, [e.strategy.id]: true }, order: orderOf(Object.values(byId)), generation: e.strategy.id === s.selected ? s.generation + 1 : s.generation };
    }
    case 'touched':
      return { ...s, touch: { ...s.touch, [e.touch.id]: e.touch } };
    case 'pushed': {
      const m = e.message;
      const old = s.byId[m.id];
      if (old === undefined) return s;
      const next: StrategyDto = {
        ...old,
        state: m.state,
        position: m.position,
        metrics: m.metrics ?? old.metrics,
        equity: m.equity === null ? old.equity : withEquityPoint(old.equity, m.equity),
        lastBarStart: m.lastBarStart ?? old.lastBarStart,
      };
      return { ...s, byId: { ...s.byId, [m.id]: next } };
    }
    case 'select':
      return s.selected === e.id ? s : { ...s, selected: e.id, generation: s.generation + 1 };
    case 'starting':
      return { ...s, start: { phase: 'starting', id: null, error: null } };
    case 'started': {
      const byId = { ...s.byId, [e.created.id]: s.byId[e.created.id] ?? freshStrategy(e.created) };
      return {
        ...s,
        byId,
        order: orderOf(Object.values(byId)),
        selected: e.created.id,
        generation: s.generation + 1,
        start: { phase: 'started', id: e.created.id, error: null },
        origins: e.origin === null ? s.origins : { ...s.origins, [e.created.id]: e.origin },
      };
    }
    case 'start_failed':
      return { ...s, start: { phase: 'error', id: null, error: e.message } };
    case 'action_failed':
      return { ...s, error: e.message };
  }
}

/** The strategies in list order. */
export function strategyList(s: StrategiesState): StrategyDto[] {
  return s.order.map((id) => s.byId[id]).filter((x): x is StrategyDto => x !== undefined);
}

/**
 * The body that starts a strategy with a backtest's parameters, as the server filled them in:
 * everything but the range (a strategy runs from now on) and the curve's thinning. Kalman's
 * `delta` and `ve` go only with kalman, lot steps only when set. Funding goes as the backtest
 * booked it, so the live run books what the report did.
 */
export function strategyBodyOf(r: BacktestResponse['request']): StrategyBody {
  return { ...runBodyOf(r), ...(typeof r.funding === 'boolean' ? { funding: r.funding } : {}) };
}

/** The body of a run's echoed request, the range and funding aside (a backtest's and a strategy's echo alike). */
function runBodyOf(r: BacktestResponse['request'] | StrategyDto['request']): StrategyBody {
  return {
    y: r.y,
    x: r.x,
    tf: r.tf,
    method: r.method,
    ...(r.prices === 'log' ? { prices: 'log' as const } : {}),
    window: r.window,
    entry: r.entry,
    exit: r.exit,
    stop: r.stop,
    maxHoldBars: r.maxHoldBars,
    fill: r.fill as NonNullable<StrategyBody['fill']>,
    notional: r.notional,
    sizing: r.sizing as NonNullable<StrategyBody['sizing']>,
    feeBps: r.feeBps,
    slippageBps: r.slippageBps,
    capital: r.capital,
    ...lotStepOf(r.lotStepY, r.lotStepX),
    ...(r.method === 'kalman' ? { delta: r.delta, ve: r.ve } : {}),
  };
}

/** The request's `lotStep` from its two legs' steps: absent when neither has one, one number when both are the same. */
function lotStepOf(y: number | null, x: number | null): { lotStep?: number | { y: number; x: number } } {
  if (y === null && x === null) return {};
  return { lotStep: y === x && y !== null ? y : { y: y ?? 0, x: x ?? 0 } };
}

/** The parameters a strategy's request and a backtest's request share (the range aside). */
const PARAMETER_KEYS = ['y', 'x', 'tf', 'method', 'prices', 'window', 'entry', 'exit', 'stop', 'maxHoldBars', 'fill', 'notional', 'sizing', 'feeBps', 'slippageBps'] as const;
type Parameters = { readonly [K in (typeof PARAMETER_KEYS)[number]]?: string | number | null };

/** Whether a backtest ran with the parameters a strategy runs with (its range aside). */
export function sameParameters(a: Parameters, b: Parameters): boolean {
  return PARAMETER_KEYS.every((k) => (a[k] ?? null) === (b[k] ?? null));
}

/**
 * The backtest that reproduces a strategy: its request over `backtestRange` (from the warm-up's
 * first bar to its last traded bar), or null before its first bar. Run, its equity should lie
 * on the live one, which is the check that live and backtest agree.
 */
export function backtestBodyOf(s: StrategyDto): BacktestBody | null {
  if (s.backtestRange === null) return null;
  const r = s.request;
  return { ...runBodyOf(r), from: s.backtestRange.from, to: s.backtestRange.to, ...(r.funding === null ? {} : { funding: r.funding }) };
}
