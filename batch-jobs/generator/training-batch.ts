/**
 * One supervised batch (DDPM training, Ho et al. 2020 Alg. 1, in v-parameterisation):
 *   x₀ ~ pool, t ~ U{0…T−1}, ε ~ N(0, I)
 *   x_t = √ᾱ_t x₀ + √(1−ᾱ_t) ε,   target v = √ᾱ_t ε − √(1−ᾱ_t) x₀
 * plus the condition rows with null-condition, text and view dropout (and the film's posture, for
 * architectures conditioned on it). Everything comes from `rng`.
 */
import type { NamedTensors } from "../ml/index.js";
import type { Rng } from "../../shared/random.js";
import type { TrainConfig } from "./config.js";
import { withViewUnstated } from "./condition.js";
import { conditionFeeds, type EncodedReport, type RowOptions } from "./feeds.js";
import type { FilmSource } from "./film-pool.js";
import { TRAIN_TIMESTEPS } from "./schedule.js";

export function trainingBatch(cfg: TrainConfig, pool: FilmSource, alphaBar: Float64Array, rng: Rng): NamedTensors {
  const { batch: b } = cfg;
  const n = cfg.architecture.size ** 2;
  const x = new Float32Array(b * n);
  const target = new Float32Array(b * n);
  const t = new Float32Array(b);
  const rows: EncodedReport[] = [];
  const options: RowOptions[] = [];
  for (let r = 0; r < b; r++) {
    const film = pool.film(rng.int(pool.size));
    const step = rng.int(TRAIN_TIMESTEPS);
    t[r] = step;
    const a = Math.sqrt(alphaBar[step]!);
    const s = Math.sqrt(1 - alphaBar[step]!);
    for (let i = 0; i < n; i++) {
      const eps = rng.normal();
      const x0 = film.pixels[i]!;
      x[r * n + i] = a * x0 + s * eps;
      target[r * n + i] = a * eps - s * x0;
    }
    options.push({ keep: !rng.chance(cfg.nullConditionRate), showText: !rng.chance(cfg.textDropRate), posture: film.posture });
    // Drawn only when enabled: recipes without it keep their random stream, and their bundles replay.
    const hideView = cfg.viewDropRate > 0 && rng.chance(cfg.viewDropRate);
    rows.push(hideView ? { ...film.report, codes: withViewUnstated(film.report.codes) } : film.report);
  }
  const dims = [b, 1, cfg.architecture.size, cfg.architecture.size];
  return { ...conditionFeeds(cfg.architecture, rows, options), x: { dims, data: x }, target: { dims, data: target }, t: { dims: [b], data: t } };
}
