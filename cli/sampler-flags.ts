/**
 * --seed / --steps / --guidance / --size / --format, checked against the API's own rules
 * (shared/sampler), so the CLI refuses what the edge would refuse, with the flag named, before sending.
 */
import { OUTPUT_FORMATS, type OutputFormat } from "../shared/sampler/formats.js";
import { SEED_RANGE } from "../shared/sampler/seed.js";
import { GUIDANCE_RANGE, SAMPLER_DEFAULTS, STEPS_RANGE } from "../shared/sampler/settings.js";
import { IMAGE_SIZES } from "../shared/sampler/sizes.js";
import { usageError } from "./errors.js";
import { choiceFlag, integerFlag, numberFlag } from "./options.js";

export const SAMPLER_FLAGS = {
  seed: { type: "string" },
  steps: { type: "string" },
  guidance: { type: "string" },
  size: { type: "string" },
  format: { type: "string" },
} as const;

/** The edge serves at most STEPS_RANGE.servedMax steps. */
const STEPS = { min: STEPS_RANGE.min, max: STEPS_RANGE.servedMax };

export const SAMPLER_HELP = `  --seed <n>          ${SEED_RANGE.min}..${SEED_RANGE.max} (default ${SAMPLER_DEFAULTS.seed})
  --steps <n>         DDIM steps ${STEPS.min}..${STEPS.max} (default ${SAMPLER_DEFAULTS.steps}; fewer is faster)
  --guidance <x>      classifier-free guidance ${GUIDANCE_RANGE.min}..${GUIDANCE_RANGE.max} (default ${SAMPLER_DEFAULTS.guidance})
  --size <px>         ${IMAGE_SIZES.join(" | ")} (what the serving model generates)`;

export interface SamplerSettings {
  seed?: number;
  steps?: number;
  guidance?: number;
  size?: number;
  format?: OutputFormat;
}

/** The settings given on the command line (absent ones stay absent: the API applies its defaults). */
export function samplerSettings(values: { seed?: string; steps?: string; guidance?: string; size?: string; format?: string }): SamplerSettings {
  const settings: SamplerSettings = {};
  const seed = integerFlag("seed", values.seed, SEED_RANGE);
  const steps = integerFlag("steps", values.steps, STEPS);
  const guidance = numberFlag("guidance", values.guidance, GUIDANCE_RANGE);
  const format = choiceFlag("format", values.format, OUTPUT_FORMATS);
  if (values.size !== undefined && !(IMAGE_SIZES as readonly number[]).includes(Number(values.size))) throw usageError(`--size must be ${IMAGE_SIZES.join(" or ")}, got "${values.size}"`);
  if (seed !== undefined) settings.seed = seed;
  if (steps !== undefined) settings.steps = steps;
  if (guidance !== undefined) settings.guidance = guidance;
  if (values.size !== undefined) settings.size = Number(values.size);
  if (format !== undefined) settings.format = format;
  return settings;
}
