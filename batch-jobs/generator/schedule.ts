/**
 * Cosine noise schedule (Nichol & Dhariwal 2021, eq. 17) over T discrete steps and the DDIM
 * timestep subsequence. Notation: ᾱ_t = alphaBar[t], t ∈ {0 … T−1}; x_t = √ᾱ_t x₀ + √(1−ᾱ_t) ε.
 * v-prediction (Salimans & Ho 2022): v = √ᾱ_t ε − √(1−ᾱ_t) x₀, so x₀ = √ᾱ_t x_t − √(1−ᾱ_t) v
 * and ε = √(1−ᾱ_t) x_t + √ᾱ_t v.
 */
export const TRAIN_TIMESTEPS = 1000;
const S = 0.008;
const MAX_BETA = 0.999;

/** ᾱ_t for t = 0 … T−1 (ᾱ of "step −1", i.e. clean data, is 1). */
export function cosineAlphaBar(T = TRAIN_TIMESTEPS): Float64Array {
  const f = (t: number) => Math.cos(((t / T + S) / (1 + S)) * (Math.PI / 2)) ** 2;
  const out = new Float64Array(T);
  let prod = 1;
  for (let t = 0; t < T; t++) {
    const beta = Math.min(1 - f(t + 1) / f(t), MAX_BETA);
    prod *= 1 - beta;
    out[t] = prod;
  }
  return out;
}

/** Evenly spaced DDIM timesteps, descending from T−1 ("trailing" spacing, includes T−1). */
export function ddimTimesteps(steps: number, T = TRAIN_TIMESTEPS): number[] {
  if (!Number.isInteger(steps) || steps < 1 || steps > T) throw new RangeError(`steps must be an integer in 1..${T}, got ${steps}`);
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push(Math.round(T - 1 - (i * T) / steps));
  return out;
}
