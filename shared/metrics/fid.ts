/**
 * Fréchet Inception Distance (Heusel et al. 2017, eq. 6) over judge features:
 *
 *   FID = ‖μ₁ − μ₂‖² + tr(Σ₁) + tr(Σ₂) − 2·tr((Σ₁Σ₂)^½)
 *
 * tr((Σ₁Σ₂)^½) is computed without a non-symmetric square root: with S = Σ₁^½ (symmetric PSD),
 * Σ₁Σ₂ is similar to S·Σ₂·S, which is symmetric PSD, so tr((Σ₁Σ₂)^½) = Σ_k √λ_k(S·Σ₂·S). Both
 * roots come from symmetric eigendecompositions in float64 (symmetric-eigen.ts); no complex
 * round-off to discard as with scipy.linalg.sqrtm. Covariances are unbiased (N − 1), as
 * numpy.cov and pytorch-fid.
 */
import { sqrtSymmetricPsd, symmetricEigen } from "./symmetric-eigen.js";

export interface Gaussian {
  dim: number;
  mean: Float64Array;
  /** dim×dim row-major. */
  covariance: Float64Array;
}

/** Mean and unbiased covariance of `count` rows of `dim` features (row-major). */
export function gaussianOf(features: ArrayLike<number>, count: number, dim: number): Gaussian {
  if (features.length !== count * dim) throw new RangeError(`expected ${count}×${dim} features, got ${features.length} values`);
  if (count < 2) throw new RangeError(`a covariance needs at least 2 samples, got ${count}`);
  const mean = new Float64Array(dim);
  for (let i = 0; i < count; i++) for (let j = 0; j < dim; j++) mean[j]! += features[i * dim + j]!;
  for (let j = 0; j < dim; j++) mean[j]! /= count;
  const covariance = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < dim; j++) centred[j] = features[i * dim + j]! - mean[j]!;
    for (let a = 0; a < dim; a++) {
      const ca = centred[a]!;
      if (ca === 0) continue;
      for (let b = a; b < dim; b++) covariance[a * dim + b]! += ca * centred[b]!;
    }
  }
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      const v = covariance[a * dim + b]! / (count - 1);
      covariance[a * dim + b] = v;
      covariance[b * dim + a] = v;
    }
  }
  return { dim, mean, covariance };
}

export function frechetDistance(p: Gaussian, q: Gaussian): number {
  if (p.dim !== q.dim) throw new RangeError(`feature dimensions differ: ${p.dim} vs ${q.dim}`);
  const n = p.dim;
  let meanTerm = 0;
  for (let i = 0; i < n; i++) meanTerm += (p.mean[i]! - q.mean[i]!) ** 2;
  let traces = 0;
  for (let i = 0; i < n; i++) traces += p.covariance[i * n + i]! + q.covariance[i * n + i]!;
  const s = sqrtSymmetricPsd(p.covariance, n);
  const m = symmetricProduct(s, q.covariance, n);
  const { values } = symmetricEigen(m, n);
  let traceSqrt = 0;
  for (const v of values) traceSqrt += Math.sqrt(Math.max(v, 0));
  return meanTerm + traces - 2 * traceSqrt;
}

/** FID between two feature sets (rows of `dim`). */
export function fid(a: ArrayLike<number>, countA: number, b: ArrayLike<number>, countB: number, dim: number): number {
  return frechetDistance(gaussianOf(a, countA, dim), gaussianOf(b, countB, dim));
}

/** S·B·S for symmetric S and B, symmetrised against round-off. */
function symmetricProduct(s: Float64Array, b: Float64Array, n: number): Float64Array {
  const sb = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) {
    const sik = s[i * n + k]!;
    if (sik === 0) continue;
    for (let j = 0; j < n; j++) sb[i * n + j]! += sik * b[k * n + j]!;
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) {
    const v = sb[i * n + k]!;
    if (v === 0) continue;
    for (let j = 0; j < n; j++) out[i * n + j]! += v * s[k * n + j]!;
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const avg = (out[i * n + j]! + out[j * n + i]!) / 2;
    out[i * n + j] = avg;
    out[j * n + i] = avg;
  }
  return out;
}
