/** Films from the generator for a list of reports, `samples` per report, in batches, with progress. */
import { canonicalize } from "../../shared/report/index.js";
import type { CanonicalReport } from "../../shared/report/types.js";
import type { GeneratorModel, SamplerSettings } from "../../batch-jobs/generator/index.js";
import type { FilmSet } from "../../batch-jobs/rewards/evaluate-films.js";

export async function generateSet(model: GeneratorModel, reports: readonly string[], o: { samples: number; firstSeed: number; settings: SamplerSettings; label: string; conditionOnly?: boolean; unstatedViewAsPa?: boolean }): Promise<FilmSet> {
  const texts = reports.flatMap((r) => Array.from({ length: o.samples }, () => r));
  const seeds = texts.map((_, i) => o.firstSeed + i);
  const size = model.architecture.size;
  const films = new Float32Array(texts.length * size * size);
  const started = Date.now();
  for (let b = 0; b < texts.length; b += model.maxBatch) {
    const part = texts.slice(b, b + model.maxBatch);
    const { films: out } = await model.sample(part.map((t) => asModelInput(canonicalize(t), o.unstatedViewAsPa)), seeds.slice(b, b + part.length), o.settings, { conditionOnly: o.conditionOnly });
    films.set(out, b * size * size);
    const done = b + part.length;
    process.stderr.write(`${JSON.stringify({ event: "progress", set: o.label, done, total: texts.length, etaSec: Math.round(((Date.now() - started) / done) * (texts.length - done) / 1000) })}\n`);
  }
  return { films, count: texts.length, size, ids: seeds.map(String), reports: texts };
}

/** A probe of the view token: a report that states no projection gets PA in its condition tokens (the text is unchanged). */
export function asModelInput(c: CanonicalReport, unstatedViewAsPa = false): CanonicalReport {
  if (!unstatedViewAsPa || c.condition.view.projection !== null) return c;
  return { ...c, condition: { ...c.condition, view: { ...c.condition.view, projection: "PA" } } };
}
