/**
 * Formatting of pair statistics, whose magnitudes vary far more than prices: a hedge ratio of
 * ETH on BTC is 0.035, a spread is a few dollars, a p-value can be 4e-12. Numbers keep a fixed
 * count of significant digits, small p-values switch to scientific notation, and negatives
 * get a true minus sign, as in format.ts.
 * @module
 */

import { DASH } from './format';

const MINUS = '\u2212';

const sign = (s: string): string => (s.startsWith('-') ? `${MINUS}${s.slice(1)}` : s);

/**
 * `v` with `digits` significant digits and at most 6 decimals, without exponent from 1e-4 up:
 * `0.03512`, `−1.235`, `97,120`. Null, undefined and non-finite numbers are a dash.
 */
export function formatSig(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e9) return sign(v.toExponential(digits - 1));
  const decimals = Math.min(6, Math.max(0, digits - 1 - Math.floor(Math.log10(a))));
  return sign(v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }));
}

/** A test statistic: two decimals (`−3.42`). */
export function formatStat(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return sign(v.toFixed(2));
}

/** A p-value: 3 decimals from 0.001 up (`0.048`), else scientific (`4.1e-5`). */
export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return DASH;
  if (p >= 0.001) return p.toFixed(3);
  if (p === 0) return '0';
  const [m, e] = p.toExponential(1).split('e');
  return `${m}e${(e ?? '').replace('-', MINUS)}`;
}
