/**
 * Merge-sort building blocks for slope selection: a stable argsort by a float key, and the
 * number of strict inversions of a key sequence, both O(n log n) on typed arrays.
 * @module
 */

/**
 * Returns the permutation that sorts `keys` ascending, ties kept in index order (stable).
 * `keys` is not modified.
 */
export function stableArgsort(keys: Float64Array): Int32Array {
  const n = keys.length;
  // Keys travel with their indices, so merges read contiguous memory instead of keys[idx[j]].
  let idx = new Int32Array(n);
  let key = Float64Array.from(keys);
  let tIdx = new Int32Array(n);
  let tKey = new Float64Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  // Bottom-up merge sort: insertion-sort runs of 16, then merge runs pairwise.
  const RUN = 16;
  for (let s = 0; s < n; s += RUN) {
    const e = Math.min(s + RUN, n);
    for (let i = s + 1; i < e; i++) {
      const v = idx[i]!;
      const kv = key[i]!;
      let j = i - 1;
      while (j >= s && key[j]! > kv) {
        idx[j + 1] = idx[j]!;
        key[j + 1] = key[j]!;
        j--;
      }
      idx[j + 1] = v;
      key[j + 1] = kv;
    }
  }
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (key[j]! < key[i]!) {
          tKey[k] = key[j]!;
          tIdx[k++] = idx[j++]!;
        } else {
          tKey[k] = key[i]!;
          tIdx[k++] = idx[i++]!;
        }
      }
      while (i < mid) {
        tKey[k] = key[i]!;
        tIdx[k++] = idx[i++]!;
      }
      while (j < hi) {
        tKey[k] = key[j]!;
        tIdx[k++] = idx[j++]!;
      }
    }
    [idx, tIdx] = [tIdx, idx];
    [key, tKey] = [tKey, key];
  }
  return idx;
}

/**
 * Number of pairs (a < b) with `keys[b] < keys[a]` strictly. Uses (and overwrites) `work`
 * and `buf`, both at least `keys.length` long; `keys` itself is not modified.
 */
export function countInversions(keys: Float64Array, work: Float64Array, buf: Float64Array): number {
  const n = keys.length;
  let a = work;
  let b = buf;
  a.set(keys);
  let count = 0;
  // Insertion-sort runs of 16 first: each shift past a strictly greater key is one inversion.
  const RUN = 16;
  for (let s = 0; s < n; s += RUN) {
    const e = Math.min(s + RUN, n);
    for (let i = s + 1; i < e; i++) {
      const v = a[i]!;
      let j = i - 1;
      while (j >= s && a[j]! > v) {
        a[j + 1] = a[j]!;
        j--;
      }
      count += i - 1 - j;
      a[j + 1] = v;
    }
  }
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (a[j]! < a[i]!) {
          count += mid - i;
          b[k++] = a[j++]!;
        } else {
          b[k++] = a[i++]!;
        }
      }
      while (i < mid) b[k++] = a[i++]!;
      while (j < hi) b[k++] = a[j++]!;
    }
    const t = a;
    a = b;
    b = t;
  }
  return count;
}
