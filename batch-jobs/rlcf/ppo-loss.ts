/**
 * The policy-gradient head of the fine-tune, as graph ops (so ORT computes its gradient):
 *   DDIM mean μ_θ(x_t) and Gaussian log π(x_{t−1} | x_t) exactly as ../generator/ddim.ts computes
 *   them while sampling (mean over pixels), and DDPO's PPO-clipped surrogate (Black et al. 2023,
 *   after Schulman et al. 2017):
 *     ρ = exp(log π_θ − log π_old),  L = mean_i max(−A_i·ρ_i, −A_i·clip(ρ_i, 1−ε, 1+ε))
 * plus the optional DPOK-style KL to the anchor: both policies are Gaussians with the same σ_t, so
 *   KL = mean over pixels ‖μ_θ − μ_anchor‖² / (2σ_t²).
 */
import { op, type Tensor } from "../ml/index.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Per-row DDIM coefficients, each [B, 1, 1, 1] (see ddim.ts for the notation). */
export interface DdimCoefficients {
  sqrtAlphaBar: Tensor;
  sqrtOneMinusAlphaBar: Tensor;
  sqrtAlphaBarPrev: Tensor;
  /** √(1 − ᾱ_prev − σ²) */
  dirScale: Tensor;
  sigma: Tensor;
}

/** μ = √ᾱ_p·x̂₀ + dir·ε̂ with x̂₀ = clip(√ᾱ_t·x_t − √(1−ᾱ_t)·v̂, −1, 1) and ε̂ = (x_t − √ᾱ_t·x̂₀)/√(1−ᾱ_t). */
export function ddimMean(xt: Tensor, v: Tensor, c: DdimCoefficients): Tensor {
  const x0 = op.clip(op.sub(op.mul(c.sqrtAlphaBar, xt), op.mul(c.sqrtOneMinusAlphaBar, v)), -1, 1);
  const eps = op.div(op.sub(xt, op.mul(c.sqrtAlphaBar, x0)), c.sqrtOneMinusAlphaBar);
  return op.add(op.mul(c.sqrtAlphaBarPrev, x0), op.mul(c.dirScale, eps));
}

const pixelMean = (x: Tensor): Tensor => op.mean(x, [1, 2, 3]);
const rowsOf = (sigma: Tensor): Tensor => op.reshape(sigma, [sigma.dim(0)]);

/** log π(prev | x_t) per row [B]: mean over pixels of the Gaussian log-density. */
export function gaussianLogProb(prev: Tensor, mean: Tensor, sigma: Tensor): Tensor {
  const sq = pixelMean(op.square(op.sub(prev, mean)));
  const s = rowsOf(sigma);
  return op.sub(op.sub(op.neg(op.div(sq, op.mul(op.square(s), 2))), op.log(s)), HALF_LOG_2PI);
}

/** KL(π_θ ‖ π_anchor) per row [B] for equal σ. */
export function gaussianKl(mean: Tensor, anchorMean: Tensor, sigma: Tensor): Tensor {
  return op.div(pixelMean(op.square(op.sub(mean, anchorMean))), op.mul(op.square(rowsOf(sigma)), 2));
}

export interface PpoTerms {
  /** The scalar surrogate to minimise. */
  loss: Tensor;
  /** ½·mean (log π_θ − log π_old)²: how far the update has moved (DDPO's approx_kl). */
  approxKl: Tensor;
  /** Share of rows whose ratio left [1−ε, 1+ε]. */
  clipFraction: Tensor;
}

export function ppoSurrogate(logProb: Tensor, oldLogProb: Tensor, advantage: Tensor, clipRange: number): PpoTerms {
  const diff = op.sub(logProb, oldLogProb);
  const ratio = op.exp(diff);
  const unclipped = op.mul(op.neg(advantage), ratio);
  const clipped = op.mul(op.neg(advantage), op.clip(ratio, 1 - clipRange, 1 + clipRange));
  const loss = op.mean(op.maximum(unclipped, clipped));
  const approxKl = op.mul(op.mean(op.square(diff)), 0.5);
  const clipFraction = op.mean(op.cast(op.greater(op.abs(op.sub(ratio, 1)), clipRange), logProb.dtype));
  return { loss, approxKl, clipFraction };
}
