/** Checks a generate spec against the bundle it names: model version, size and steps. */
import type { GenerateSpec } from "../../shared/jobs/kinds.js";
import type { Architecture, SamplerSettings } from "../generator/index.js";
import { TRAIN_TIMESTEPS } from "../generator/schedule.js";
import type { ModelRegistry } from "../registry/model-registry.js";
import { JobError } from "./job-error.js";

/** Generation is deterministic DDIM (η = 0): the content key needs no η. The fine-tune samples with η > 0. */
export const GENERATE_ETA = 0;

export async function resolveModelVersion(registry: ModelRegistry, ref: GenerateSpec["model"]): Promise<string> {
  if (ref.version) {
    if (!(await registry.getManifest(ref.name, ref.version))) throw new JobError("inputMissing", "model_not_found", `model ${ref.name} has no version ${ref.version} in the registry.`);
    return ref.version;
  }
  const version = await registry.resolve(ref.name, ref.alias!);
  if (!version) throw new JobError("inputMissing", "model_not_found", `model ${ref.name} has no ${ref.alias} alias in the registry.`);
  return version;
}

export function samplerFromSpec(spec: GenerateSpec, a: Architecture): SamplerSettings {
  if (spec.size !== a.size) throw new JobError("invalidSpec", "size_unsupported", `size ${spec.size} is not supported by this model, which generates ${a.size}x${a.size} films.`);
  if (spec.steps > TRAIN_TIMESTEPS) throw new JobError("invalidSpec", "steps_unsupported", `steps must be at most ${TRAIN_TIMESTEPS}.`);
  return { steps: spec.steps, guidance: spec.guidance, eta: GENERATE_ETA };
}
