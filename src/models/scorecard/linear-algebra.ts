/**
 * The little dense linear algebra the logistic fit and VIF need: Cholesky factorisation, solve and
 * inverse of a symmetric positive-definite p×p matrix stored row-major (p is at most a few dozen).
 */

/**
 * Lower-triangular L with A = L·Lᵀ, or null when A is not (numerically) positive definite:
 * a pivot at or below `1e-12 ×` its diagonal entry counts as zero, which is how collinear
 * columns show up.
 */
export function cholesky(a: Float64Array, p: number): Float64Array | null {
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j]!;
    for (let k = 0; k < j; k++) d -= l[j * p + k]! * l[j * p + k]!;
    if (!(d > 1e-12 * Math.abs(a[j * p + j]!)) || !Number.isFinite(d)) return null;
    const ljj = Math.sqrt(d);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j]!;
      for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!;
      l[i * p + j] = s / ljj;
    }
  }
  return l;
}

/** Solves L·Lᵀ·x = b for x. */
export function choleskySolve(l: Float64Array, p: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * y[k]!;
    y[i] = s / l[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * x[k]!;
    x[i] = s / l[i * p + i]!;
  }
  return x;
}

/** A⁻¹ from the Cholesky factor of A, one unit vector at a time. */
export function choleskyInverse(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(l, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i]!;
  }
  return inv;
}

/** Inverse of a symmetric positive-definite matrix, or null when it is not positive definite. */
export function invertSymmetric(a: Float64Array, p: number): Float64Array | null {
  const l = cholesky(a, p);
  return l ? choleskyInverse(l, p) : null;
}

/**
 * Σ aᵢ·bᵢ over the first n entries, with four running sums: the additions no longer wait on each
 * other, which about doubles the speed of the logistic fit's Hessian in V8.
 */
export function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    s2 += a[i + 2]! * b[i + 2]!;
    s3 += a[i + 3]! * b[i + 3]!;
  }
  for (; i < n; i++) s0 += a[i]! * b[i]!;
  return s0 + s1 + s2 + s3;
}
