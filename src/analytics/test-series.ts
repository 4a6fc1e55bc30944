/**
 * Seeded series for the analytics' unit tests (not used by production code).
 * @module
 */

/** Park-Miller minimal standard generator: uniform in (0, 1), reproducible for a seed. */
export function uniforms(n: number, seed = 1): Float64Array {
  let s = seed % 2147483647 || 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    out[i] = s / 2147483647;
  }
  return out;
}

/** A random walk with uniform(−0.5, 0.5) steps starting at `start`. */
export function randomWalk(n: number, seed = 1, start = 100): Float64Array {
  const u = uniforms(n, seed);
  const out = new Float64Array(n);
  let v = start;
  for (let i = 0; i < n; i++) {
    v += u[i]! - 0.5;
    out[i] = v;
  }
  return out;
}

/** Largest |a − b| / max(1, |b|) over two arrays with NaN equal to NaN. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (Number.isNaN(x) !== Number.isNaN(y)) return Infinity;
    m = Math.max(m, Math.abs(x - y) / Math.max(1, Math.abs(y)));
  }
  return m;
}
