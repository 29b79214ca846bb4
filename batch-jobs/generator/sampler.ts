/**
 * Batched DDIM sampling with classifier-free guidance (Ho & Salimans 2022):
 *   v̂ = v_∅ + w · (v_c − v_∅)   (w = guidance; w = 1 runs the conditional branch only)
 * optionally rescaled toward the conditional prediction's spread (Lin et al. 2024, §3.4), per film:
 *   v̂ ← φ · v̂ · std(v_c)/std(v̂) + (1 − φ) · v̂   (φ = guidanceRescale; 0 or absent = off)
 * and optionally only inside an interval of noise levels (Kynkäänniemi et al. 2024): outside it
 * w = 1, the conditional branch alone, which also halves those steps' cost.
 * Every sample has its own seed: x_T and each step's noise come from createRng(seed) forks, so a
 * film depends on its report, seed and settings only. The trajectory (x_T … x₀, per-step means,
 * σ and log-probabilities) is returned when asked for — the RLCF fine-tune's policy data.
 */
import { createRng } from "../../shared/random.js";
import { ddimLogProb, ddimStep } from "./ddim.js";
import { ddimTimesteps, TRAIN_TIMESTEPS } from "./schedule.js";

export interface SamplerSettings {
  steps: number;
  guidance: number;
  /** 0 = deterministic DDIM; > 0 = stochastic (needed for log-probabilities). */
  eta: number;
  /** φ of the guidance rescale, in [0, 1]: counters the over-exposure high guidance gives. Absent = 0. */
  guidanceRescale?: number;
  /** [from, to] as fractions of the training timesteps (0 clean, 1 pure noise): guidance applies
   *  only at steps with from ≤ t/T ≤ to. Absent = every step. */
  guidanceInterval?: readonly [number, number];
}

/** Predicts v for `count` films at timestep t: conditional, or unconditional when `uncond`. */
export type PredictV = (x: Float32Array, t: number, o: { uncond: boolean }) => Promise<Float32Array>;

export interface TrajectoryStep {
  t: number;
  /** x_t before the step and x_{t−1} after it, all films concatenated. */
  xt: Float32Array;
  prev: Float32Array;
  mean: Float32Array;
  sigma: number;
  /** Per film (null when η = 0). */
  logProb: (number | null)[];
}

export interface SampleResult {
  films: Float32Array;
  trajectory?: TrajectoryStep[];
}

export async function sampleDdim(o: {
  seeds: readonly number[];
  pixels: number;
  alphaBar: Float64Array;
  settings: SamplerSettings;
  predict: PredictV;
  keepTrajectory?: boolean;
  /** Called after each step (progress). */
  onStep?: (done: number, total: number) => void;
}): Promise<SampleResult> {
  const { seeds, pixels: n, alphaBar, settings } = o;
  const rngs = seeds.map((s) => createRng(s));
  let x: Float32Array = new Float32Array(seeds.length * n);
  rngs.forEach((rng, r) => {
    const init = rng.fork("x_T");
    for (let i = 0; i < n; i++) x[r * n + i] = init.normal();
  });
  const schedule = ddimStepAlphas(settings.steps, alphaBar);
  const trajectory: TrajectoryStep[] = [];
  for (let k = 0; k < schedule.length; k++) {
    const { t, alphaBarT, alphaBarPrev } = schedule[k]!;
    const v = await guidedV(o.predict, x, t, guidanceAt(t, settings), settings.guidanceRescale ?? 0, n);
    const noise = settings.eta > 0 ? new Float32Array(x.length) : undefined;
    if (noise) rngs.forEach((rng, r) => {
      const z = rng.fork(`step:${k}`);
      for (let i = 0; i < n; i++) noise[r * n + i] = z.normal();
    });
    const step = ddimStep({ xt: x, v, alphaBarT, alphaBarPrev, eta: settings.eta, noise });
    if (o.keepTrajectory) {
      const logProb = seeds.map((_, r) => ddimLogProb(step.prev.subarray(r * n, (r + 1) * n), step.mean.subarray(r * n, (r + 1) * n), step.sigma));
      trajectory.push({ t, xt: x, prev: step.prev, mean: step.mean, sigma: step.sigma, logProb });
    }
    x = step.prev;
    o.onStep?.(k + 1, schedule.length);
  }
  // A copy: the trajectory's last x_{t−1} must stay the unclipped draw its log-probability is of.
  const films = Float32Array.from(x, (v) => Math.min(1, Math.max(-1, v)));
  return o.keepTrajectory ? { films, trajectory } : { films };
}

/** The DDIM steps' timesteps and cumulative alphas (sampling and the fine-tune's recomputation share them). */
export function ddimStepAlphas(steps: number, alphaBar: Float64Array): { t: number; alphaBarT: number; alphaBarPrev: number }[] {
  const timesteps = ddimTimesteps(steps, TRAIN_TIMESTEPS);
  // The last step lands on ᾱ_0 (not 1), as diffusers' DDIM with set_alpha_to_one=False: σ stays > 0.
  return timesteps.map((t, k) => ({ t, alphaBarT: alphaBar[t]!, alphaBarPrev: k + 1 < timesteps.length ? alphaBar[timesteps[k + 1]!]! : alphaBar[0]! }));
}

/** The guidance scale of the step at timestep t: 1 (unguided) outside the settings' interval. */
export function guidanceAt(t: number, s: Pick<SamplerSettings, "guidance" | "guidanceInterval">): number {
  if (!s.guidanceInterval) return s.guidance;
  const [from, to] = s.guidanceInterval;
  const at = t / TRAIN_TIMESTEPS;
  return at >= from && at <= to ? s.guidance : 1;
}

/** The guided prediction for all films at timestep t (exported for its tests). */
export async function guidedV(predict: PredictV, x: Float32Array, t: number, w: number, phi: number, pixels: number): Promise<Float32Array> {
  const cond = await predict(x, t, { uncond: false });
  if (w === 1) return cond;
  const uncond = await predict(x, t, { uncond: true });
  const out = new Float32Array(cond.length);
  for (let i = 0; i < out.length; i++) out[i] = uncond[i]! + w * (cond[i]! - uncond[i]!);
  if (phi > 0) {
    for (let start = 0; start < out.length; start += pixels) {
      const [film, c] = [out.subarray(start, start + pixels), cond.subarray(start, start + pixels)];
      const factor = phi * (std(c) / Math.max(std(film), 1e-12)) + (1 - phi);
      for (let i = 0; i < pixels; i++) film[i] = film[i]! * factor;
    }
  }
  return out;
}

function std(values: Float32Array): number {
  let [sum, sq] = [0, 0];
  for (const v of values) (sum += v), (sq += v * v);
  const mean = sum / values.length;
  return Math.sqrt(Math.max(0, sq / values.length - mean * mean));
}
