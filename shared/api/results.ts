/**
 * The result upload of the internal API: the batch side PUTs one image's bytes to
 * /internal/v1/jobs/:jobId/items/:itemIndex with this manifest line (base64url JSON) in the
 * X-CXR-Manifest header, the whole request signed (shared/crypto/request-signature.ts).
 */
import { z } from "zod";
import { fileFormatSchema } from "../sampler/formats.js";
import { seedSchema } from "../sampler/seed.js";

export const resultManifestLineSchema = z
  .object({
    /** Item index within the job: reportIndex × samplesPerReport + sampleIndex. */
    itemIndex: z.number().int().min(0),
    /** Seed actually used (must equal the one the edge derived, see shared/keys itemSeed). */
    seed: seedSchema,
    /** Content key computed by the batch side (optional; when sent it must equal the edge's). */
    contentKey: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    format: fileFormatSchema,
    /** Reward-model scores of this image (name → value), when computed. */
    quality: z.record(z.string().max(64), z.number()).optional(),
    /** Exact model version that produced it. */
    modelVersion: z.string().min(1).max(128),
    /** Simulated (phantom) items only: the simulator's report of the film, the source of its labels. */
    report: z.string().min(1).max(20_000).optional(),
  })
  .strict();
export type ResultManifestLine = z.infer<typeof resultManifestLineSchema>;

/** One line of a dataset's manifest (JSONL) as partners download it. */
export interface DatasetManifestLine {
  index: number;
  reportIndex: number;
  sampleIndex: number;
  seed: number;
  contentKey: string;
  status: "pending" | "done" | "failed";
  labels: Record<string, number | null>;
  view: unknown;
  report: string;
  quality: Record<string, number> | null;
  /** Short-lived signed download URLs, present when done. */
  files: { png?: string; dicom?: string };
  /** Lower-case hex SHA-256 of each file's bytes, present when done: check downloads against it. */
  sha256: { png?: string; dicom?: string };
}
