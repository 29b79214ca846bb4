/**
 * manifest.json of a checkpoint folder: what files it holds (sha256, size, tensors), the step,
 * the run config, the parent checkpoint, optimiser scalars and trainer state. It is written last,
 * so a folder with a valid manifest is complete.
 */
import { z } from "zod";

export const CHECKPOINT_FORMAT = "cxr-checkpoint/1";

const tensorEntrySchema = z.object({
  dtype: z.enum(["F32", "F64", "I32", "I64"]),
  shape: z.array(z.number().int().nonnegative()),
});

const fileEntrySchema = z.object({
  /** Hex sha256 of the whole file. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Exact size in bytes; a shorter file is reported as truncated. */
  bytes: z.number().int().nonnegative(),
  /** Tensor names → dtype and shape, as in the file's safetensors header. */
  tensors: z.record(z.string(), tensorEntrySchema),
});

export const manifestSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  /** Number of optimiser updates applied to the weights in this checkpoint. */
  step: z.number().int().nonnegative(),
  createdAt: z.string(),
  /** Folder name of the checkpoint this one continues from (or a model version), if any. */
  parent: z.string().nullable(),
  /** The run's configuration, as JSON, so a checkpoint says how it was made. */
  config: z.unknown(),
  files: z.record(z.string(), fileEntrySchema),
  /** Optimiser scalars; its per-parameter buffers are in optimizer.safetensors. */
  optimizer: z
    .object({
      kind: z.enum(["adamw", "sgd"]),
      step: z.number().int().nonnegative(),
      hyper: z.record(z.string(), z.union([z.number(), z.boolean()])),
    })
    .nullable(),
  /** Training-loop state needed for exact resume (seed, next step, schedule position…). */
  trainer: z.record(z.string(), z.unknown()),
});

export type CheckpointManifest = z.infer<typeof manifestSchema>;
export type ManifestFileEntry = z.infer<typeof fileEntrySchema>;
