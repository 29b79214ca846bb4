/** POST /v1/generations and GET /v1/generations/:id bodies. */
import { z } from "zod";
import { generationSamplerFields } from "../sampler/settings.js";

export const generationRequestSchema = z
  .object({
    /** The radiology report (validated by shared/report: PHI is rejected, never stored). */
    report: z.unknown(),
    /** seed, steps, guidance, size, format: absent ones get shared/sampler's defaults. */
    ...generationSamplerFields,
  })
  .strict();
export type GenerationRequest = z.infer<typeof generationRequestSchema>;

export const GENERATION_STATES = ["queued", "running", "succeeded", "failed"] as const;
export type GenerationState = (typeof GENERATION_STATES)[number];

export interface GenerationView {
  id: string;
  status: GenerationState;
  /** True when the image came from the content-addressed cache without new GPU work. */
  cached: boolean;
  contentKey: string;
  settings: { seed: number; steps: number; guidance: number; size: number; format: string; modelVersion: string };
  /** Parsed findings: CheXpert label → 1 / 0 / -1 / null, and the view. */
  findings: { labels: Record<string, number | null>; view: unknown };
  /** Absolute URLs per stored format, present when succeeded. */
  images: { png?: string; dicom?: string } | null;
  quality: Record<string, number> | null;
  error: { code: string; message: string } | null;
  createdAt: string;
  updatedAt: string;
}
