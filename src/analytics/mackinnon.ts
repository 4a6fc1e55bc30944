/**
 * MacKinnon approximate p-values (1994) and finite-sample critical values (2010) for the
 * Dickey-Fuller t statistic, as statsmodels' `mackinnonp` and `mackinnoncrit`.
 * @module
 */

import { MACKINNON_TABLES, type MacKinnonRegression } from './mackinnon-tables.js';
import { normalCdf } from './normal-distribution.js';

/** Critical values at 1%, 5% and 10%. */
export interface CriticalValues {
  readonly '1%': number;
  readonly '5%': number;
  readonly '10%': number;
}

/** Horner evaluation of c[0] + c[1]·t + c[2]·t² + …, in numpy `polyval`'s order of operations. */
function horner(c: readonly number[], t: number): number {
  let acc = c[c.length - 1]!;
  for (let i = c.length - 2; i >= 0; i--) acc = acc * t + c[i]!;
  return acc;
}

/**
 * MacKinnon (1994) p-value of a Dickey-Fuller statistic `stat` for `n` I(1) series:
 * p = Φ(c₀ + c₁t + c₂t² (+ c₃t³)), with the small-p coefficients for t ≤ τ*, the large-p ones
 * above, p = 1 above τ_max and 0 below τ_min.
 * Reference: MacKinnon, J.G. (1994), "Approximate asymptotic distribution functions for unit-root
 * and cointegration tests", JBES 12, 167-76; statsmodels `tsa.adfvalues.mackinnonp`.
 */
export function mackinnonP(stat: number, regression: MacKinnonRegression, n: 1 | 2): number {
  const t = MACKINNON_TABLES[regression];
  const i = n - 1;
  const max = t.tau_max[i];
  if (Number.isNaN(stat)) return Number.NaN;
  if (max !== null && max !== undefined && stat > max) return 1;
  if (stat < t.tau_min[i]!) return 0;
  const c = stat <= t.tau_star[i]! ? t.small_p[i]! : t.large_p[i]!;
  return normalCdf(horner(c, stat));
}

/**
 * MacKinnon (2010) critical values for `n` I(1) series and `nobs` observations:
 * crit = b₀ + b₁/T + b₂/T² + b₃/T³ for 1%, 5%, 10%.
 * Reference: MacKinnon, J.G. (2010), "Critical values for cointegration tests", Queen's
 * University Working Paper 1227; statsmodels `tsa.adfvalues.mackinnoncrit`.
 */
export function mackinnonCrit(regression: MacKinnonRegression, n: 1 | 2, nobs: number): CriticalValues {
  const rows = MACKINNON_TABLES[regression].crit_2010[n - 1];
  if (rows === undefined) return { '1%': Number.NaN, '5%': Number.NaN, '10%': Number.NaN };
  const u = 1 / nobs;
  return { '1%': horner(rows[0]!, u), '5%': horner(rows[1]!, u), '10%': horner(rows[2]!, u) };
}
