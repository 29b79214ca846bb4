/**
 * Multimodal-consistency reward r_consist(x, y) = cos(E_img(x), E_txt(y)): the CLIP score of the
 * film and the report it was generated for, from the reward dual encoder (never the generator's
 * own text encoder). In [−1, 1]; matched simulator pairs score ≈ 0.6–0.8, shuffled pairs lower
 * (figures in the reward-clip card).
 */
import type { ClipModel } from "./clip-model.js";

export async function consistencyRewards(model: ClipModel, films: Float32Array, count: number, size: number, reports: readonly string[]): Promise<number[]> {
  return model.score(films, count, size, reports);
}
