/** What the jobs that judge films share: where the judge models are, and the FID reference. */
import type { Gaussian } from "../../shared/metrics/fid.js";
import { ModelRegistry } from "../registry/model-registry.js";
import { committedRegistryRoot } from "../rewards/committed-models.js";
import { referenceGaussian } from "../rewards/evaluate-films.js";
import { phantomFilms } from "../rewards/film-source.js";
import type { JudgeModels } from "../rewards/index.js";
import { openObjectStore } from "../storage/open-object-store.js";
import { JobError } from "./job-error.js";

/** Simulator films the FID is measured against (a seed range of its own). */
export const DEFAULT_REFERENCE = { kind: "phantom" as const, count: 1000, firstSeed: 9_500_000 };

/** The first of `uri`, $CXR_REGISTRY_URI's store and the repository's committed models/ that holds the judges (and rewards). */
export async function openJudgesRegistry(env: Record<string, string | undefined>, uri?: string): Promise<ModelRegistry> {
  const candidates = [uri, env["CXR_REGISTRY_URI"]?.replace(/models\/?$/, ""), committedRegistryRoot()].filter((u): u is string => !!u);
  for (const root of candidates) {
    const registry = new ModelRegistry(openObjectStore(root, env));
    if ((await registry.resolve("judge-posture", "production")) !== null) return registry;
  }
  throw new JobError("inputMissing", "judges_missing", `no registry with the judge models (judge-posture, judge-classifier) at ${candidates.join(", ") || "(none given)"}; set spec.judgesRegistryUri or train them with npm run train:rewards`);
}

export function phantomReference(judges: JudgeModels, ref: { count: number; firstSeed: number } = DEFAULT_REFERENCE): Promise<Gaussian> {
  const films = phantomFilms(ref.count, ref.firstSeed, judges.size);
  return referenceGaussian(judges, films.films, films.count, judges.size);
}
