/**
 * Nested least squares: one triangular factor answers every regression on a prefix of the
 * columns. If [X y] = Q·R_aug (QR) — equivalently R_augᵀR_aug = [X y]ᵀ[X y] (Cholesky) —
 * then for the first k columns of X the factor is R_aug's leading k×k block, the fitted
 * coefficients solve R_k β = z_k with z = R_aug's last column, and
 * SSR_k = Σ_{i ≥ k} z_i² (the tail of Qᵀy). Lawson & Hanson, Solving Least Squares Problems,
 * ch. 2 and 19; Golub & Van Loan, Matrix Computations, §5.3.
 * @module
 */

/** The upper-triangular factor of an augmented design [X y] with p regressors (row-major, size (p+1)²). */
export interface AugmentedFactor {
  /** Number of regressors (the response is column p). */
  readonly p: number;
  /** Rows of the regression. */
  readonly m: number;
  readonly r: Float64Array;
}

/**
 * Householder QR of the column-major m×(p+1) matrix `a` (overwritten); returns R_aug.
 * Backward stable: use it whenever m·p² is affordable.
 */
export function householderFactor(a: Float64Array, m: number, p: number): AugmentedFactor | null {
  const cols = p + 1;
  const r = new Float64Array(cols * cols);
  for (let j = 0; j < cols && j < m; j++) {
    const cj = j * m;
    let norm = 0;
    // Scaled norm to avoid overflow and underflow.
    let amax = 0;
    for (let i = j; i < m; i++) amax = Math.max(amax, Math.abs(a[cj + i]!));
    if (amax === 0) {
      if (j < p) return null;
      continue;
    }
    for (let i = j; i < m; i++) {
      const v = a[cj + i]! / amax;
      norm += v * v;
    }
    norm = Math.sqrt(norm) * amax;
    const alpha = a[cj + j]! > 0 ? -norm : norm;
    // v = x − alpha·e1, stored in place; H = I − 2vvᵀ/(vᵀv).
    a[cj + j] = a[cj + j]! - alpha;
    let vtv = 0;
    for (let i = j; i < m; i++) vtv += a[cj + i]! * a[cj + i]!;
    r[j * cols + j] = alpha;
    for (let k = j + 1; k < cols; k++) {
      const ck = k * m;
      let dot = 0;
      for (let i = j; i < m; i++) dot += a[cj + i]! * a[ck + i]!;
      const f = (2 * dot) / vtv;
      for (let i = j; i < m; i++) a[ck + i] = a[ck + i]! - f * a[cj + i]!;
      r[j * cols + k] = a[ck + j]!;
    }
  }
  return { p, m, r };
}

/**
 * Cholesky factor of the symmetric (p+1)×(p+1) cross-product matrix `g` (row-major, upper
 * triangle read), after scaling it to unit diagonal (Jacobi equilibration). Returns null when
 * a pivot of the regressors is not positive (collinear or zero columns).
 */
export function choleskyFactor(g: Float64Array, m: number, p: number): AugmentedFactor | null {
  const cols = p + 1;
  const d = new Float64Array(cols);
  for (let i = 0; i < cols; i++) {
    const v = g[i * cols + i]!;
    if (!(v > 0)) {
      if (i < p) return null;
      d[i] = 1;
    } else d[i] = Math.sqrt(v);
  }
  const r = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) for (let j = i; j < cols; j++) r[i * cols + j] = g[i * cols + j]! / (d[i]! * d[j]!);
  for (let k = 0; k < cols; k++) {
    let piv = r[k * cols + k]!;
    if (k < p && !(piv > 1e-13)) return null;
    if (k === p && piv < 0) piv = 0;
    piv = Math.sqrt(piv);
    r[k * cols + k] = piv;
    if (piv === 0) continue;
    for (let j = k + 1; j < cols; j++) r[k * cols + j] = r[k * cols + j]! / piv;
    for (let i = k + 1; i < cols; i++) {
      const rki = r[k * cols + i]!;
      for (let j = i; j < cols; j++) r[i * cols + j] = r[i * cols + j]! - rki * r[k * cols + j]!;
    }
  }
  // Undo the scaling: R = R_s·D.
  for (let i = 0; i < cols; i++) for (let j = i; j < cols; j++) r[i * cols + j] = r[i * cols + j]! * d[j]!;
  return { p, m, r };
}

/** SSR of the regression on the first k regressors: Σ_{i=k}^{p} z_i². */
export function prefixSsr(f: AugmentedFactor, k: number): number {
  const cols = f.p + 1;
  let s = 0;
  for (let i = k; i <= f.p; i++) {
    const z = f.r[i * cols + f.p]!;
    s += z * z;
  }
  return s;
}

/**
 * Coefficient `j` of the regression on the first k regressors and its standard error
 * (s² = SSR/(m − k), Var β = s²(XᵀX)⁻¹ = s²R⁻¹R⁻ᵀ).
 */
export function prefixCoefficient(f: AugmentedFactor, k: number, j: number): { beta: number; se: number } {
  const cols = f.p + 1;
  const r = f.r;
  const beta = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let v = r[i * cols + f.p]!;
    for (let c = i + 1; c < k; c++) v -= r[i * cols + c]! * beta[c]!;
    beta[i] = v / r[i * cols + i]!;
  }
  // w solves Rᵀw = e_j; (XᵀX)⁻¹_jj = ‖w‖².
  const w = new Float64Array(k);
  let ww = 0;
  for (let i = j; i < k; i++) {
    let v = i === j ? 1 : 0;
    for (let c = j; c < i; c++) v -= r[c * cols + i]! * w[c]!;
    w[i] = v / r[i * cols + i]!;
    ww += w[i]! * w[i]!;
  }
  const s2 = prefixSsr(f, k) / (f.m - k);
  return { beta: beta[j]!, se: Math.sqrt(s2 * ww) };
}
