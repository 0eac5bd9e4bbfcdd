/** Small dense linear algebra for calibration: symmetric solves and inverses (row-major arrays). */

/**
 * Inverse of a symmetric positive-definite n×n matrix by Cholesky; undefined when it is not
 * positive definite (a singular or indefinite information matrix).
 */
export function invertSpd(m: Float64Array, n: number): Float64Array | undefined {
  const l = cholesky(m, n);
  if (!l) return undefined;
  const inv = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    col.fill(0);
    col[c] = 1;
    choleskySolveInPlace(l, n, col);
    for (let r = 0; r < n; r++) inv[r * n + c] = col[r]!;
  }
  return inv;
}

/** Solves m x = rhs for a symmetric positive-definite m; undefined when m is not positive definite. */
export function solveSpd(m: Float64Array, n: number, rhs: Float64Array): Float64Array | undefined {
  const l = cholesky(m, n);
  if (!l) return undefined;
  const x = Float64Array.from(rhs);
  choleskySolveInPlace(l, n, x);
  return x;
}

function cholesky(m: Float64Array, n: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return undefined;
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j]!;
    }
  }
  return l;
}

function choleskySolveInPlace(l: Float64Array, n: number, x: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
}
