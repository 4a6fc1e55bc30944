/**
 * The parameters of one pair backtest: the z-score rules (`StrategyRules`), how orders are
 * filled and charged (`ExecutionModel`), and their defaults and checks. Every failed check
 * names the field, so the API can answer 400 and the CLI exit 2 with the same message.
 * @module
 */

import { err, ok, type Result } from '../core/result.js';

export const FILL_TIMINGS = ['next_open', 'next_close'] as const;
/** When an order decided on bar t's close is filled: at bar t+1's open or at its close; never at t. */
export type FillTiming = (typeof FILL_TIMINGS)[number];

export const LEG_SIZINGS = ['dollar_neutral', 'beta'] as const;
/**
 * How a trade's notional is split between the legs: `dollar_neutral` puts half in each leg;
 * `beta` buys q units of y against β·q units of x with q·(P_y + |β|·P_x) = notional.
 */
export type LegSizing = (typeof LEG_SIZINGS)[number];

export interface StrategyRules {
  /** Enter when |z| > entry. */
  readonly entry: number;
  /** Exit when |z| < exit (0 ≤ exit < entry). */
  readonly exit: number;
  /** Stop out when z moves past ±stop against the position (stop > entry), or null. */
  readonly stop: number | null;
  /** Close a trade once it has been held this many bars, or null. */
  readonly maxHoldBars: number | null;
}

export interface ExecutionModel {
  readonly fill: FillTiming;
  /** Quote-currency gross notional of a trade, both legs together. */
  readonly notional: number;
  readonly sizing: LegSizing;
  /** Fee per leg and fill, in basis points of the executed notional. */
  readonly feeBps: number;
  /** Price concession per leg and fill, in basis points: buys pay more, sells get less. */
  readonly slippageBps: number;
  /** Quantity step of each leg (quantities are rounded down to it), or null for none. */
  readonly lotStepY: number | null;
  readonly lotStepX: number | null;
  /** Starting equity for returns; defaults to the notional (one unlevered trade). */
  readonly capital: number;
}

export type SimulationParams = StrategyRules & ExecutionModel;

/**
 * Binance USD-M regular-tier taker fee, 0.05 % (5 bps) a side; VIP 1 pays 4 bps. Market orders
 * are takers, and a backtest fills both legs at once, so taker is the honest default.
 */
export const DEFAULT_FEE_BPS = 5;
export const DEFAULT_SLIPPAGE_BPS = 1;
export const DEFAULT_NOTIONAL = 10_000;

export interface SimulationParamsInput {
  readonly entry: number;
  readonly exit: number;
  readonly stop?: number | null;
  readonly maxHoldBars?: number | null;
  readonly fill?: FillTiming;
  readonly notional?: number;
  readonly sizing?: LegSizing;
  readonly feeBps?: number;
  readonly slippageBps?: number;
  /** One step for both legs, or one per leg. */
  readonly lotStep?: number | { readonly y: number; readonly x: number } | null;
  readonly capital?: number;
}

const bad = (message: string): Result<SimulationParams> => err({ code: 'invalid_backtest', message });
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Checks the z-score rules alone (a sweep checks each grid point with it). */
export function checkRules(r: { entry: number; exit: number; stop?: number | null | undefined; maxHoldBars?: number | null | undefined }): string | null {
  if (!finite(r.entry) || !(r.entry > 0)) return `entry must be a number > 0 (got ${r.entry})`;
  if (!finite(r.exit) || !(r.exit >= 0)) return `exit must be a number ≥ 0 (got ${r.exit})`;
  if (!(r.exit < r.entry)) return `exit must be < entry (got exit ${r.exit}, entry ${r.entry})`;
  if (r.stop != null && (!finite(r.stop) || !(r.stop > r.entry))) return `stop must be > entry (got stop ${r.stop}, entry ${r.entry})`;
  if (r.maxHoldBars != null && (!Number.isInteger(r.maxHoldBars) || r.maxHoldBars < 1)) return `maxHoldBars must be an integer ≥ 1 (got ${r.maxHoldBars})`;
  return null;
}

/** Validates and fills in defaults. */
export function parseSimulationParams(input: SimulationParamsInput): Result<SimulationParams> {
  const rules = checkRules(input);
  if (rules !== null) return bad(rules);
  const fill = input.fill ?? 'next_open';
  if (!(FILL_TIMINGS as readonly string[]).includes(fill)) return bad(`fill must be one of ${FILL_TIMINGS.join(', ')} (got '${fill}')`);
  const sizing = input.sizing ?? 'dollar_neutral';
  if (!(LEG_SIZINGS as readonly string[]).includes(sizing)) return bad(`sizing must be one of ${LEG_SIZINGS.join(', ')} (got '${sizing}')`);
  const notional = input.notional ?? DEFAULT_NOTIONAL;
  if (!finite(notional) || !(notional > 0)) return bad(`notional must be a number > 0 (got ${notional})`);
  const feeBps = input.feeBps ?? DEFAULT_FEE_BPS;
  if (!finite(feeBps) || feeBps < 0 || feeBps >= 10_000) return bad(`feeBps must be in [0, 10000) (got ${feeBps})`);
  const slippageBps = input.slippageBps ?? DEFAULT_SLIPPAGE_BPS;
  if (!finite(slippageBps) || slippageBps < 0 || slippageBps >= 10_000) return bad(`slippageBps must be in [0, 10000) (got ${slippageBps})`);
  const capital = input.capital ?? notional;
  if (!finite(capital) || !(capital > 0)) return bad(`capital must be a number > 0 (got ${capital})`);
  const lot = input.lotStep ?? null;
  const lotStepY = lot === null ? null : typeof lot === 'number' ? lot : lot.y;
  const lotStepX = lot === null ? null : typeof lot === 'number' ? lot : lot.x;
  for (const [name, v] of [['lotStep (y)', lotStepY], ['lotStep (x)', lotStepX]] as const) {
    if (v !== null && (!finite(v) || !(v > 0))) return bad(`${name} must be a number > 0 (got ${v})`);
  }
  return ok({
    entry: input.entry,
    exit: input.exit,
    stop: input.stop ?? null,
    maxHoldBars: input.maxHoldBars ?? null,
    fill,
    notional,
    sizing,
    feeBps,
    slippageBps,
    lotStepY,
    lotStepX,
    capital,
  });
}
