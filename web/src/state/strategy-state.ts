/**
 * The paper strategies' slice of the dashboard store (`state.strategies`) and its one pure
 * reducer: the list as the server last sent it, kept live by the `strategy:<id>` pushes (each
 * push moves its strategy's position, metrics and equity on), the selected strategy, the
 * "Run live (paper)" request in flight, and, per strategy, the backtest report it was started
 * from, so its live equity can be drawn beside the backtest's. I/O is in strategy-feed.ts.
 * @module
 */

import type { BacktestResponse } from '../../../src/server/dto/backtest-schemas';
import type { StrategyBody, StrategyCreatedDto, StrategyDto, StrategyEquityPointDto, StrategyStreamMessage } from '../api/strategy-contract';

export interface StrategiesState {
  readonly phase: 'idle' | 'loading' | 'ready' | 'error';
  /** The list's last load failure, or a Flatten/Stop that failed. */
  readonly error: string | null;
  /** Newest first, as started. */
  readonly order: readonly string[];
  readonly byId: Readonly<Record<string, StrategyDto>>;
  readonly selected: string | null;
  /** Bumped when the selected strategy's equity is replaced wholesale, so its chart redraws with setData. */
  readonly generation: number;
  /** "Run live (paper)": `starting` while the POST is out; the started id or the server's message after. */
  readonly start: { readonly phase: 'idle' | 'starting' | 'started' | 'error'; readonly id: string | null; readonly error: string | null };
  /** The backtest each strategy was started from in this page, by strategy id. */
  readonly origins: Readonly<Record<string, BacktestResponse>>;
}

export const initialStrategiesState: StrategiesState = {
  phase: 'idle',
  error: null,
  order: [],
  byId: {},
  selected: null,
  generation: 0,
  start: { phase: 'idle', id: null, error: null },
  origins: {},
};

export type StrategyEvent =
  | { readonly type: 'loading' }
  | { readonly type: 'listed'; readonly items: readonly StrategyDto[] }
  | { readonly type: 'list_failed'; readonly message: string }
  | { readonly type: 'loaded'; readonly strategy: StrategyDto }
  | { readonly type: 'pushed'; readonly message: StrategyStreamMessage }
  | { readonly type: 'select'; readonly id: string | null }
  | { readonly type: 'starting' }
  | { readonly type: 'started'; readonly created: StrategyCreatedDto; readonly origin: BacktestResponse | null }
  | { readonly type: 'start_failed'; readonly message: string }
  | { readonly type: 'action_failed'; readonly message: string };

/** A strategy the server has just created: flat, no trades, no equity yet. */
export function freshStrategy(c: StrategyCreatedDto): StrategyDto {
  return { ...c, lastBarStart: null, position: { side: null, qy: 0, qx: 0, entryTime: null, entryY: null, entryX: null, unrealisedPnl: 0 }, trades: [], equity: [], metrics: null };
}

/**
 * `equity` with `point` added: appended when later than the last point, replacing it at the
 * same time, dropped when earlier (a push that raced a full read).
 */
export function withEquityPoint(equity: readonly StrategyEquityPointDto[], point: StrategyEquityPointDto): readonly StrategyEquityPointDto[] {
  const last = equity[equity.length - 1];
  if (last === undefined || point.time > last.time) return [...equity, point];
  if (point.time === last.time) return [...equity.slice(0, -1), point];
  return equity;
}

const orderOf = (items: readonly StrategyDto[]): string[] => [...items].sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? -1 : 1)).map((s) => s.id);

export function strategyReducer(s: StrategiesState, e: StrategyEvent): StrategiesState {
  switch (e.type) {
    case 'loading':
      return { ...s, phase: s.phase === 'ready' ? 'ready' : 'loading' };
    case 'listed': {
      const byId: Record<string, StrategyDto> = {};
      for (const item of e.items) byId[item.id] = item;
      const selected = s.selected !== null && byId[s.selected] !== undefined ? s.selected : (orderOf(e.items)[0] ?? null);
      return { ...s, phase: 'ready', error: null, byId, order: orderOf(e.items), selected, generation: s.generation + 1 };
    }
    case 'list_failed':
      return { ...s, phase: s.phase === 'ready' ? 'ready' : 'error', error: e.message };
    case 'loaded': {
      const byId = { ...s.byId, [e.strategy.id]: e.strategy };
      return { ...s, byId, order: orderOf(Object.values(byId)), generation: e.strategy.id === s.selected ? s.generation + 1 : s.generation };
    }
    case 'pushed': {
      const m = e.message;
      const old = s.byId[m.id];
      if (old === undefined) return s;
      const next: StrategyDto = { ...old, position: m.position, metrics: m.metrics ?? old.metrics, equity: withEquityPoint(old.equity, m.equity), lastBarStart: Math.max(old.lastBarStart ?? m.equity.time, m.equity.time) };
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
 * everything but the range (a strategy runs from now on) and what only a finished run has
 * (capital, lot steps, the curve's thinning). Kalman's `delta` and `ve` go only with kalman.
 */
export function strategyBodyOf(r: BacktestResponse['request']): StrategyBody {
  return {
    y: r.y,
    x: r.x,
    tf: r.tf,
    method: r.method,
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
    ...(r.method === 'kalman' ? { delta: r.delta, ve: r.ve } : {}),
    ...(r.funding === undefined ? {} : { funding: r.funding }),
  };
}

/** Whether a backtest ran with the parameters a strategy runs with (its range aside). */
export function sameParameters(a: StrategyBody, b: StrategyBody): boolean {
  const keys: readonly (keyof StrategyBody)[] = ['y', 'x', 'tf', 'method', 'window', 'entry', 'exit', 'stop', 'maxHoldBars', 'fill', 'notional', 'sizing', 'feeBps', 'slippageBps'];
  return keys.every((k) => (a[k] ?? null) === (b[k] ?? null));
}
