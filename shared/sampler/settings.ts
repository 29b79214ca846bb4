/**
 * Sampler settings (seed, steps, guidance, eta, size, format, samples per report): their ranges
 * and defaults, one rule for the edge's request bodies, the job specs the batch side runs, the CLI
 * and the demo page. Defaults are zod `.default()`s, so every parsed body or spec carries them.
 */
import { z } from "zod";
import { formatSchema } from "./formats.js";
import { seedSchema } from "./seed.js";
import { filmSizeSchema, GENERATE_SIZE_RANGE, sizeSchema } from "./sizes.js";

/** What a request or a job spec that leaves a sampler field out gets. */
export const SAMPLER_DEFAULTS = { seed: 0, steps: 50, guidance: 4, size: 64, format: "png" } as const;
/** DDIM eta (0: deterministic DDIM); only job specs expose it. */
export const DEFAULT_ETA = 0;

/** DDIM sampling steps: more is slower and (up to a point) sharper. The edge serves at most
 *  `servedMax` (it bounds a request's GPU time); a job spec, run offline, may ask for `jobMax`. */
export const STEPS_RANGE = { min: 1, servedMax: 200, jobMax: 1000 } as const;
/** Classifier-free guidance scale: higher follows the report more closely, less diverse. */
export const GUIDANCE_RANGE = { min: 0, max: 30 } as const;
export const ETA_RANGE = { min: 0, max: 1 } as const;
/** Images per report in one order or job. */
export const MAX_SAMPLES_PER_REPORT = 64;

export const stepsSchema = z.number().int().min(STEPS_RANGE.min).max(STEPS_RANGE.servedMax);
export const guidanceSchema = z.number().min(GUIDANCE_RANGE.min).max(GUIDANCE_RANGE.max);
export const samplesPerReportSchema = z.number().int().min(1).max(MAX_SAMPLES_PER_REPORT);

const seedField = seedSchema.default(SAMPLER_DEFAULTS.seed);
const guidanceField = guidanceSchema.default(SAMPLER_DEFAULTS.guidance);
/** Output format, "png" when absent (a job spec's too). */
export const defaultedFormatSchema = formatSchema.default(SAMPLER_DEFAULTS.format);

/** The sampler fields of POST /v1/generations (its sizes are the served model's). */
export const generationSamplerFields = {
  seed: seedField,
  steps: stepsSchema.default(SAMPLER_DEFAULTS.steps),
  guidance: guidanceField,
  size: sizeSchema.default(SAMPLER_DEFAULTS.size),
  format: defaultedFormatSchema,
};

/** The sampler fields of POST /v1/datasets: phantom orders may ask for more sizes (the body's refinement limits the others). */
export const datasetSamplerFields = {
  ...generationSamplerFields,
  size: filmSizeSchema.default(SAMPLER_DEFAULTS.size),
  samplesPerReport: samplesPerReportSchema.default(1),
};

/** The sampler fields of a generate job spec: the job's steps range and any size a bundle may have. */
export const jobSamplerFields = {
  steps: z.number().int().min(STEPS_RANGE.min).max(STEPS_RANGE.jobMax).default(SAMPLER_DEFAULTS.steps),
  guidance: guidanceField,
};
export const jobEtaSchema = z.number().min(ETA_RANGE.min).max(ETA_RANGE.max).default(DEFAULT_ETA);
export const jobSizeSchema = z.number().int().min(GENERATE_SIZE_RANGE.min).max(GENERATE_SIZE_RANGE.max).default(SAMPLER_DEFAULTS.size);
