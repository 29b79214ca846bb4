/** Held-out figures of every reward and judge bundle, measured again from the registry (not read from manifests). */
import type { Params } from "../../batch-jobs/ml/index.js";
import type { ModelRegistry } from "../../batch-jobs/registry/model-registry.js";
import { loadBundle } from "../../batch-jobs/rewards/bundle.js";
import type { FilmBank } from "../../batch-jobs/rewards/film-bank.js";
import type { Architecture } from "../../batch-jobs/rewards/film-net.js";
import type { FilmModelKind } from "../../batch-jobs/rewards/heads.js";
import { evaluateDualEncoder } from "../../batch-jobs/rewards/train-dual-encoder.js";
import { evaluateFilmModel } from "../../batch-jobs/rewards/train-film-model.js";

export async function modelFigures(registry: ModelRegistry, name: string, bank: FilmBank): Promise<Record<string, number> & { version?: never }> {
  const b = await loadBundle(registry, name);
  const m = b.model as Record<string, unknown>;
  if (m["family"] === "film") {
    return evaluateFilmModel({ kind: m["kind"] as FilmModelKind, arch: m["arch"] as Architecture, size: m["size"] as number }, b.params as Params, bank);
  }
  return evaluateDualEncoder(
    { arch: m["arch"] as Architecture, size: m["size"] as number, embedDim: m["embedDim"] as number, textBuckets: m["textBuckets"] as number, textHidden: m["textHidden"] as number },
    b.params as Params,
    bank,
  );
}
