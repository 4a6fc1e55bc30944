/**
 * MacKinnon response-surface coefficients for Dickey-Fuller and Engle-Granger tests, copied
 * verbatim from the project contract's `mackinnon_tables.json` (shared/, beside COMPUTE.md).
 * Source: statsmodels 0.13.5+dfsg statsmodels/tsa/adfvalues.py (MacKinnon 1994 p-values, MacKinnon 2010 critical values).
 * They are a constant module rather than a JSON import so that the pure analytics layer does
 * no I/O and the compiled CLI needs no JSON loader; `mackinnon-tables.test.ts` checks that
 * this copy still equals the shared file.
 * @module
 */

/** Coefficients for one regression form (`n`, `c`, `ct`); index [N − 1] is N I(1) series. */
export interface MacKinnonTable {
  /** Above this statistic p = 1; null means +∞ (never). */
  readonly tau_max: readonly (number | null)[];
  /** Below this statistic p = 0. */
  readonly tau_min: readonly number[];
  /** Statistics ≤ tau_star use small_p, larger ones large_p. */
  readonly tau_star: readonly number[];
  /** Polynomial coefficients c0, c1, c2 of Φ⁻¹(p) in the statistic (MacKinnon 1994). */
  readonly small_p: readonly (readonly number[])[];
  /** Polynomial coefficients c0..c3 of Φ⁻¹(p) in the statistic (MacKinnon 1994). */
  readonly large_p: readonly (readonly number[])[];
  /** [N − 1][1%, 5%, 10%] → b0..b3 of crit = b0 + b1/T + b2/T² + b3/T³ (MacKinnon 2010). */
  readonly crit_2010: readonly (readonly (readonly number[])[])[];
}

export type MacKinnonRegression = 'n' | 'c' | 'ct';

export const MACKINNON_SOURCE = 'statsmodels 0.13.5+dfsg statsmodels/tsa/adfvalues.py (MacKinnon 1994 p-values, MacKinnon 2010 critical values)';

export const MACKINNON_TABLES: Readonly<Record<MacKinnonRegression, MacKinnonTable>> = {
  n: {
    tau_max: [null, 1.51],
    tau_min: [-19.04, -19.62],
    tau_star: [-1.04, -1.53],
    small_p: [
      [0.6344, 1.2378, 0.032496000000000004],
      [1.9129, 1.3857, 0.035322],
    ],
    large_p: [
      [0.4797, 0.9355700000000001, -0.06999, 0.033066],
      [1.5578, 0.8558, -0.20830000000000004, -0.033549],
    ],
    crit_2010: [
      [
        [-2.56574, -2.2358, -3.627, 0],
        [-1.941, -0.2686, -3.365, 31.223],
        [-1.61682, 0.2656, -2.714, 25.364],
      ]
    ],
  },
  c: {
    tau_max: [2.74, 0.92],
    tau_min: [-18.83, -18.86],
    tau_star: [-1.61, -2.62],
    small_p: [
      [2.1659, 1.4412, 0.038269000000000004],
      [2.92, 1.5012, 0.039796],
    ],
    large_p: [
      [1.7339, 0.9320200000000001, -0.12745, -0.010368],
      [2.1945, 0.64695, -0.29198, -0.042377000000000005],
    ],
    crit_2010: [
      [
        [-3.43035, -6.5393, -16.786, -79.433],
        [-2.86154, -2.8903, -4.234, -40.04],
        [-2.56677, -1.5384, -2.809, 0],
      ],
      [
        [-3.89644, -10.9519, -33.527, 0],
        [-3.33613, -6.1101, -6.823, 0],
        [-3.04445, -4.2412, -2.72, 0],
      ]
    ],
  },
  ct: {
    tau_max: [0.7, 0.63],
    tau_min: [-16.18, -21.15],
    tau_star: [-2.89, -3.19],
    small_p: [
      [3.2512, 1.6047, 0.049588],
      [3.6646, 1.5419, 0.036448],
    ],
    large_p: [
      [2.5261, 0.6165400000000001, -0.37956, -0.060285000000000005],
      [2.85, 0.5272, -0.36622, -0.051695000000000005],
    ],
    crit_2010: [
      [
        [-3.95877, -9.0531, -28.428, -134.155],
        [-3.41049, -4.3904, -9.036, -45.374],
        [-3.12705, -2.5856, -3.925, -22.38],
      ],
      [
        [-4.32762, -15.4387, -35.679, 0],
        [-3.78057, -9.5106, -12.074, 0],
        [-3.49631, -7.0815, -7.538, 21.892],
      ]
    ],
  }
};
