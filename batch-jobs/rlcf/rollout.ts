/**
 * One epoch's sampling: the policy's stochastic trajectories (η > 0, log π per step) and, for
 * every run, the anchor's film for the same report and seed. The two share x_T (the
 * sampler draws it from the film's seed) but not the step noise: the anchor samples
 * deterministically (η = 0), so even at initialisation, when the two models are equal, x and x̂
 * differ and r(x) − r(x̂) carries a signal — the anchor's film acts as a baseline conditional on x_T.
 */
import type { CanonicalReport } from "../../shared/report/types.js";
import type { GeneratorModel, TrajectoryStep } from "../generator/index.js";
import type { FinetuneConfig } from "./config.js";
import type { Policy } from "./policy.js";

export interface Rollout {
  count: number;
  /** Policy films [count, 1, S, S]. */
  films: Float32Array;
  /** Anchor films for the same reports and seeds (sampled for direct feedback too: the win rate). */
  anchorFilms: Float32Array;
  /** Trajectories per chunk of films sampled together. */
  chunks: { start: number; count: number; trajectory: TrajectoryStep[] }[];
}

export async function sampleRollout(policy: Policy, anchor: GeneratorModel, reports: readonly CanonicalReport[], seeds: readonly number[], cfg: FinetuneConfig): Promise<Rollout> {
  const n = policy.architecture.size ** 2;
  const films = new Float32Array(reports.length * n);
  const chunks: Rollout["chunks"] = [];
  const settings = { steps: cfg.steps, guidance: cfg.guidance, eta: cfg.eta };
  for (let start = 0; start < reports.length; start += policy.model.maxBatch) {
    const end = Math.min(reports.length, start + policy.model.maxBatch);
    const part = await policy.model.sample(reports.slice(start, end), seeds.slice(start, end), settings, { keepTrajectory: true });
    films.set(part.films, start * n);
    chunks.push({ start, count: end - start, trajectory: part.trajectory! });
  }
  const { films: anchorFilms } = await anchor.sample(reports, seeds, { ...settings, eta: 0 });
  return { count: reports.length, films, anchorFilms, chunks };
}

/** Film i's transition at step k: views into the chunk's buffers (no copies). */
export function transition(r: Rollout, film: number, step: number, pixels: number): { t: number; xt: Float32Array; prev: Float32Array; logProb: number } {
  const chunk = r.chunks.find((c) => film >= c.start && film < c.start + c.count)!;
  const s = chunk.trajectory[step]!;
  const row = film - chunk.start;
  return { t: s.t, xt: s.xt.subarray(row * pixels, (row + 1) * pixels), prev: s.prev.subarray(row * pixels, (row + 1) * pixels), logProb: s.logProb[row]! };
}
