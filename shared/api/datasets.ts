/** POST /v1/datasets body and the dataset views. */
import { z } from "zod";
import { CHEXPERT_LABELS } from "../report/types.js";
import { datasetSamplerFields } from "../sampler/settings.js";
import { IMAGE_SIZES, SIZE_UNSUPPORTED_MESSAGE } from "../sampler/sizes.js";

/** Largest order (reports × samplesPerReport), so one request cannot swamp the GPU queue. */
export const MAX_DATASET_IMAGES = 100_000;
export const MAX_DATASET_REPORTS = 10_000;

const probability = z.number().min(0).max(1);

/** Describes reports to synthesise instead of listing them: per-label prevalence and view mix. */
export const datasetSpecSchema = z
  .object({
    count: z.number().int().min(1).max(MAX_DATASET_REPORTS),
    /** Probability that each report is positive for a label; labels left out are never positive. */
    labels: z.partialRecord(z.enum(CHEXPERT_LABELS), probability),
    /** Relative weights of frontal projections (default all PA). */
    views: z.partialRecord(z.enum(["PA", "AP"]), z.number().min(0).max(1000)).optional(),
  })
  .strict();
export type DatasetSpec = z.infer<typeof datasetSpecSchema>;

/** Simulated films instead of generated ones: the phantom simulator draws findings from each seed. */
export const phantomOrderSchema = z
  .object({
    /** Number of films; film i uses seed `seed + i` (mod 2^32). */
    count: z.number().int().min(1).max(MAX_DATASET_REPORTS),
  })
  .strict();
export type PhantomOrder = z.infer<typeof phantomOrderSchema>;

export const datasetRequestSchema = z
  .object({
    reports: z.array(z.unknown()).min(1).max(MAX_DATASET_REPORTS).optional(),
    spec: datasetSpecSchema.optional(),
    /** Simulated (phantom) films; excludes reports and spec, and samplesPerReport must be 1. */
    phantom: phantomOrderSchema.optional(),
    /** samplesPerReport, seed, steps, guidance, size, format, with shared/sampler's defaults.
     *  size: phantom orders any of PHANTOM_IMAGE_SIZES, generated orders the serving model's sizes. */
    ...datasetSamplerFields,
    /** HTTPS endpoint that receives the signed `dataset.completed` event. */
    webhookUrl: z.string().url().max(2048).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (!body.phantom && !(IMAGE_SIZES as readonly number[]).includes(body.size)) ctx.addIssue({ code: "custom", path: ["size"], message: SIZE_UNSUPPORTED_MESSAGE });
  });
export type DatasetRequest = z.infer<typeof datasetRequestSchema>;

export const DATASET_STATES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type DatasetState = (typeof DATASET_STATES)[number];

export interface DatasetView {
  id: string;
  status: DatasetState;
  progress: { done: number; failed: number; total: number; etaSeconds: number | null };
  settings: { samplesPerReport: number; seed: number; steps: number; guidance: number; size: number; format: string; modelVersion: string };
  cost: { credits: number };
  manifestUrl: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}
