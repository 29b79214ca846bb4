/**
 * One DDIM step (Song et al. 2021, eq. 12) as a Gaussian policy with its log-probability, after
 * DDPO's `ddim_step_with_logprob` (Black et al. 2023). Notation:
 *   ᾱ_t, ᾱ_p   cumulative alphas at the current and the previous (less noisy) timestep
 *   x̂₀         predicted clean image, clipped to [−1, 1];  ε̂ = (x_t − √ᾱ_t x̂₀)/√(1−ᾱ_t)
 *   σ_t        = η · √((1−ᾱ_p)/(1−ᾱ_t)) · √(1 − ᾱ_t/ᾱ_p)
 *   μ          = √ᾱ_p x̂₀ + √(1 − ᾱ_p − σ_t²) ε̂
 *   x_{t−1}    = μ + σ_t z,  z ~ N(0, I)
 *   log π      = mean over pixels of  −(x_{t−1} − μ)²/(2σ_t²) − log σ_t − ½ log 2π
 * The mean (not the sum) keeps PPO ratios independent of the image size. With η = 0 the step is
 * deterministic and has no log-probability (null).
 */
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export interface DdimStepInput {
  xt: Float32Array;
  v: Float32Array;
  alphaBarT: number;
  alphaBarPrev: number;
  eta: number;
  /** Standard normal draws z (same length as xt); unused when η = 0. */
  noise?: Float32Array;
}

export interface DdimStepOutput {
  prev: Float32Array;
  mean: Float32Array;
  sigma: number;
  x0: Float32Array;
}

export function ddimSigma(alphaBarT: number, alphaBarPrev: number, eta: number): number {
  return eta * Math.sqrt(((1 - alphaBarPrev) / (1 - alphaBarT)) * (1 - alphaBarT / alphaBarPrev));
}

export function ddimStep({ xt, v, alphaBarT, alphaBarPrev, eta, noise }: DdimStepInput): DdimStepOutput {
  const n = xt.length;
  const [a, s] = [Math.sqrt(alphaBarT), Math.sqrt(1 - alphaBarT)];
  const sigma = ddimSigma(alphaBarT, alphaBarPrev, eta);
  const dirScale = Math.sqrt(Math.max(0, 1 - alphaBarPrev - sigma * sigma));
  const aPrev = Math.sqrt(alphaBarPrev);
  if (sigma > 0 && (!noise || noise.length !== n)) throw new RangeError("ddimStep: η > 0 needs one noise value per pixel");
  const x0 = new Float32Array(n);
  const mean = new Float32Array(n);
  const prev = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x0i = Math.min(1, Math.max(-1, a * xt[i]! - s * v[i]!));
    const eps = (xt[i]! - a * x0i) / s;
    const mu = aPrev * x0i + dirScale * eps;
    x0[i] = x0i;
    mean[i] = mu;
    prev[i] = sigma > 0 ? mu + sigma * noise![i]! : mu;
  }
  return { prev, mean, sigma, x0 };
}

/** log π(x_{t−1} | x_t) under N(mean, σ²I), averaged over pixels (null when σ = 0). */
export function ddimLogProb(prev: Float32Array, mean: Float32Array, sigma: number): number | null {
  if (!(sigma > 0)) return null;
  let sq = 0;
  for (let i = 0; i < prev.length; i++) sq += (prev[i]! - mean[i]!) ** 2;
  return -sq / prev.length / (2 * sigma * sigma) - Math.log(sigma) - HALF_LOG_2PI;
}
