/**
 * docs/samples.png: one row per report of PREVIEW_REPORTS (listed in docs/generator.md): the
 * simulator's film drawn from the report's parsed condition, then three generated films (seeds 1–3).
 */
import { phantomConfig, simulate } from "../../batch-jobs/data/phantom/index.js";
import { filmToTensor } from "../../batch-jobs/data/tensors/film-tensor.js";
import { filmGridPng, PREVIEW_REPORTS, type GeneratorModel, type SamplerSettings } from "../../batch-jobs/generator/index.js";
import { simulatorConfigFor } from "../../batch-jobs/rewards/condition-films.js";

export const FIGURE_SEEDS = [1, 2, 3];

export async function samplesFigure(model: GeneratorModel, settings: SamplerSettings): Promise<Buffer> {
  const size = model.architecture.size;
  const cols = 1 + FIGURE_SEEDS.length;
  const films = new Float32Array(PREVIEW_REPORTS.length * cols * size * size);
  for (const [r, canonical] of PREVIEW_REPORTS.entries()) {
    const sim = simulate(phantomConfig({ ...simulatorConfigFor(canonical.condition), size }), 4242 + r);
    filmToTensor(sim.pixels, films, r * cols * size * size);
    const { films: gen } = await model.sample(FIGURE_SEEDS.map(() => canonical), FIGURE_SEEDS, settings);
    films.set(gen, (r * cols + 1) * size * size);
  }
  return filmGridPng(films, PREVIEW_REPORTS.length * cols, size, cols);
}

