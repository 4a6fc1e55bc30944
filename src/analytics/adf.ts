/**
 * Augmented Dickey-Fuller unit-root test: the `adf` op of COMPUTE.md.
 * @module
 */

import { TandemError } from '../core/tandem-error.js';
import { mackinnonCrit, mackinnonP, type CriticalValues } from './mackinnon.js';
import type { MacKinnonRegression } from './mackinnon-tables.js';
import { fillLagGram } from './lag-gram.js';
import { choleskyFactor, householderFactor, prefixCoefficient, prefixSsr, type AugmentedFactor } from './nested-least-squares.js';
import { degenerate, invalid, isConstant, requireLength, type Series } from './preconditions.js';

export type AdfRegression = MacKinnonRegression;
export type AdfAutolag = 'AIC' | 'BIC' | null;

export interface AdfOptions {
  /** Deterministic terms: `n` none, `c` constant (default), `ct` constant and trend. */
  readonly regression?: AdfRegression;
  /** Lag selection criterion; null fits `maxlag` lags directly (default AIC). */
  readonly autolag?: AdfAutolag;
  /** Largest lag; null (default) uses ⌈12·(n/100)^{1/4}⌉ capped at ⌊n/2⌋ − k_trend − 1. */
  readonly maxlag?: number | null;
}

export interface AdfResult {
  readonly adf_stat: number;
  readonly pvalue: number;
  readonly used_lag: number;
  readonly nobs: number;
  readonly crit_values: CriticalValues;
  /** The minimum information criterion; null without autolag. */
  readonly icbest: number | null;
}

/** Above this m·(p+1)², the factor comes from cross-products instead of a Householder QR. */
const QR_WORK_LIMIT = 2e7;

/**
 * The triangular factor of the ADF design with `lags` lagged differences on its full sample,
 * rows i = lags..n−2 of d (dᵢ = s_{i+1} − sᵢ): columns [1], [τ = 1..m], s_i, d_{i−1..i−lags},
 * response d_i. With a constant, the other columns are shifted by constants (a
 * reparametrisation that changes no coefficient but the intercept) so that levels far from
 * zero lose no digits. Small problems use Householder QR; large ones form the cross-products
 * once — O(m·lags), the lagged block is Toeplitz-like so each diagonal follows from its first
 * element by adding and removing one product — and factor them by Cholesky.
 */
export function adfFactor(s: Series, lags: number, kTrend: number, method: 'auto' | 'qr' | 'cross-products' = 'auto'): AugmentedFactor | null {
  const n = s.length;
  const m = n - 1 - lags;
  const p = kTrend + 1 + lags;
  const cols = p + 1;
  const d = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) d[i] = s[i + 1]! - s[i]!;
  let cs = 0;
  let cd = 0;
  if (kTrend >= 1) {
    for (let i = lags; i < n - 1; i++) cs += s[i]!;
    cs /= m;
    for (let i = 0; i < n - 1; i++) cd += d[i]!;
    cd /= n - 1;
  }
  const e = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) e[i] = d[i]! - cd;
  const tMid = (m + 1) / 2;
  const lv = kTrend; // column of the level
  if (method === 'qr' || (method === 'auto' && m * cols * cols <= QR_WORK_LIMIT)) {
    const a = new Float64Array(m * cols);
    for (let r = 0; r < m; r++) {
      const i = lags + r;
      if (kTrend >= 1) a[r] = 1;
      if (kTrend === 2) a[m + r] = r + 1 - tMid;
      a[lv * m + r] = s[i]! - cs;
      for (let j = 1; j <= lags; j++) a[(lv + j) * m + r] = e[i - j]!;
      a[p * m + r] = e[i]!;
    }
    return householderFactor(a, m, p);
  }
  // Cross-products. Lag index 0 is the response, j ≥ 1 the j-th lagged difference.
  const sLag0 = new Float64Array(lags + 1); // Σ e_i e_{i−b}
  const sLevel = new Float64Array(lags + 1); // Σ (s_i − cs) e_{i−b}
  const sTrend = new Float64Array(lags + 1); // Σ (τ_i − τ̄) e_{i−b}
  const sConst = new Float64Array(lags + 1); // Σ e_{i−b}
  let lvlv = 0;
  let lvTrend = 0;
  let lvConst = 0;
  for (let i = lags; i < n - 1; i++) {
    const ei = e[i]!;
    const li = s[i]! - cs;
    const ti = i - lags + 1 - tMid;
    lvlv += li * li;
    lvTrend += li * ti;
    lvConst += li;
    for (let b = 0; b <= lags; b++) {
      const eb = e[i - b]!;
      sLag0[b] = sLag0[b]! + ei * eb;
      sLevel[b] = sLevel[b]! + li * eb;
      sTrend[b] = sTrend[b]! + ti * eb;
      sConst[b] = sConst[b]! + eb;
    }
  }
  const g = new Float64Array(cols * cols);
  const col = (b: number): number => (b === 0 ? p : lv + b); // lag index → column
  const set = (i: number, j: number, v: number): void => {
    g[Math.min(i, j) * cols + Math.max(i, j)] = v;
  };
  fillLagGram(set, col, sLag0, e, lags, n);
  for (let b = 0; b <= lags; b++) {
    set(lv, col(b), sLevel[b]!);
    if (kTrend === 2) set(1, col(b), sTrend[b]!);
    if (kTrend >= 1) set(0, col(b), sConst[b]!);
  }
  set(lv, lv, lvlv);
  if (kTrend >= 1) {
    set(0, 0, m);
    set(0, lv, lvConst);
  }
  if (kTrend === 2) {
    set(0, 1, 0);
    set(1, 1, (m * (m * m - 1)) / 12);
    set(1, lv, lvTrend);
  }
  return choleskyFactor(g, m, p);
}

