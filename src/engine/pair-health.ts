/**
 * Cointegration health of a pair: a rolling view of the Engle-Granger p-value, the hedge ratio
 * and the half-life over the last few windows, reduced to one state and the reason for it.
 *
 * Rules, on the windows newest first (each `lookback` bars; `HEALTH_RULES` holds the numbers):
 * - `broken` when the newest window's EG p-value is ≥ 0.2 (or the test is undefined there), or
 *   its OLS residual does not mean-revert (half-life undefined, λ ≥ 0);
 * - `weakening` when the newest p-value is in [0.05, 0.2), or the hedge ratio moved more than
 *   10 % between the newest window and any older one (|β₀ − βₖ| / |βₖ|), or the half-life more
 *   than doubled against the median of the older windows;
 * - `cointegrated` otherwise: p < 0.05, a stable hedge ratio and a steady half-life.
 *
 * The beta rule is relative rather than k standard errors: the residuals of a pair are strongly
 * autocorrelated, so OLS standard errors are far too small and a k·σ bound would trip on
 * every window, while "the hedge moved 14 %" is what a trader acts on.
 * @module
 */

export type HealthState = 'cointegrated' | 'weakening' | 'broken';

export interface HealthWindow {
  /** Start of the window's last bar, epoch ms. */
  readonly end: number;
  readonly bars: number;
  /** Engle-Granger p-value; null when the test is undefined on the window. */
  readonly pvalue: number | null;
  /** OLS hedge ratio of the window. */
  readonly beta: number | null;
  /** Half-life in bars of the window's OLS residual; null when it does not mean-revert. */
  readonly halflife: number | null;
}

export interface PairHealth {
  readonly state: HealthState;
  readonly reason: string;
  /** Newest first. */
  readonly windows: readonly HealthWindow[];
  /** Largest relative move of the hedge ratio from the newest window to an older one. */
  readonly betaDrift: number | null;
}

export const HEALTH_RULES = {
  /** EG p-value below which the pair counts as cointegrated. */
  pCointegrated: 0.05,
  /** EG p-value from which the pair counts as broken. */
  pBroken: 0.2,
  /** Largest relative hedge-ratio move across the windows before the pair is weakening. */
  maxBetaDrift: 0.1,
  /** Largest growth of the half-life against the older windows' median. */
  maxHalflifeGrowth: 2,
  /** Windows in the view. */
  windows: 5,
} as const;

const fmtP = (p: number): string => (p < 0.001 ? p.toExponential(1) : p.toFixed(3));
const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Largest |β₀ − βₖ| / |βₖ| over the older windows, or null with fewer than two betas. */
export function betaDrift(windows: readonly HealthWindow[]): number | null {
  const b0 = windows[0]?.beta;
  if (b0 === null || b0 === undefined) return null;
  let drift: number | null = null;
  for (const w of windows.slice(1)) {
    if (w.beta === null || w.beta === 0) continue;
    const d = Math.abs(b0 - w.beta) / Math.abs(w.beta);
    drift = drift === null ? d : Math.max(drift, d);
  }
  return drift;
}

/** The health state of a pair from its windows (newest first); null without any window. */
export function classifyHealth(windows: readonly HealthWindow[], rules: typeof HEALTH_RULES = HEALTH_RULES): PairHealth | null {
  const w0 = windows[0];
  if (w0 === undefined) return null;
  const drift = betaDrift(windows);
  const result = (state: HealthState, reason: string): PairHealth => ({ state, reason, windows, betaDrift: drift });
  if (w0.pvalue === null) return result('broken', `the Engle-Granger test is undefined on the last ${w0.bars} bars (a constant or collinear leg)`);
  if (w0.pvalue >= rules.pBroken) return result('broken', `EG p-value ${fmtP(w0.pvalue)} ≥ ${rules.pBroken} on the last ${w0.bars} bars`);
  if (w0.halflife === null) return result('broken', `the spread does not mean-revert on the last ${w0.bars} bars (λ ≥ 0)`);

  const weak: string[] = [];
  if (w0.pvalue >= rules.pCointegrated) weak.push(`EG p-value ${fmtP(w0.pvalue)} is between ${rules.pCointegrated} and ${rules.pBroken}`);
  if (drift !== null && drift > rules.maxBetaDrift) weak.push(`hedge ratio moved ${pct(drift)} across the last ${windows.length} windows (limit ${pct(rules.maxBetaDrift)})`);
  const older = windows.slice(1).flatMap((w) => (w.halflife === null ? [] : [w.halflife]));
  if (older.length > 0) {
    const med = median(older);
    if (w0.halflife > rules.maxHalflifeGrowth * med) weak.push(`half-life rose to ${w0.halflife.toFixed(1)} bars from a median of ${med.toFixed(1)}`);
  }
  if (weak.length > 0) return result('weakening', weak.join('; '));
  const stable = drift === null ? '' : `; hedge ratio within ${pct(drift)} across ${windows.length} windows`;
  return result('cointegrated', `EG p-value ${fmtP(w0.pvalue)} < ${rules.pCointegrated}${stable}; half-life ${w0.halflife.toFixed(1)} bars`);
}
