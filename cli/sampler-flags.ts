/**
 * --seed / --steps / --guidance / --size / --format, checked against the API's own rules
 * (shared/api), so the CLI refuses what the edge would refuse, with the flag named, before sending.
 */
import { guidanceSchema, IMAGE_SIZES, OUTPUT_FORMATS, seedSchema, stepsSchema, type OutputFormat } from "../shared/api/index.js";
import { usageError } from "./errors.js";
import { choiceFlag, integerFlag, numberFlag } from "./options.js";

export const SAMPLER_FLAGS = {
  seed: { type: "string" },
  steps: { type: "string" },
  guidance: { type: "string" },
  size: { type: "string" },
  format: { type: "string" },
} as const;

export const SAMPLER_HELP = `  --seed <n>          0..${seedSchema.maxValue} (default 0)
  --steps <n>         DDIM steps ${stepsSchema.minValue}..${stepsSchema.maxValue} (default 50; fewer is faster)
  --guidance <x>      classifier-free guidance ${guidanceSchema.minValue}..${guidanceSchema.maxValue} (default 4)
  --size <px>         ${IMAGE_SIZES.join(" | ")} (what the serving model generates)`;

export interface SamplerSettings {
  seed?: number;
  steps?: number;
  guidance?: number;
  size?: number;
  format?: OutputFormat;
}

const range = (schema: { minValue: number | null; maxValue: number | null }) => ({ min: schema.minValue ?? 0, max: schema.maxValue ?? Number.MAX_SAFE_INTEGER });

/** The settings given on the command line (absent ones stay absent: the API applies its defaults). */
export function samplerSettings(values: { seed?: string; steps?: string; guidance?: string; size?: string; format?: string }): SamplerSettings {
  const settings: SamplerSettings = {};
  const seed = integerFlag("seed", values.seed, range(seedSchema));
  const steps = integerFlag("steps", values.steps, range(stepsSchema));
  const guidance = numberFlag("guidance", values.guidance, range(guidanceSchema));
  const format = choiceFlag("format", values.format, OUTPUT_FORMATS);
  if (values.size !== undefined && !(IMAGE_SIZES as readonly number[]).includes(Number(values.size))) throw usageError(`--size must be ${IMAGE_SIZES.join(" or ")}, got "${values.size}"`);
  if (seed !== undefined) settings.seed = seed;
  if (steps !== undefined) settings.steps = steps;
  if (guidance !== undefined) settings.guidance = guidance;
  if (values.size !== undefined) settings.size = Number(values.size);
  if (format !== undefined) settings.format = format;
  return settings;
}
