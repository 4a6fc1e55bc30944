/**
 * Replays the golden cases of test/golden/analytics/ (made by make_analytics_golden.py from
 * statsmodels 0.13.5, scipy 1.10.1 and pandas 1.5.3) through `runCompute`, comparing every
 * number with |actual − expected| ≤ rtol·|expected| + atol·scale, where scale is the largest
 * magnitude in the same expected array (so values near zero in a series of large ones are
 * judged against the series, not against themselves).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCompute } from './run-compute.js';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../test/golden/analytics');

interface GoldenCase {
  readonly name: string;
  readonly request: { readonly op: string };
  readonly expected?: unknown;
  readonly error?: string;
}

/**
 * Tolerances per op, and why.
 * - Closed forms (ols, halflife, kalman_hedge, vwap, hurst, resample, backtest): 1e-9 relative;
 *   they differ from numpy only in summation order.
 * - theilsen: the slopes are selected, not estimated, so they are the very same doubles: 1e-12.
 * - huber: the same IRLS steps as statsmodels (same count) but WLS solved in centered closed
 *   form rather than by pinv: 1e-8.
 * - adf/coint: least squares by QR or by Cholesky of centered cross-products versus
 *   statsmodels' pinv (SVD); observed agreement is ~1e-14, held to 1e-9.
 * - rolling statistics: pandas updates its sums online without re-centering, so its error
 *   grows with |level|/std; ours re-anchors every window. 1e-9 relative to the series' scale.
 * Where a library loses digits on raw levels near 1e6-1e9 (statsmodels' pinv, pandas' online
 * sums), the generator fits shifted data and maps back exactly, so the bar stays tight.
 */
const TOL: Record<string, { rtol: number; atol: number }> = {
  ols: { rtol: 1e-9, atol: 1e-12 },
  huber: { rtol: 1e-8, atol: 1e-10 },
  theilsen: { rtol: 1e-12, atol: 1e-14 },
  adf: { rtol: 1e-9, atol: 1e-12 },
  coint: { rtol: 1e-9, atol: 1e-12 },
  halflife: { rtol: 1e-9, atol: 1e-12 },
  kalman_hedge: { rtol: 1e-9, atol: 1e-12 },
  rolling_zscore: { rtol: 1e-9, atol: 1e-9 },
  rolling_corr: { rtol: 1e-9, atol: 1e-9 },
  rolling_ols: { rtol: 1e-9, atol: 1e-9 },
  resample_ohlcv: { rtol: 1e-12, atol: 0 },
  vwap: { rtol: 1e-12, atol: 0 },
  backtest_zscore: { rtol: 1e-9, atol: 1e-12 },
  hurst: { rtol: 1e-9, atol: 1e-12 },
  corr_matrix: { rtol: 1e-9, atol: 1e-12 },
  volume_spikes: { rtol: 1e-9, atol: 1e-9 },
};

function scaleOf(v: unknown): number {
  if (Array.isArray(v)) return Math.max(0, ...v.map((e) => (typeof e === 'number' ? Math.abs(e) : 0)));
  return typeof v === 'number' ? Math.abs(v) : 0;
}

function compare(actual: unknown, expected: unknown, path: string, tol: { rtol: number; atol: number }, scale: number, errors: string[]): void {
  if (expected === null || typeof expected !== 'object') {
    if (typeof expected === 'number' && typeof actual === 'number') {
      const bound = tol.rtol * Math.abs(expected) + tol.atol * Math.max(scale, Math.abs(expected));
      if (!(Math.abs(actual - expected) <= bound)) errors.push(`${path}: ${actual} vs ${expected} (diff ${Math.abs(actual - expected)}, bound ${bound})`);
    } else if (actual !== expected) {
      errors.push(`${path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`);
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      errors.push(`${path}: length ${Array.isArray(actual) ? actual.length : typeof actual} vs ${expected.length}`);
      return;
    }
    const s = scaleOf(expected);
    expected.forEach((e, i) => compare(actual[i], e, `${path}[${i}]`, tol, s, errors));
    return;
  }
  if (actual === null || typeof actual !== 'object') {
    errors.push(`${path}: ${JSON.stringify(actual)} vs an object`);
    return;
  }
  const exp = expected as Record<string, unknown>;
  const act = actual as Record<string, unknown>;
  for (const k of Object.keys(exp)) compare(act[k], exp[k], `${path}.${k}`, tol, scaleOf(exp[k]), errors);
}

const files = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.json'));

describe('tandem compute matches statsmodels/scipy/pandas (golden files)', () => {
  it('has golden files for every op', () => {
    expect(files.length).toBeGreaterThanOrEqual(17);
  });
  for (const file of files) {
    const { cases } = JSON.parse(readFileSync(join(GOLDEN_DIR, file), 'utf8')) as { cases: GoldenCase[] };
    describe(file.replace('.json', ''), () => {
      for (const c of cases) {
        it(c.error !== undefined ? `${c.name}: answers ${c.error} with exit 2` : `${c.name}: matches the reference`, () => {
          const { output, exitCode } = runCompute(JSON.stringify(c.request));
          const result = JSON.parse(output) as Record<string, unknown>;
          if (c.error !== undefined) {
            expect(exitCode).toBe(2);
            expect(result.error).toBe(c.error);
            expect(typeof result.message).toBe('string');
            return;
          }
          expect(result.error, String(result.message)).toBeUndefined();
          expect(exitCode).toBe(0);
          const base = TOL[c.request.op]!;
          const errors: string[] = [];
          compare(result, c.expected, c.request.op, base, 0, errors);
          expect(errors.slice(0, 5)).toEqual([]);
        });
      }
    });
  }
});