const K_TREND: Record<AdfRegression, number> = { n: 0, c: 1, ct: 2 };

/**
 * Augmented Dickey-Fuller test of a unit root in `series`, equal to statsmodels 0.13
 * `adfuller(series, maxlag, regression, autolag)`:
 *
 * - ADF(L, m): on the last m differences, regress dₜ on [1], [τ], the level s_t and
 *   d_{t−1..t−L}; k = k_trend + 1 + L regressors; the statistic is the level's t value.
 * - autolag: every L = 0..maxlag is fitted on the common sample m = n − 1 − maxlag, with
 *   llf = −m/2·(ln 2π + ln(SSR/m) + 1), AIC = −2llf + 2k, BIC = −2llf + k·ln m; the smallest wins
 *   (ties → fewer lags). The chosen lag is then refitted on its own full sample m = n − 1 − L.
 * - p-value MacKinnon (1994), N = 1; critical values MacKinnon (2010), N = 1, T = nobs.
 *
 * Every autolag candidate is a column prefix of the largest design, so one triangular factor
 * (Householder QR, or Cholesky of cross-products formed once in O(n·maxlag)) gives every SSR.
 * Reference: Said & Dickey (1984), Biometrika 71; statsmodels `tsa.stattools.adfuller`.
 *
 * @throws TandemError `insufficient_data` (n < 3, maxlag too large, too few rows),
 *   `degenerate_input` (constant series or collinear regressors), `invalid_input` (bad option).
 */
export function adf(series: Series, options: AdfOptions = {}): AdfResult {
  const regression = options.regression ?? 'c';
  const autolag = options.autolag === undefined ? 'AIC' : options.autolag;
  const kTrend = K_TREND[regression];
  if (kTrend === undefined) invalid('adf', `regression must be "c", "ct" or "n" (got ${String(regression)})`);
  const n = series.length;
  requireLength('adf', n, 3);
  if (isConstant(series)) degenerate('adf', 'the series is constant');
  const cap = Math.floor(n / 2) - kTrend - 1;
  let maxlag: number;
  if (options.maxlag === null || options.maxlag === undefined) {
    maxlag = Math.min(cap, Math.ceil(12 * Math.pow(n / 100, 1 / 4)));
    if (maxlag < 0) throw new TandemError('insufficient_data', `adf: a series of ${n} observations is too short for regression "${regression}"`);
  } else {
    maxlag = options.maxlag;
    if (!Number.isInteger(maxlag) || maxlag < 0) invalid('adf', `maxlag must be an integer ≥ 0 or null (got ${maxlag})`);
    if (maxlag > cap) throw new TandemError('insufficient_data', `adf: maxlag ${maxlag} is more than ⌊n/2⌋ − k_trend − 1 = ${cap} for n = ${n}`);
  }

  let usedLag = maxlag;
  let icbest: number | null = null;
  let full: AugmentedFactor | null = null;
  if (autolag !== null) {
    full = adfFactor(series, maxlag, kTrend);
    if (full === null) degenerate('adf', 'the regressors are collinear (e.g. the differences are constant)');
    const m = n - 1 - maxlag;
    const penalty = autolag === 'AIC' ? 2 : Math.log(m);
    let best = Infinity;
    for (let lag = 0; lag <= maxlag; lag++) {
      const k = kTrend + 1 + lag;
      const ssr = prefixSsr(full, k);
      const llf = (-m / 2) * (Math.log(2 * Math.PI) + Math.log(ssr / m) + 1);
      const ic = -2 * llf + penalty * k;
      if (ic < best) {
        best = ic;
        usedLag = lag;
      }
    }
    icbest = best;
  }
  const m = n - 1 - usedLag;
  const k = kTrend + 1 + usedLag;
  if (m - k < 1) throw new TandemError('insufficient_data', `adf: ${m} observations leave no degrees of freedom for ${k} regressors`);
  const f = full !== null && usedLag === maxlag ? full : adfFactor(series, usedLag, kTrend);
  if (f === null) degenerate('adf', 'the regressors are collinear (e.g. the differences are constant)');
  const { beta, se } = prefixCoefficient(f, k, kTrend);
  const stat = beta / se;
  return {
    adf_stat: stat,
    pvalue: mackinnonP(stat, regression, 1),
    used_lag: usedLag,
    nobs: m,
    crit_values: mackinnonCrit(regression, 1, m),
    icbest,
  };
}
