/**
 * `computePairTests`: the periodic statistics of a pair over its last `lookback` aligned bars —
 * ADF on the spread, the Engle-Granger test of y on x, the OLS hedge ratio with its standard
 * error, the spread's half-life, Hurst exponent, mean and std — and its cointegration health
 * (`pair-health.ts`). Pure and synchronous: the live engine runs it on a worker thread
 * (`pair-tests-thread.ts`) and the REST route through the same worker, so both give the same
 * numbers and the same numbers as `tandem compute` on the same arrays.
 * @module
 */

import { adf } from '../analytics/adf.js';
import { coint } from '../analytics/coint.js';
import { halflife } from '../analytics/halflife.js';
import { hurst } from '../analytics/hurst.js';
import { ols } from '../analytics/ols.js';
import type { CriticalValues } from '../analytics/mackinnon.js';
import { classifyHealth, HEALTH_RULES, type HealthWindow, type PairHealth } from './pair-health.js';
import { scalePrices, type PriceScale } from '../model/pair-spec.js';

/** Default bars the tests look back over, and the most a request may ask for (a day of 1 s bars). */
export const DEFAULT_TEST_LOOKBACK = 1000;
export const MAX_TEST_LOOKBACK = 86_400;
/** Fewest bars the tests run on. */
export const MIN_TEST_BARS = 20;
/** Largest Hurst lag (the `hurst` op's default). */
const HURST_MAX_LAG = 100;

export interface PairTestsRequest {
  /** Bar starts, closes and the method's spread, oldest first (the retained series). */
  readonly start: Float64Array;
  readonly y: Float64Array;
  readonly x: Float64Array;
  readonly spread: Float64Array;
  readonly tfMs: number;
  readonly lookback: number;
  /** The scale the Engle-Granger test and its OLS run on (`log`: log prices), the spread's own. */
  readonly prices: PriceScale;
}

export interface PairTests {
  /** Start of the last bar the tests saw, epoch ms. */
  readonly asOf: number;
  /** Bars the tests ran on. */
  readonly bars: number;
  readonly adf: { readonly stat: number; readonly pvalue: number; readonly usedLag: number; readonly nobs: number; readonly crit: CriticalValues } | null;
  readonly coint: { readonly stat: number; readonly pvalue: number; readonly usedLag: number; readonly crit: CriticalValues } | null;
  /** OLS of y on x over the lookback: the static hedge ratio with standard errors. */
  readonly hedge: { readonly beta: number; readonly alpha: number; readonly betaSe: number; readonly alphaSe: number; readonly r2: number } | null;
  /** Half-life of the spread in bars and in ms; null values when it does not mean-revert. */
  readonly halflife: { readonly lambda: number; readonly bars: number | null; readonly ms: number | null } | null;
  readonly hurst: { readonly value: number; readonly maxLag: number } | null;
  readonly spreadMean: number | null;
  readonly spreadStd: number | null;
  readonly health: PairHealth | null;
  /** Why a statistic is missing (too few bars, a degenerate series). */
  readonly notes: readonly string[];
}

