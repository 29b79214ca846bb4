/**
 * Eigendecomposition of a real symmetric matrix in float64 by the cyclic Jacobi method
 * (Golub & Van Loan, Matrix Computations, 4th ed., Alg. 8.5.3): rotations zero the off-diagonal
 * entries one pair at a time until their norm is below tol·‖A‖_F. Converges quadratically; for
 * the ≤ 256-dimensional covariances of FID it takes 6–10 sweeps. Exact enough that FID matches
 * scipy.linalg.sqrtm to ~1e-9 relative (test fixtures).
 */

export interface SymmetricEigen {
  /** Eigenvalues λ_k (unsorted). */
  values: Float64Array;
  /** Eigenvectors as columns: vectors[i * n + k] = v_k[i]. */
  vectors: Float64Array;
}

/** `a` is n×n row-major and symmetric (only its values are read; it is not modified). */
export function symmetricEigen(a: ArrayLike<number>, n: number, tol = 1e-15, maxSweeps = 100): SymmetricEigen {
  if (a.length !== n * n) throw new RangeError(`expected an ${n}×${n} matrix (${n * n} values), got ${a.length}`);
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let frob = 0;
  for (let i = 0; i < n * n; i++) frob += m[i]! * m[i]!;
  const threshold = tol * Math.sqrt(frob);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! * m[p * n + q]!;
    if (Math.sqrt(2 * off) <= threshold) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (apq === 0) continue;
        // Symmetric Schur decomposition of the 2×2 block (G&VL Alg. 8.5.2).
        const tau = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = m[k * n + p]!;
          const akq = m[k * n + q]!;
          m[k * n + p] = c * akp - s * akq;
          m[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p * n + k]!;
          const aqk = m[q * n + k]!;
          m[p * n + k] = c * apk - s * aqk;
          m[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = m[i * n + i]!;
  return { values, vectors: v };
}

/** Principal square root of a symmetric positive semi-definite matrix: V·diag(√max(λ, 0))·Vᵀ. */
export function sqrtSymmetricPsd(a: ArrayLike<number>, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const r = Math.sqrt(Math.max(values[k]!, 0));
    if (r === 0) continue;
    for (let i = 0; i < n; i++) {
      const vi = vectors[i * n + k]! * r;
      for (let j = 0; j < n; j++) out[i * n + j]! += vi * vectors[j * n + k]!;
    }
  }
  return out;
}
