/**
 * Annualised ratios of per-bar returns for a market that trades around the clock (crypto
 * perpetuals): a year holds 365 × 86,400,000 / tf_ms bars (525,600 one-minute bars).
 *
 * - Sharpe = mean(r) / sd(r) · √(bars a year), sd the sample standard deviation (ddof 1), with
 *   a zero risk-free rate: the usual per-period Sharpe scaled by √periods (as vectorbt and
 *   empyrical do for a given `freq`). Null with fewer than 2 returns or sd = 0.
 * - Sortino = mean(r) / DD · √(bars a year), DD = √(Σ min(r, 0)² / N) over all N returns
 *   (target 0, as empyrical's downside risk). Null when no return is negative.
 * - CAGR = (E_end / E_0)^(1/years) − 1, years = bars · tf / 365 days; only for spans of at
 *   least 30 days (annualising a few hours of returns turns noise into absurd figures); −1
 *   when the equity ends at or below zero.
 * @module
 */

/** Milliseconds in the 365-day year used for annualising. */
export const YEAR_MS = 365 * 86_400_000;
/** Shortest span for which a CAGR (and so a Calmar ratio) is reported. */
export const MIN_CAGR_SPAN_MS = 30 * 86_400_000;

export function barsPerYear(tfMs: number): number {
  return YEAR_MS / tfMs;
}

/**
 * Sharpe and Sortino of the per-bar returns of an equity curve (r_0 = E_0/capital − 1,
 * r_t = E_t/E_{t−1} − 1) in one pass without materialising the returns (Welford's mean and
 * variance); equal to `sharpeRatio`/`sortinoRatio` of those returns.
 */
export function equityRatios(equity: Float64Array, capital: number, perYear: number): { sharpe: number | null; sortino: number | null } {
  const n = equity.length;
  let mean = 0;
  let m2 = 0;
  let down = 0;
  let prev = capital;
  for (let i = 0; i < n; i++) {
    const e = equity[i]!;
    const r = e / prev - 1;
    prev = e;
    const d = r - mean;
    mean += d / (i + 1);
    m2 += d * (r - mean);
    if (r < 0) down += r * r;
  }
  const sd = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
  const dd = n > 0 ? Math.sqrt(down / n) : 0;
  const root = Math.sqrt(perYear);
  return { sharpe: n > 1 && sd > 0 ? (mean / sd) * root : null, sortino: dd > 0 ? (mean / dd) * root : null };
}

/** Annualised Sharpe ratio of per-bar returns; null when undefined. */
export function sharpeRatio(returns: Float64Array, perYear: number): number | null {
  const n = returns.length;
  if (n < 2) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += returns[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (returns[i]! - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  return sd > 0 ? (mean / sd) * Math.sqrt(perYear) : null;
}

/** Annualised Sortino ratio of per-bar returns (target 0); null when undefined. */
export function sortinoRatio(returns: Float64Array, perYear: number): number | null {
  const n = returns.length;
  if (n < 1) return null;
  let sum = 0;
  let down = 0;
  for (let i = 0; i < n; i++) {
    const r = returns[i]!;
    sum += r;
    if (r < 0) down += r * r;
  }
  const dd = Math.sqrt(down / n);
  return dd > 0 ? (sum / n / dd) * Math.sqrt(perYear) : null;
}

/** Compound annual growth over `spanMs`; null for spans under 30 days. */
export function cagr(startEquity: number, endEquity: number, spanMs: number): number | null {
  if (spanMs < MIN_CAGR_SPAN_MS) return null;
  if (!(endEquity > 0)) return -1;
  return (endEquity / startEquity) ** (YEAR_MS / spanMs) - 1;
}