function attempt<T>(what: string, notes: string[], fn: () => T): T | null {
  try {
    return fn();
  } catch (e) {
    notes.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

/** The trailing run of finite values of `s[from..to)`: [start, to). */
function finiteTail(s: Float64Array, from: number, to: number): number {
  let i = to;
  while (i > from && Number.isFinite(s[i - 1]!)) i--;
  return i;
}

/** Sample mean and std (ddof 1) of a view. */
function meanStd(s: Float64Array): { mean: number; std: number } {
  const n = s.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i]!;
  const m = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (s[i]! - m) ** 2;
  return { mean: m, std: n > 1 ? Math.sqrt(ss / (n - 1)) : Number.NaN };
}

/** Bars between the ends of consecutive health windows. */
export function healthStride(lookback: number): number {
  return Math.max(1, Math.ceil(lookback / HEALTH_RULES.windows));
}

/** Bars the tests and the whole health view need retained. */
export function testBarsNeeded(lookback: number): number {
  return lookback + (HEALTH_RULES.windows - 1) * healthStride(lookback);
}

/** One health window: EG p-value, OLS beta and the half-life of the OLS residual on y, x[from..to). */
function healthWindow(req: PairTestsRequest, from: number, to: number): HealthWindow {
  const y = req.y.subarray(from, to);
  const x = req.x.subarray(from, to);
  let pvalue: number | null = null;
  let beta: number | null = null;
  let hl: number | null = null;
  try {
    const c = coint(y, x);
    pvalue = c.pvalue;
    beta = c.slope;
    const resid = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) resid[i] = y[i]! - c.intercept - c.slope * x[i]!;
    hl = halflife(resid).halflife;
  } catch {
    // A degenerate window: its fields stay null and the health rules say so.
  }
  return { end: req.start[to - 1]!, bars: to - from, pvalue, beta, halflife: hl };
}

export function computePairTests(request: PairTestsRequest): PairTests {
  const req = { ...request, y: scalePrices(request.prices, request.y), x: scalePrices(request.prices, request.x) };
  const n = req.y.length;
  const notes: string[] = [];
  const from = Math.max(0, n - req.lookback);
  const bars = n - from;
  const empty: PairTests = { asOf: n > 0 ? req.start[n - 1]! : Number.NaN, bars, adf: null, coint: null, hedge: null, halflife: null, hurst: null, spreadMean: null, spreadStd: null, health: null, notes };
  if (bars < MIN_TEST_BARS) {
    notes.push(`the tests need at least ${MIN_TEST_BARS} aligned bars, have ${bars}`);
    return empty;
  }
  const y = req.y.subarray(from);
  const x = req.x.subarray(from);
  const sFrom = finiteTail(req.spread, from, n);
  const spread = req.spread.subarray(sFrom);
  if (spread.length < bars) notes.push(`the spread is defined on the last ${spread.length} of the ${bars} bars (warm-up); its tests use those`);

  const a = spread.length >= 3 ? attempt('adf', notes, () => adf(spread)) : null;
  const c = attempt('coint', notes, () => coint(y, x));
  const h = attempt('ols', notes, () => ols(x, y));
  const hl = spread.length >= 3 ? attempt('halflife', notes, () => halflife(spread)) : null;
  const maxLag = Math.min(HURST_MAX_LAG, spread.length - 2);
  const hu = maxLag >= 3 ? attempt('hurst', notes, () => hurst(spread, maxLag)) : null;
  const ms = spread.length >= 2 ? meanStd(spread) : null;

  const stride = healthStride(req.lookback);
  const windows: HealthWindow[] = [];
  for (let k = 0; k < HEALTH_RULES.windows; k++) {
    const end = n - k * stride;
    const start = end - req.lookback;
    if (start < 0 && k > 0) break;
    windows.push(healthWindow(req, Math.max(0, start), end));
  }

  return {
    ...empty,
    adf: a === null ? null : { stat: a.adf_stat, pvalue: a.pvalue, usedLag: a.used_lag, nobs: a.nobs, crit: a.crit_values },
    coint: c === null ? null : { stat: c.t_stat, pvalue: c.pvalue, usedLag: c.used_lag, crit: c.crit_values },
    hedge: h === null ? null : { beta: h.slope, alpha: h.intercept, betaSe: h.slope_se, alphaSe: h.intercept_se, r2: h.r2 },
    halflife: hl === null ? null : { lambda: hl.lambda, bars: hl.halflife, ms: hl.halflife === null ? null : hl.halflife * req.tfMs },
    hurst: hu === null ? null : { value: hu.hurst, maxLag },
    spreadMean: ms?.mean ?? null,
    spreadStd: ms === null || Number.isNaN(ms.std) ? null : ms.std,
    health: classifyHealth(windows),
  };
}
