/**
 * manifest.json of a model version (`models/<name>/<version>/manifest.json`): what the version
 * is made of (files with sha256), how it was made (config, parent version) and how good it is
 * (metrics). Written last, create-once, so its presence means the version is complete.
 */
import { z } from "zod";
import { MODEL_NAME_PATTERN, MODEL_VERSION_PATTERN } from "../../shared/model/model-ref.js";

export { MODEL_NAME_PATTERN };
export const VERSION_PATTERN = MODEL_VERSION_PATTERN;
export const ALIASES = ["production", "candidate"] as const;
export type Alias = (typeof ALIASES)[number];

export const manifestFileSchema = z.object({
  /** Path inside the version folder, e.g. "denoiser.onnx". */
  path: z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().min(0),
});

export const modelManifestSchema = z.object({
  manifestVersion: z.literal(1),
  name: z.string().regex(MODEL_NAME_PATTERN),
  version: z.string().regex(VERSION_PATTERN),
  createdAt: z.string().datetime(),
  /** Version this one was trained or fine-tuned from (null for a fresh model). */
  parent: z.string().regex(VERSION_PATTERN).nullable(),
  /** The exact training config, so a version can be reproduced. */
  config: z.record(z.string(), z.unknown()),
  /** Evaluation figures (name → value), e.g. { "fid": 2.1, "posture": -0.31 }. */
  metrics: z.record(z.string(), z.number()),
  files: z.array(manifestFileSchema).min(1),
});

export type ModelManifest = z.infer<typeof modelManifestSchema>;

/** The alias object `models/<name>/aliases/<alias>.json`, swapped by compare-and-swap. */
export const aliasRecordSchema = z.object({
  version: z.string().regex(VERSION_PATTERN),
  /** Earlier targets, most recent first (rollback pops from here). */
  history: z.array(z.string().regex(VERSION_PATTERN)).max(50),
  updatedAt: z.string().datetime(),
  /** Who/what moved it (job id, operator). */
  by: z.string().max(128),
});
export type AliasRecord = z.infer<typeof aliasRecordSchema>;
