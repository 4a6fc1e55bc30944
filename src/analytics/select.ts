/**
 * Order statistics: the k-th smallest element in expected O(n) (Hoare's quickselect with
 * median-of-three pivots), and the median as numpy defines it.
 * @module
 */

/**
 * Rearranges `a[lo..hi]` (inclusive) so that `a[k]` is the value it would hold if sorted, with
 * smaller-or-equal values before it and greater-or-equal after. Mutates `a`.
 */
export function selectInPlace(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three as pivot: guards against sorted input.
    let p = a[mid]!;
    const l = a[lo]!;
    const h = a[hi]!;
    if ((l <= p && p <= h) || (h <= p && p <= l)) {
      // p is the median
    } else if ((p <= l && l <= h) || (h <= l && l <= p)) {
      p = l;
    } else {
      p = h;
    }
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < p) i++;
      while (a[j]! > p) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/**
 * Median of `a` (mean of the two middle values when the length is even, as `numpy.median`).
 * Mutates `a` (partially orders it); pass a copy to keep the input.
 */
export function medianInPlace(a: Float64Array): number {
  const n = a.length;
  if (n === 0) return Number.NaN;
  const k = n >> 1;
  const hi = selectInPlace(a, k);
  if (n % 2 === 1) return hi;
  // After selecting k, everything left of k is ≤ a[k]; the (k−1)-th is their maximum.
  let lo = a[0]!;
  for (let i = 1; i < k; i++) if (a[i]! > lo) lo = a[i]!;
  return (lo + hi) / 2;
}

/** Median of a series without mutating it. */
export function median(s: ArrayLike<number>): number {
  return medianInPlace(Float64Array.from(s));
}
