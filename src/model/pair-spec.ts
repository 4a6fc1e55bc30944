/**
 * `PairSpec`: what a pair analysis is about. `y` is the dependent leg and `x` the independent
 * one (y = alpha + beta·x + e), both at one timeframe; `method` picks how the hedge ratio is
 * estimated and `window` is the rolling window in bars of the regression, the spread's z-score
 * and the correlation of log returns.
 * @module
 */

import { err, ok, type Result } from '../core/result.js';
import { parseSymbol } from './market-symbol.js';
import { parseTimeframe, type TimeframeSpec } from './timeframe.js';

/** Hedge-ratio estimators: rolling OLS, Huber and Theil-Sen refits on the window, a Kalman filter. */
export const HEDGE_METHODS = ['ols', 'huber', 'theilsen', 'kalman'] as const;
export type HedgeMethod = (typeof HEDGE_METHODS)[number];

/** Kalman defaults, as the `kalman_hedge` op (COMPUTE.md). */
/**
 * The price scale the hedge ratio and the spread are computed on. `raw`: price levels, so β is
 * units of x per unit of y and the spread is in y's quote currency (the default of pair
 * analytics, backtests and alerts, and what the `tandem compute` ops take). `log`: log prices,
 * so β is an elasticity (a 1 % move of x goes with β % of y), the spread is a log-price gap
 * and a change of regime shows in β instead of being absorbed by a price ratio (the
 * screener's default). The correlation is of log returns on either scale.
 */
export const PRICE_SCALES = ['raw', 'log'] as const;
export type PriceScale = (typeof PRICE_SCALES)[number];
export const DEFAULT_PRICE_SCALE: PriceScale = 'raw';

/** The price as the hedge regression sees it on `scale`. */
export function scalePrice(scale: PriceScale, price: number): number {
  return scale === 'log' ? Math.log(price) : price;
}

/** A column of prices on `scale` (the same array when `raw`). */
export function scalePrices(scale: PriceScale, prices: Float64Array): Float64Array {
  return scale === 'log' ? prices.map(Math.log) : prices;
}

export const DEFAULT_KALMAN_DELTA = 1e-4;
export const DEFAULT_KALMAN_VE = 1e-3;
export const DEFAULT_PAIR_WINDOW = 20;
export const MIN_PAIR_WINDOW = 2;
export const MAX_PAIR_WINDOW = 10_000;

export interface PairSpec {
  readonly y: string;
  readonly x: string;
  readonly tf: TimeframeSpec;
  readonly method: HedgeMethod;
  /** Rolling window in bars (regression, z-score, correlation). */
  readonly window: number;
  /** Kalman random-walk intensity, 0 < delta < 1. */
  readonly delta: number;
  /** Kalman observation noise variance, > 0. */
  readonly ve: number;
  /** The scale of the hedge regression and the spread. */
  readonly prices: PriceScale;
}

/** What the hedge ratio, the spread and the z-score of a pair depend on. */
export type HedgeSpec = Pick<PairSpec, 'method' | 'window' | 'delta' | 've' | 'tf' | 'prices'>;

export interface PairSpecInput {
  readonly y: string;
  readonly x: string;
  readonly tf: string;
  readonly method?: string;
  readonly window?: number;
  readonly delta?: number;
  readonly ve?: number;
  readonly prices?: string;
}

const bad = (message: string): Result<PairSpec> => err({ code: 'invalid_pair', message });

/** Validates and normalises a pair request; every failure names the field. */
export function parsePairSpec(input: PairSpecInput): Result<PairSpec> {
  const y = parseSymbol(input.y);
  if (!y.ok) return bad(`y: ${y.error.message}`);
  const x = parseSymbol(input.x);
  if (!x.ok) return bad(`x: ${x.error.message}`);
  if (y.value === x.value) return bad(`y and x are both ${y.value}; a pair needs two different symbols`);
  const tf = parseTimeframe(input.tf);
  if (!tf.ok) return bad(`tf: ${tf.error.message}`);
  const method = input.method ?? 'ols';
  if (!(HEDGE_METHODS as readonly string[]).includes(method)) return bad(`method '${method}' is not one of ${HEDGE_METHODS.join(', ')}`);
  const window = input.window ?? DEFAULT_PAIR_WINDOW;
  if (!Number.isInteger(window) || window < MIN_PAIR_WINDOW || window > MAX_PAIR_WINDOW) {
    return bad(`window must be an integer from ${MIN_PAIR_WINDOW} to ${MAX_PAIR_WINDOW} (got ${window})`);
  }
  const delta = input.delta ?? DEFAULT_KALMAN_DELTA;
  if (!(delta > 0 && delta < 1)) return bad(`delta must be in (0, 1) (got ${delta})`);
  const ve = input.ve ?? DEFAULT_KALMAN_VE;
  if (!(ve > 0 && Number.isFinite(ve))) return bad(`ve must be a number > 0 (got ${ve})`);
  const prices = input.prices ?? DEFAULT_PRICE_SCALE;
  if (!(PRICE_SCALES as readonly string[]).includes(prices)) return bad(`prices '${prices}' is not one of ${PRICE_SCALES.join(', ')}`);
  return ok({ y: y.value, x: x.value, tf: tf.value, method: method as HedgeMethod, window, delta, ve, prices: prices as PriceScale });
}

/**
 * The WebSocket channel of a pair: `pair:<Y>:<X>:<tf>:<method>:<window>`, plus `:log` on log
 * prices (raw prices keep the name they always had).
 */
export function pairChannelName(spec: Pick<PairSpec, 'y' | 'x' | 'tf' | 'method' | 'window' | 'prices'>): string {
  const base = `pair:${spec.y}:${spec.x}:${spec.tf.label}:${spec.method}:${spec.window}`;
  return spec.prices === 'log' ? `${base}:log` : base;
}

/** A key that tells two live pair analyses apart (the channel plus the Kalman parameters). */
export function pairKey(spec: PairSpec): string {
  return `${pairChannelName(spec)}:${spec.delta}:${spec.ve}`;
}
